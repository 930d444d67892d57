import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { BusinessDate } from '../../core/clock/business-date';
import type { ApplicationContentRow } from './application-content';
import type { ApplicationWarning, Channel, Stage } from './entities/selection-application.entity';

/** An application as read: its row and the names a reader needs beside it (person, employer, recommender, round). */
export interface ApplicationRow extends ApplicationContentRow {
  id: string;
  round_id: string;
  cohort: string;
  applications_close: string;
  talent_id: string;
  talent_name: string;
  id_number_masked: string;
  gender: 'male' | 'female';
  phone_masked: string | null;
  employer_id: string;
  employer_name: string;
  employer_credit_code: string | null;
  employer_sector: string | null;
  recommender_id: string;
  recommender_name: string;
  channel: Channel;
  stage: Stage;
  warnings: ApplicationWarning[];
  filed_by: string;
  filed_at: Date;
  filed_on: string;
  updated_at: Date | null;
  recommendation: 'recommend' | 'decline' | null;
  recommendation_comment: string | null;
  recommended_by_name: string | null;
  recommended_at: Date | null;
  eligibility: 'eligible' | 'ineligible' | null;
  eligibility_reasons: string | null;
  false_material: boolean;
  eligibility_at: Date | null;
}

const APPLICATION_SELECT = `
  SELECT a.id, a.round_id, r.cohort, r.applications_close::text, a.talent_id, t.name AS talent_name, t.id_number_masked, t.gender, t.phone_masked,
         a.employer_id, e.name AS employer_name, e.credit_code AS employer_credit_code, e.sector AS employer_sector,
         a.recommender_id, rec.name AS recommender_name, a.channel, a.stage, a.occupation, a.skill_level, a.skill_recognised_by, a.post, a.industry,
         a.achievements, a.awards, a.patents, a.team, a.other_titles, a.employer_support, a.warnings, a.filed_by, a.filed_at, a.filed_on::text, a.updated_at,
         a.recommendation, a.recommendation_comment, ru.name AS recommended_by_name, a.recommended_at,
         a.eligibility, a.eligibility_reasons, a.false_material, a.eligibility_at
    FROM selection_applications a
    JOIN selection_rounds r ON r.id = a.round_id
    JOIN talents t ON t.id = a.talent_id
    JOIN organizations e ON e.id = a.employer_id
    JOIN organizations rec ON rec.id = a.recommender_id
    LEFT JOIN users ru ON ru.id = a.recommended_by`;

export interface ApplicationScope {
  roundId?: string;
  employerId?: string;
  recommenderId?: string;
  stage?: Stage;
  /** Any of these stages (an expert reads only the applications past eligibility). */
  stages?: readonly Stage[];
}

export interface BanRow {
  id: string;
  talent_id: string | null;
  talent_name: string | null;
  id_number_masked: string | null;
  employer_id: string | null;
  employer_name: string | null;
  application_id: string;
  cohort: string;
  reason: string;
  starts_on: string;
  ends_on: string;
  created_at: Date;
}

const BAN_SELECT = `
  SELECT b.id, b.talent_id, t.name AS talent_name, t.id_number_masked, b.employer_id, e.name AS employer_name,
         b.application_id, r.cohort, b.reason, b.starts_on::text, b.ends_on::text, b.created_at
    FROM application_bans b
    JOIN selection_applications a ON a.id = b.application_id
    JOIN selection_rounds r ON r.id = a.round_id
    LEFT JOIN talents t ON t.id = b.talent_id
    LEFT JOIN organizations e ON e.id = b.employer_id`;

/** The selection module's SQL: one method per statement. */
@Injectable()
export class SelectionRepository {
  async application(manager: EntityManager, id: string, lock = false): Promise<ApplicationRow | undefined> {
    const [row] = await manager.query(`${APPLICATION_SELECT} WHERE a.id = $1 ${lock ? 'FOR UPDATE OF a' : ''}`, [id]);
    return row;
  }

