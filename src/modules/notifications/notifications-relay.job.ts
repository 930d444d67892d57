import { JobHandler, Job, JobInput } from '../../core/queue/job';
import { Clock } from '../../core/clock/clock';
import { NotificationRelayService, RelayResult } from './notification-relay.service';

/** The outbox relay. Its run key is the minute, so replicas ticking together relay once. */
@JobHandler('notifications')
export class NotificationsRelayJob implements Job<RelayResult> {
  constructor(
    private readonly relay: NotificationRelayService,
    private readonly clock: Clock,
  ) {}

  runKey(): string {
    // e.g. 2026-11-23T0415 (UTC minute): no ':' (BullMQ refuses it in job ids).
    return this.clock.now().toISOString().slice(0, 16).replace(':', '');
  }

  run(_input: JobInput): Promise<RelayResult> {
    return this.relay.relay();
  }
}
