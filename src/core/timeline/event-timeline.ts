import { ApiProperty } from '@nestjs/swagger';
import { EntityManager } from 'typeorm';
import type { BusinessDate } from '../clock/business-date';
import { Clock } from '../clock/clock';

export interface TimelineEvent {
  kind: string;
  /** One line in Chinese for people reading the subject's history. */
  summary: string;
  /** The business date it concerns; today when omitted. */
  onDate?: BusinessDate;
  data?: Record<string, unknown>;
}

export class TimelineEntry {
  @ApiProperty() at: string;
  @ApiProperty({ description: 'the business day the event took effect' }) onDate: string;
  @ApiProperty() kind: string;
  @ApiProperty() summary: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
}

/**
 * What happened to one subject (a designation, a workshop), oldest first,
 * written in the transaction of the change. Each subject kind has its own
 * events table of the same shape.
 */
export abstract class EventTimeline {
  protected constructor(
    private readonly clock: Clock,
    private readonly table: 'designation_events' | 'workshop_events',
    private readonly subjectColumn: 'designation_id' | 'workshop_id',
  ) {}

  async append(manager: EntityManager, subjectId: string, event: TimelineEvent): Promise<void> {
    await manager.query(`INSERT INTO ${this.table} (${this.subjectColumn}, on_date, kind, summary, data, at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      subjectId,
      event.onDate ?? this.clock.today(),
      event.kind,
      event.summary,
      JSON.stringify(event.data ?? {}),
      this.clock.now(),
    ]);
  }

  async of(manager: EntityManager, subjectId: string): Promise<TimelineEntry[]> {
    const rows: Array<{ at: Date; on_date: string; kind: string; summary: string; data: Record<string, unknown> }> = await manager.query(
      `SELECT at, on_date::text, kind, summary, data FROM ${this.table} WHERE ${this.subjectColumn} = $1 ORDER BY id`,
      [subjectId],
    );
    return rows.map((r) => ({ at: r.at.toISOString(), onDate: r.on_date, kind: r.kind, summary: r.summary, data: r.data }));
  }
}
