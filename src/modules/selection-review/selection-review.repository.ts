import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { preparedQuery } from '../../core/database/prepared-query';
import type { ApplicationContentRow } from '../selection/application-content';
import type { ScoreItems } from './score-sheet';

export interface ReviewRoundRow {
  id: string;
  cohort: string;
  quota: number;
  status: string;
  scoring_closed_at: Date | null;
  shortlist_reason: string | null;
  publicity_starts_on: string | null;
  publicity_ends_on: string | null;
  designated_on: string | null;
}

/** An application as the review steps see it: the person by name and masked ID number only. */
export interface ReviewApplicationRow extends ApplicationContentRow {
  id: string;
  round_id: string;
  stage: string;
  talent_id: string;
  employer_id: string;
  filed_at: Date;
  name: string;
  id_number_masked: string;
  employer_name: string;
  street_name: string | null;
  designation_id: string | null;
}

export interface ExpertRow {
  id: string;
  name: string;
  email: string | null;
  disabled: boolean;
}

export interface ScoreRow {
  application_id: string;
  expert_id: string;
  expert_name: string;
  items: ScoreItems;
  total: number;
  opinion: string;
  source: 'form' | 'paper';
  scored_at: Date;
}

/** What the score table says of an application besides its sheets: read on every request (names and stages change). */
export interface ScoreTableNames {
  id: string;
  name: string;
  id_number_masked: string;
  employer_name: string;
  stage: string;
}

/** An application's sheets summed: what changes only with the sheets, so with the round's score version. */
export interface ScoreSumsRow {
  id: string;
  filed_at: Date;
  /** Who scored it and each one's total, in no particular order (pairs by position; json, which pg parses natively, not arrays). */
  expert_ids: string[];
  totals: number[];
  /** Each item summed over the sheets, by column (a1 … h). */
  a1: number;
  a2: number;
  a3: number;
  b1: number;
  b2: number;
  b3: number;
  c1: number;
  c2: number;
  d: number;
  e: number;
  f: number;
  g: number;
  h: number;
}

/** A scored application of the score table, its sheets summed (SPEC §3.8 step 4). */
export type ScoreTableRow = ScoreSumsRow & ScoreTableNames;

/** Rows read in one statement with the round's score version as of that statement (null: no sheet recorded yet). */
export interface Versioned<T> {
  version: string | null;
  rows: T[];
}

export interface ObjectionRow {
  id: string;
  application_id: string;
  text: string;
  upheld: boolean;
  recorded_on: string;
  created_at: Date;
}

const ROUND_COLUMNS = `id, cohort, quota, status, scoring_closed_at, shortlist_reason,
  publicity_starts_on::text AS publicity_starts_on, publicity_ends_on::text AS publicity_ends_on, designated_on::text AS designated_on`;

const APPLICATION_SELECT = `
  SELECT a.id, a.round_id, a.stage, a.talent_id, a.employer_id, a.filed_at, t.name, t.id_number_masked,
         e.name AS employer_name, s.name AS street_name, a.occupation, a.skill_level, a.skill_recognised_by, a.post, a.industry,
         a.achievements, a.awards, a.patents, a.team, a.other_titles, a.employer_support, a.designation_id
    FROM selection_applications a
    JOIN talents t ON t.id = a.talent_id
    JOIN organizations e ON e.id = a.employer_id
    LEFT JOIN organizations s ON s.id = e.street_id`;

const ITEMS_JSON = `jsonb_build_object('A1', sc.a1, 'A2', sc.a2, 'A3', sc.a3, 'B1', sc.b1, 'B2', sc.b2, 'B3', sc.b3, 'C1', sc.c1, 'C2', sc.c2, 'D', sc.d, 'E', sc.e, 'F', sc.f, 'G', sc.g, 'H', sc.h)`;

