import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { preparedQuery, sqlLimit } from '../../core/database/prepared-query';
import type { ASSESSMENT_KINDS, TASK_STATUSES } from './dto/assessment.dto';

export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface TaskRow {
  id: string;
  designation_id: string;
  talent_name: string;
  employer_name: string;
  kind: AssessmentKind;
  organizer_id: string;
  organizer_name: string;
  opens_on: string;
  due_on: string;
  status: TaskStatus;
  grade: string | null;
  score: string | null;
  comments: string | null;
  assessed_on: string | null;
  cancelled_reason: string | null;
  corrected_at: Date | null;
  correction_reason: string | null;
  leads_workshops: string[];
  created_at: Date;
}

const SELECT = `
  SELECT a.id, a.designation_id, t.name AS talent_name, e.name AS employer_name, a.kind, a.organizer_id, o.name AS organizer_name,
         a.opens_on::text, a.due_on::text, a.status, a.grade, a.score::text, a.comments, a.assessed_on::text, a.cancelled_reason, a.corrected_at, a.correction_reason,
         -- What a 不合格 would also touch (issue 15: the confirmation names the workshops the person leads).
         ARRAY(SELECT w.name FROM workshops w WHERE w.lead_talent_id = d.talent_id AND w.status IN ('active', 'attention_required') ORDER BY w.name) AS leads_workshops,
         a.created_at
    FROM assessment_tasks a JOIN designations d ON d.id = a.designation_id JOIN talents t ON t.id = d.talent_id
    JOIN organizations e ON e.id = t.employer_id JOIN organizations o ON o.id = a.organizer_id`;

@Injectable()
export class AssessmentTasksRepository {
  /**
   * SPEC §3.4: a task opens N days before its due date for a designation in force
   * on that opening day — also one completed meanwhile, so a run after downtime
   * over termEnd still opens the end-of-term task (late, overdue if past due);
   * a suspended one gets none (its open tasks are cancelled on suspension);
   * mid-term is organised by the employer's industry authority, else its street;
   * end-of-term by the district office. The unique (designation, kind) makes it once, ever.
   * opens_on is the scheduled opening day (due − N), also when a run catches up after
   * missed days, so an assessment held in between can be recorded with its real date.
   */
  async openDue(manager: EntityManager, asOf: string, openDaysBefore: number): Promise<TaskRow[]> {
    const opened: Array<{ id: string }> = await manager.query(
      `WITH office AS (SELECT id FROM organizations WHERE kind = 'district_office' ORDER BY created_at, id LIMIT 1),
       due AS (
         SELECT d.id AS designation_id, k.kind, k.due_on,
                CASE k.kind WHEN 'mid_term' THEN COALESCE(e.industry_authority_id, e.street_id) ELSE (SELECT id FROM office) END AS organizer_id
           FROM designations d JOIN talents t ON t.id = d.talent_id JOIN organizations e ON e.id = t.employer_id
          CROSS JOIN LATERAL (VALUES ('mid_term', d.mid_term_due), ('end_term', d.end_term_due)) AS k(kind, due_on)
          WHERE d.status IN ('active', 'completed') AND k.due_on - $2::int <= $1::date
            AND NOT EXISTS (SELECT 1 FROM assessment_tasks x WHERE x.designation_id = d.id AND x.kind = k.kind)
            AND NOT EXISTS (SELECT 1 FROM adjustments a WHERE a.designation_id = d.id AND a.status = 'approved' AND a.effective_on <= k.due_on - $2::int)
          -- A suspension committing meanwhile either waits for this run (its trigger then cancels
          -- the new task) or makes this run skip the designation: never a live task for it.
            FOR SHARE OF d
       )
       INSERT INTO assessment_tasks (designation_id, kind, organizer_id, opens_on, due_on, status)
       SELECT designation_id, kind, organizer_id, due_on - $2::int, due_on, CASE WHEN due_on < $1::date THEN 'overdue' ELSE 'open' END
         FROM due WHERE organizer_id IS NOT NULL
       ON CONFLICT (designation_id, kind) DO NOTHING
       RETURNING id`,
      [asOf, openDaysBefore],
    );
    return this.byIds(manager, opened.map((o) => o.id));
  }

