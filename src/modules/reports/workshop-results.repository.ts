import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { WorkshopKind } from '../workshops/dto/create-workshop.dto';
import type { AnnualResultsView } from './workshop-results.views';

export interface WorkshopScopeRow {
  id: string;
  kind: WorkshopKind;
  union_id: string | null;
  union_parent_id: string | null;
}

interface ResultsRow {
  workshop_id: string;
  year: number;
  results: number;
  invention_patents: number;
  utility_model_patents: number;
  design_patents: number;
  activities: number;
  recorded_at: Date;
}

const view = (r: ResultsRow): AnnualResultsView => ({
  workshopId: r.workshop_id,
  year: r.year,
  results: r.results,
  patents: { invention: r.invention_patents, utilityModel: r.utility_model_patents, design: r.design_patents },
  activities: r.activities,
  recordedAt: r.recorded_at.toISOString(),
});

const COLUMNS = `workshop_id, year, results, invention_patents, utility_model_patents, design_patents, activities, recorded_at`;

/** A workshop's yearly record of results (SPEC §3.9), one row per workshop and year. */
@Injectable()
export class WorkshopResultsRepository {
  async workshop(manager: EntityManager, id: string): Promise<WorkshopScopeRow | undefined> {
    const [row] = await manager.query(
      `SELECT w.id, w.kind, w.union_id, u.parent_id AS union_parent_id FROM workshops w LEFT JOIN organizations u ON u.id = w.union_id WHERE w.id = $1`,
      [id],
    );
    return row;
  }

  async find(manager: EntityManager, workshopId: string, year: number, lock = false): Promise<AnnualResultsView | undefined> {
    const [row] = await manager.query(`SELECT ${COLUMNS} FROM workshop_annual_results WHERE workshop_id = $1 AND year = $2 ${lock ? 'FOR UPDATE' : ''}`, [workshopId, year]);
    return row ? view(row) : undefined;
  }

  async list(manager: EntityManager, workshopId: string): Promise<AnnualResultsView[]> {
    const rows: ResultsRow[] = await manager.query(`SELECT ${COLUMNS} FROM workshop_annual_results WHERE workshop_id = $1 ORDER BY year DESC`, [workshopId]);
    return rows.map(view);
  }

  /** A second record for the same year replaces the first (a union correcting its figures); the audit keeps both. */
  async upsert(manager: EntityManager, r: Omit<AnnualResultsView, 'recordedAt'>, by: string | null, at: Date): Promise<AnnualResultsView> {
    const [row] = await manager.query(
      `INSERT INTO workshop_annual_results (workshop_id, year, results, invention_patents, utility_model_patents, design_patents, activities, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (workshop_id, year) DO UPDATE SET results = EXCLUDED.results, invention_patents = EXCLUDED.invention_patents,
         utility_model_patents = EXCLUDED.utility_model_patents, design_patents = EXCLUDED.design_patents, activities = EXCLUDED.activities,
         recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at
       RETURNING ${COLUMNS}`,
      [r.workshopId, r.year, r.results, r.patents.invention, r.patents.utilityModel, r.patents.design, r.activities, by, at],
    );
    return view(row);
  }
}