  /** Oldest filing first: the order the office reads a round in. */
  async applications(manager: EntityManager, scope: ApplicationScope, page: { after?: [string, string]; limit: number }): Promise<ApplicationRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (scope.roundId) add('a.round_id = ?', scope.roundId);
    if (scope.employerId) add('a.employer_id = ?', scope.employerId);
    if (scope.recommenderId) add('a.recommender_id = ?', scope.recommenderId);
    if (scope.stage) add('a.stage = ?', scope.stage);
    if (scope.stages) add('a.stage = ANY(?::text[])', scope.stages);
    if (page.after) {
      params.push(page.after[0], page.after[1]);
      where.push(`(a.filed_at, a.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(page.limit);
    return manager.query(`${APPLICATION_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.filed_at, a.id LIMIT $${params.length}`, params);
  }

  /** Every application of a round, for the export. */
  async roundApplications(manager: EntityManager, roundId: string): Promise<ApplicationRow[]> {
    return manager.query(`${APPLICATION_SELECT} WHERE a.round_id = $1 ORDER BY a.filed_at, a.id`, [roundId]);
  }

  /** Whether the user is one of the round's assigned experts. */
  async isRoundExpert(manager: EntityManager, roundId: string, userId: string): Promise<boolean> {
    return (await manager.query(`SELECT 1 FROM selection_round_experts WHERE round_id = $1 AND expert_id = $2`, [roundId, userId])).length > 0;
  }

  async stageCounts(manager: EntityManager, roundIds: string[], employerId?: string): Promise<Map<string, Record<string, number>>> {
    const rows: Array<{ round_id: string; stage: string; n: number }> = await manager.query(
      `SELECT round_id, stage, count(*)::int AS n FROM selection_applications
        WHERE round_id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR employer_id = $2) GROUP BY round_id, stage`,
      [roundIds, employerId ?? null],
    );
    const counts = new Map<string, Record<string, number>>();
    for (const r of rows) counts.set(r.round_id, { ...counts.get(r.round_id), [r.stage]: r.n });
    return counts;
  }

  async personApplied(manager: EntityManager, roundId: string, talentId: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM selection_applications WHERE round_id = $1 AND talent_id = $2`, [roundId, talentId]);
    return rows.length > 0;
  }

  async employerChannelCount(manager: EntityManager, roundId: string, employerId: string): Promise<number> {
    const [row] = await manager.query(`SELECT count(*)::int AS n FROM selection_applications WHERE round_id = $1 AND employer_id = $2 AND channel = 'employer'`, [roundId, employerId]);
    return row.n;
  }

  /** The ban in force on `day` for the person or the employer that ends last, if any. */
  async banInForce(manager: EntityManager, subject: { talentId: string } | { employerId: string }, day: BusinessDate): Promise<BanRow | undefined> {
    const [column, id] = 'talentId' in subject ? ['b.talent_id', subject.talentId] : ['b.employer_id', subject.employerId];
    const [row] = await manager.query(`${BAN_SELECT} WHERE ${column} = $1 AND b.starts_on <= $2 AND $2 < b.ends_on ORDER BY b.ends_on DESC LIMIT 1`, [id, day]);
    return row;
  }

  async bans(manager: EntityManager, f: { inForceOn?: BusinessDate; employerId?: string; after?: [string, string]; limit: number }): Promise<BanRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.inForceOn) {
      params.push(f.inForceOn);
      where.push(`b.starts_on <= $${params.length} AND $${params.length} < b.ends_on`);
    }
    if (f.employerId) {
      params.push(f.employerId);
      where.push(`(b.employer_id = $${params.length} OR t.employer_id = $${params.length})`);
    }
    if (f.after) {
      params.push(f.after[0], f.after[1]);
      where.push(`(b.created_at, b.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(f.limit);
    return manager.query(`${BAN_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY b.created_at DESC, b.id DESC LIMIT $${params.length}`, params);
  }

  async ban(manager: EntityManager, id: string): Promise<BanRow | undefined> {
    const [row] = await manager.query(`${BAN_SELECT} WHERE b.id = $1`, [id]);
    return row;
  }

  /** Applications waiting for a recommendation since on or before `filedOnOrBefore`, not yet reminded. */
  async awaitingReminder(manager: EntityManager, filedOnOrBefore: BusinessDate): Promise<ApplicationRow[]> {
    return manager.query(
      `${APPLICATION_SELECT} WHERE a.stage = 'submitted' AND a.filed_on <= $1 AND a.recommendation_reminded_at IS NULL ORDER BY a.filed_at, a.id FOR UPDATE OF a SKIP LOCKED`,
      [filedOnOrBefore],
    );
  }

  async markReminded(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.query(`UPDATE selection_applications SET recommendation_reminded_at = $2 WHERE id = $1`, [id, at]);
  }
}
