import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { BusinessDate } from '../../core/clock/business-date';
import { Clock } from '../../core/clock/clock';

export interface TimelineEvent {
  kind: string;
  /** One line in Chinese for people reading the designation's history. */
  summary: string;
  /** The business date it concerns; today when omitted. */
  onDate?: BusinessDate;
  data?: Record<string, unknown>;
}

export interface TimelineEntry {
  at: string;
  onDate: string;
  kind: string;
  summary: string;
  data: Record<string, unknown>;
}

/** Everything that happens to a designation, in order, written in the same transaction as the change. */
@Injectable()
export class DesignationTimeline {
  constructor(private readonly clock: Clock) {}

  async append(manager: EntityManager, designationId: string, event: TimelineEvent): Promise<void> {
    await manager.query(`INSERT INTO designation_events (designation_id, on_date, kind, summary, data, at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      designationId,
      event.onDate ?? this.clock.today(),
      event.kind,
      event.summary,
      JSON.stringify(event.data ?? {}),
      this.clock.now(),
    ]);
  }

  async of(manager: EntityManager, designationId: string): Promise<TimelineEntry[]> {
    const rows: Array<{ at: Date; on_date: string; kind: string; summary: string; data: Record<string, unknown> }> = await manager.query(
      `SELECT at, on_date::text, kind, summary, data FROM designation_events WHERE designation_id = $1 ORDER BY id`,
      [designationId],
    );
    return rows.map((r) => ({ at: r.at.toISOString(), onDate: r.on_date, kind: r.kind, summary: r.summary, data: r.data }));
  }
}
