import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../../core/clock/clock';

export interface WorkshopEvent {
  at: string;
  onDate: string;
  kind: string;
  summary: string;
  data: Record<string, unknown>;
}

/** What happened to a workshop, oldest first, written in the transaction of the change. */
@Injectable()
export class WorkshopTimeline {
  constructor(private readonly clock: Clock) {}

  async append(manager: EntityManager, workshopId: string, e: { kind: string; summary: string; data?: Record<string, unknown> }): Promise<void> {
    await manager.query(`INSERT INTO workshop_events (workshop_id, on_date, kind, summary, data, at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      workshopId,
      this.clock.today(),
      e.kind,
      e.summary,
      JSON.stringify(e.data ?? {}),
      this.clock.now(),
    ]);
  }

  async of(manager: EntityManager, workshopId: string): Promise<WorkshopEvent[]> {
    const rows: Array<{ at: Date; on_date: string; kind: string; summary: string; data: Record<string, unknown> }> = await manager.query(
      `SELECT at, on_date::text, kind, summary, data FROM workshop_events WHERE workshop_id = $1 ORDER BY id`,
      [workshopId],
    );
    return rows.map((r) => ({ at: r.at.toISOString(), onDate: r.on_date, kind: r.kind, summary: r.summary, data: r.data }));
  }
}