/** The SQL of the review steps (SPEC §3.8 steps 4–7), one method per statement. */
@Injectable()
export class SelectionReviewRepository {
  async round(manager: EntityManager, id: string, lock = false): Promise<ReviewRoundRow | undefined> {
    const rows: ReviewRoundRow[] = await manager.query(`SELECT ${ROUND_COLUMNS} FROM selection_rounds WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0];
  }

  async setRoundStatus(manager: EntityManager, id: string, status: string, fields: Record<string, unknown> = {}): Promise<void> {
    const names = Object.keys(fields);
    const sets = names.map((n, i) => `${n} = $${i + 3}`);
    await manager.query(`UPDATE selection_rounds SET ${['status = $2', ...sets].join(', ')} WHERE id = $1`, [id, status, ...names.map((n) => fields[n])]);
  }

  async application(manager: EntityManager, id: string, lock = false): Promise<ReviewApplicationRow | undefined> {
    const rows: ReviewApplicationRow[] = await manager.query(`${APPLICATION_SELECT} WHERE a.id = $1${lock ? ' FOR UPDATE OF a' : ''}`, [id]);
    return rows[0];
  }

  /** A round's applications in filing order, of the given stages (all when none given). */
  async applications(manager: EntityManager, roundId: string, stages?: readonly string[]): Promise<ReviewApplicationRow[]> {
    return manager.query(`${APPLICATION_SELECT} WHERE a.round_id = $1 AND ($2::text[] IS NULL OR a.stage = ANY($2::text[])) ORDER BY a.filed_at, a.id`, [roundId, stages ?? null]);
  }

  async stageCounts(manager: EntityManager, roundId: string): Promise<Record<string, number>> {
    const rows: Array<{ stage: string; n: number }> = await manager.query(`SELECT stage, count(*)::int AS n FROM selection_applications WHERE round_id = $1 GROUP BY stage`, [roundId]);
    return Object.fromEntries(rows.map((r) => [r.stage, r.n]));
  }

  async setStage(manager: EntityManager, ids: readonly string[], stage: string): Promise<void> {
    if (ids.length > 0) await manager.query(`UPDATE selection_applications SET stage = $2, updated_at = now() WHERE id = ANY($1::uuid[])`, [ids, stage]);
  }

  async setStageWhere(manager: EntityManager, roundId: string, from: string, to: string): Promise<number> {
    // TypeORM answers an UPDATE on PostgreSQL with [rows, affected count].
    const [, affected]: [unknown[], number] = await manager.query(`UPDATE selection_applications SET stage = $3, updated_at = now() WHERE round_id = $1 AND stage = $2`, [roundId, from, to]);
    return affected;
  }

  async setDesignation(manager: EntityManager, applicationId: string, designationId: string): Promise<void> {
    await manager.query(`UPDATE selection_applications SET stage = 'named', designation_id = $2, updated_at = now() WHERE id = $1`, [applicationId, designationId]);
  }

  async experts(manager: EntityManager, roundId: string): Promise<ExpertRow[]> {
    return manager.query(
      `SELECT u.id, u.name, u.email, u.disabled_at IS NOT NULL AS disabled FROM selection_round_experts x JOIN users u ON u.id = x.expert_id
        WHERE x.round_id = $1 ORDER BY x.position, u.id`,
      [roundId],
    );
  }

  async users(manager: EntityManager, ids: readonly string[]): Promise<Array<ExpertRow & { role: string }>> {
    return manager.query(`SELECT id, name, email, role, disabled_at IS NOT NULL AS disabled FROM users WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async isAssigned(manager: EntityManager, roundId: string, expertId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM selection_round_experts WHERE round_id = $1 AND expert_id = $2`, [roundId, expertId]);
    return rows.length > 0;
  }

  async roundsOf(manager: EntityManager, expertId: string): Promise<string[]> {
    const rows: Array<{ round_id: string }> = await manager.query(`SELECT round_id FROM selection_round_experts WHERE expert_id = $1`, [expertId]);
    return rows.map((r) => r.round_id);
  }

  async replaceExperts(manager: EntityManager, roundId: string, expertIds: readonly string[]): Promise<void> {
    await manager.query(`DELETE FROM selection_round_experts WHERE round_id = $1 AND NOT (expert_id = ANY($2::uuid[]))`, [roundId, expertIds]);
    await manager.query(
      `INSERT INTO selection_round_experts (round_id, expert_id, position) SELECT $1, e.id, e.n FROM unnest($2::uuid[]) WITH ORDINALITY AS e(id, n)
       ON CONFLICT (round_id, expert_id) DO UPDATE SET position = EXCLUDED.position`,
      [roundId, expertIds],
    );
  }

  /** Experts (of those given) who have scored some application of the round. */
  async expertsWithScores(manager: EntityManager, roundId: string, expertIds: readonly string[]): Promise<string[]> {
    const rows: Array<{ expert_id: string }> = await manager.query(
      `SELECT DISTINCT sc.expert_id FROM selection_scores sc JOIN selection_applications a ON a.id = sc.application_id
        WHERE a.round_id = $1 AND sc.expert_id = ANY($2::uuid[])`,
      [roundId, expertIds],
    );
    return rows.map((r) => r.expert_id);
  }

  async upsertScore(manager: EntityManager, s: { applicationId: string; expertId: string; items: ScoreItems; opinion: string; source: 'form' | 'paper'; at: Date }): Promise<void> {
    const i = s.items;
    await manager.query(
      `INSERT INTO selection_scores (application_id, expert_id, a1, a2, a3, b1, b2, b3, c1, c2, d, e, f, g, h, opinion, source, scored_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       ON CONFLICT (application_id, expert_id) DO UPDATE SET
         a1 = EXCLUDED.a1, a2 = EXCLUDED.a2, a3 = EXCLUDED.a3, b1 = EXCLUDED.b1, b2 = EXCLUDED.b2, b3 = EXCLUDED.b3, c1 = EXCLUDED.c1, c2 = EXCLUDED.c2,
         d = EXCLUDED.d, e = EXCLUDED.e, f = EXCLUDED.f, g = EXCLUDED.g, h = EXCLUDED.h, opinion = EXCLUDED.opinion, source = EXCLUDED.source, scored_at = EXCLUDED.scored_at`,
      [s.applicationId, s.expertId, i.A1, i.A2, i.A3, i.B1, i.B2, i.B3, i.C1, i.C2, i.D, i.E, i.F, i.G, i.H, s.opinion, s.source, s.at],
    );
  }

  /** Sheets of a round (or one application), optionally of one expert. */
  async scores(manager: EntityManager, where: { roundId?: string; applicationId?: string; expertId?: string }): Promise<ScoreRow[]> {
    return manager.query(
      `SELECT sc.application_id, sc.expert_id, u.name AS expert_name, ${ITEMS_JSON} AS items, sc.total, sc.opinion, sc.source, sc.scored_at
         FROM selection_scores sc JOIN selection_applications a ON a.id = sc.application_id JOIN users u ON u.id = sc.expert_id
        WHERE ($1::uuid IS NULL OR a.round_id = $1) AND ($2::uuid IS NULL OR sc.application_id = $2) AND ($3::uuid IS NULL OR sc.expert_id = $3)
        ORDER BY a.filed_at, a.id, u.name, u.id`,
      [where.roundId ?? null, where.applicationId ?? null, where.expertId ?? null],
    );
  }

  /**
   * The score table's rows: one per application of the round with a sheet,
   * the sheets summed here rather than sent one by one (a round of 300
   * applications and 7 experts is 300 rows instead of 2,100 with their
   * opinions). The experts are named afterwards (usersByName): joining users here
   * made the plan hinge on the users table's statistics (nine times slower
   * with a handful of experts added since the last ANALYZE).
   */
  async scoreTable(manager: EntityManager, roundId: string): Promise<Versioned<ScoreTableRow>> {
    // The sheets summed per application first, then the sums named: grouping the joined rows by application, talent and
    // employer sorted 2,100 wide rows for a 300-application round (issue 20: 9 ms of the request's database time, now 5).
    const rows: Array<ScoreTableRow & { version: string | null }> = await manager.query(
      `WITH sums AS (
         SELECT sc.application_id, json_agg(sc.expert_id) AS expert_ids, json_agg(sc.total) AS totals,
                sum(sc.a1)::int AS a1, sum(sc.a2)::int AS a2, sum(sc.a3)::int AS a3, sum(sc.b1)::int AS b1, sum(sc.b2)::int AS b2, sum(sc.b3)::int AS b3,
                sum(sc.c1)::int AS c1, sum(sc.c2)::int AS c2, sum(sc.d)::int AS d, sum(sc.e)::int AS e, sum(sc.f)::int AS f, sum(sc.g)::int AS g, sum(sc.h)::int AS h
           FROM selection_scores sc JOIN selection_applications a ON a.id = sc.application_id
          WHERE a.round_id = $1
          GROUP BY sc.application_id
       )
       SELECT (SELECT v.version::text FROM selection_score_versions v WHERE v.round_id = $1) AS version,
              a.id, a.filed_at, t.name, t.id_number_masked, e.name AS employer_name, a.stage, s.expert_ids, s.totals,
              s.a1, s.a2, s.a3, s.b1, s.b2, s.b3, s.c1, s.c2, s.d, s.e, s.f, s.g, s.h
         FROM sums s
         JOIN selection_applications a ON a.id = s.application_id
         JOIN talents t ON t.id = a.talent_id
         JOIN organizations e ON e.id = a.employer_id`,
      [roundId],
    );
    return { version: rows[0]?.version ?? null, rows };
  }

  /**
   * The names and stages of the round's scored applications, with the round's score version as of the same
   * statement. A named prepared statement (planned once per connection: planning it was 2.5–3 ms of the
   * request, as much as running it); so is the experts' lookup below.
   */
  async scoreTableNames(manager: EntityManager, roundId: string): Promise<Versioned<ScoreTableNames>> {
    const rows = await preparedQuery<ScoreTableNames & { version: string | null }>(
      manager,
      `SELECT (SELECT v.version::text FROM selection_score_versions v WHERE v.round_id = $1) AS version,
              a.id, t.name, t.id_number_masked, e.name AS employer_name, a.stage
         FROM selection_applications a
         JOIN talents t ON t.id = a.talent_id
         JOIN organizations e ON e.id = a.employer_id
        WHERE a.round_id = $1 AND EXISTS (SELECT 1 FROM selection_scores sc WHERE sc.application_id = a.id)`,
      [roundId],
    );
    return { version: rows[0]?.version ?? null, rows };
  }

  /** The users given, in the order sheets are listed (name, then id). */
  async usersByName(manager: EntityManager, ids: readonly string[]): Promise<Array<{ id: string; name: string }>> {
    return preparedQuery(manager, `SELECT id, name FROM users WHERE id = ANY($1::uuid[]) ORDER BY name, id`, [ids]);
  }

  async insertObjection(manager: EntityManager, o: { applicationId: string; text: string; upheld: boolean; recordedOn: string; recordedBy: string }): Promise<ObjectionRow> {
    const rows: ObjectionRow[] = await manager.query(
      `INSERT INTO selection_objections (application_id, text, upheld, recorded_on, recorded_by) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, application_id, text, upheld, recorded_on::text AS recorded_on, created_at`,
      [o.applicationId, o.text, o.upheld, o.recordedOn, o.recordedBy],
    );
    return rows[0];
  }

  async objections(manager: EntityManager, roundId: string): Promise<Array<ObjectionRow & { name: string }>> {
    return manager.query(
      `SELECT o.id, o.application_id, o.text, o.upheld, o.recorded_on::text AS recorded_on, o.created_at, t.name
         FROM selection_objections o JOIN selection_applications a ON a.id = o.application_id JOIN talents t ON t.id = a.talent_id
        WHERE a.round_id = $1 ORDER BY o.created_at, o.id`,
      [roundId],
    );
  }
}