  async markOverdue(manager: EntityManager, asOf: string): Promise<number> {
    const [, count] = await manager.query(`UPDATE assessment_tasks SET status = 'overdue' WHERE status = 'open' AND due_on < $1`, [asOf]);
    return count;
  }

  /** Live tasks whose due date is at most `days` ahead and not yet passed. */
  async dueWithin(manager: EntityManager, asOf: string, days: number): Promise<TaskRow[]> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM assessment_tasks WHERE status = 'open' AND due_on >= $1::date AND due_on - $2::int <= $1::date`,
      [asOf, days],
    );
    return this.byIds(manager, rows.map((r) => r.id));
  }

  async overdueBy(manager: EntityManager, asOf: string, days: number): Promise<TaskRow[]> {
    const rows: Array<{ id: string }> = await manager.query(`SELECT id FROM assessment_tasks WHERE status = 'overdue' AND due_on + $2::int <= $1::date`, [asOf, days]);
    return this.byIds(manager, rows.map((r) => r.id));
  }

  async findById(manager: EntityManager, id: string, lock = false): Promise<TaskRow | undefined> {
    const [row] = await manager.query(`${SELECT} WHERE a.id = $1 ${lock ? 'FOR UPDATE OF a' : ''}`, [id]);
    return row;
  }

  async record(
    manager: EntityManager,
    id: string,
    r: { grade: string; assessedOn: string; score: number | null; comments: string | null; by: string; at: Date },
  ): Promise<void> {
    await manager.query(
      `UPDATE assessment_tasks SET status = 'done', grade = $2, assessed_on = $3, score = $4, comments = $5, recorded_by = $6, recorded_at = $7 WHERE id = $1`,
      [id, r.grade, r.assessedOn, r.score, r.comments, r.by, r.at],
    );
  }

  async correct(
    manager: EntityManager,
    id: string,
    c: { grade: string; assessedOn: string; score: number | null; comments: string | null; reason: string; by: string; at: Date },
  ): Promise<void> {
    await manager.query(
      `UPDATE assessment_tasks SET grade = $2, assessed_on = $3, score = $4, comments = $5, correction_reason = $6, corrected_by = $7, corrected_at = $8 WHERE id = $1`,
      [id, c.grade, c.assessedOn, c.score, c.comments, c.reason, c.by, c.at],
    );
  }

  async list(
    manager: EntityManager,
    f: { organizerId?: string; kind?: string; status?: string; designationId?: string; after?: [string, string]; limit: number },
  ): Promise<TaskRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (f.organizerId) where.push(`a.organizer_id = ${param(f.organizerId)}::uuid`);
    if (f.kind) where.push(`a.kind = ${param(f.kind)}`);
    if (f.status) where.push(`a.status = ${param(f.status)}`);
    if (f.designationId) where.push(`a.designation_id = ${param(f.designationId)}::uuid`);
    // Unfiltered or by organizer only, the list is a walk of assessment_tasks_list_idx or _organizer_idx
    // whatever the values: its plan is prepared once.
    const keysetOnly = !f.kind && !f.status && !f.designationId;
    if (f.after) where.push(`(a.created_at, a.id) > (${param(f.after[0])}::timestamptz, ${param(f.after[1])}::uuid)`);
    const text = `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.created_at, a.id LIMIT ${sqlLimit(f.limit)}`;
    return keysetOnly ? preparedQuery(manager, text, params) : manager.query(text, params);
  }

  /** Tasks per status within the scope: the console's tab counts, one grouped scan. */
  async countByStatus(manager: EntityManager, f: { organizerId?: string }): Promise<Array<{ status: string; n: number }>> {
    const where = f.organizerId ? `WHERE organizer_id = $1::uuid` : '';
    return manager.query(`SELECT status, count(*)::int AS n FROM assessment_tasks ${where} GROUP BY status`, f.organizerId ? [f.organizerId] : []);
  }

  private async byIds(manager: EntityManager, ids: string[]): Promise<TaskRow[]> {
    if (ids.length === 0) return [];
    return manager.query(`${SELECT} WHERE a.id = ANY($1::uuid[]) ORDER BY a.due_on, a.id`, [ids]);
  }
}
