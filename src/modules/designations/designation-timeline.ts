import { Injectable } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { EventTimeline } from '../../core/timeline/event-timeline';

export type { TimelineEntry, TimelineEvent } from '../../core/timeline/event-timeline';

/** Everything that happens to a designation, in order. */
@Injectable()
export class DesignationTimeline extends EventTimeline {
  constructor(clock: Clock) {
    super(clock, 'designation_events', 'designation_id');
  }
}
