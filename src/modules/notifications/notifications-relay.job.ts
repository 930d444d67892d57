import { JobHandler, Job, JobInput } from '../../core/queue/job';
import { Clock } from '../../core/clock/clock';
import { NotificationRelayService, RelayResult } from './notification-relay.service';

/**
 * The outbox relay. Its run key is the second of the tick, so replicas ticking
 * together relay once and every tick of SCHEDULE_NOTIFICATIONS (every 15 s by
 * default) is a run of its own; a key per minute made BullMQ refuse all but the
 * first tick of each minute. Two replicas whose ticks straddle a second both
 * relay, which is harmless: each mail is claimed by one relay (a row lease).
 */
@JobHandler('notifications')
export class NotificationsRelayJob implements Job<RelayResult> {
  constructor(
    private readonly relay: NotificationRelayService,
    private readonly clock: Clock,
  ) {}

  runKey(): string {
    // e.g. 2026-11-23T041530 (UTC second): no ':' (BullMQ refuses it in job ids).
    return this.clock.now().toISOString().slice(0, 19).replace(/:/g, '');
  }

  run(_input: JobInput): Promise<RelayResult> {
    return this.relay.relay();
  }
}
