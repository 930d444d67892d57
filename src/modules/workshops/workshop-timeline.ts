import { Injectable } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { EventTimeline } from '../../core/timeline/event-timeline';

/** What happened to a workshop, oldest first. */
@Injectable()
export class WorkshopTimeline extends EventTimeline {
  constructor(clock: Clock) {
    super(clock, 'workshop_events', 'workshop_id');
  }
}
