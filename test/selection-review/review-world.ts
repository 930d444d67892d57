import { Given, idNumberFor } from '../support/given';
import { ok } from '../support/http';
import type { TestApp } from '../support/test-app';

/**
 * Rounds with eligible applications, for the review steps (SPEC §3.8 steps
 * 4–7). `openRound` and `intake` go through part 1's API (filing,
 * recommendation, eligibility); `round` and `eligibleApplication` write their
 * outcome straight into the tables, for specs about what follows eligibility
 * only (faster, and any clock date).
 */
export class ReviewWorld {
  readonly given: Given;
  private adminId?: string;

  constructor(private readonly t: TestApp) {
    this.given = new Given(t);
  }

  async round(fields: { cohort: string; quota?: number; status?: string }): Promise<string> {
    const rows: Array<{ id: string }> = await this.t.db.query(
      `INSERT INTO selection_rounds (cohort, quota, applications_open, applications_close, status) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [fields.cohort, fields.quota ?? 25, `${fields.cohort}-05-01`, `${fields.cohort}-06-30`, fields.status ?? 'reviewing'],
    );
    return rows[0].id;
  }

  /** An eligible application of the round for a new person at the employer; returns its id and the talent's. */
  async eligibleApplication(roundId: string, employer: { id: string }, fields: { occupation?: string; stage?: string; filedAt?: string } = {}): Promise<{ id: string; talentId: string; idNumber: string }> {
    const idNumber = idNumberFor('1980-05-10');
    const talent = await this.given.talent({ employerId: employer.id, idNumber });
    this.adminId ??= (await this.t.db.query(`SELECT id FROM users WHERE role = 'admin' ORDER BY created_at LIMIT 1`))[0].id as string;
    const [{ street_id: streetId }] = await this.t.db.query(`SELECT street_id FROM organizations WHERE id = $1`, [employer.id]);
    const rows: Array<{ id: string }> = await this.t.db.query(
      `INSERT INTO selection_applications (round_id, talent_id, employer_id, recommender_id, channel, stage, occupation, skill_level, post, industry,
                                           filed_by, filed_at, filed_on, recommendation, eligibility)
       VALUES ($1, $2, $3, $4, 'employer', $5, $6, 'senior_technician', '数控车间班组长', 'new_materials', $7, $8, $9, 'recommend', 'eligible') RETURNING id`,
      [roundId, talent.id, employer.id, streetId, fields.stage ?? 'eligible', fields.occupation ?? '数控车工', this.adminId, fields.filedAt ?? new Date().toISOString(), '2025-06-10'],
    );
    return { id: rows[0].id, talentId: talent.id, idNumber };
  }

  /** A round opened through the API (part 1's POST /rounds), taking applications on the clock's day. */
  async openRound(fields: { cohort: string; quota: number; applicationsOpen: string; applicationsClose: string }): Promise<string> {
    return ok(await this.t.http().post('/api/v1/rounds').send(fields), 201).id as string;
  }

  /**
   * Steps 1–3 through the API: the employer's own user files for a new person
   * at it, the employer's street recommends, the office finds it eligible.
   */
  async intake(roundId: string, employer: { token: string; id: string }, streetToken: string): Promise<{ id: string; talentId: string; idNumber: string }> {
    const idNumber = idNumberFor('1980-05-10');
    const talent = await this.given.talent({ employerId: employer.id, idNumber });
    const application = ok(
      await this.t.http(employer.token).post(`/api/v1/rounds/${roundId}/applications`).send({
        channel: 'employer',
        talentId: talent.id,
        occupation: '数控车工',
        skillLevel: 'senior_technician',
        post: '数控车间班组长',
        industry: 'new_materials',
        achievements: '主持数控工艺改进，攻克薄壁件加工变形难题',
        awards: '上海市技术能手',
      }),
      201,
    );
    ok(await this.t.http(streetToken).post(`/api/v1/applications/${application.id}/recommendation`).send({ decision: 'recommend', comment: '同意推荐' }), 200);
    ok(await this.t.http().post(`/api/v1/applications/${application.id}/eligibility`).send({ decision: 'eligible', reasons: '材料齐全，符合条件' }), 200);
    return { id: application.id as string, talentId: talent.id, idNumber };
  }

  async user(role: string, organizationId?: string): Promise<{ id: string; token: string }> {
    return ok(await this.t.http().post('/api/v1/users').send({ name: `${role}用户`, role, organizationId }), 201) as { id: string; token: string };
  }

  async expert(name: string): Promise<{ id: string; token: string }> {
    const res = await this.t.http().post('/api/v1/users').send({ name, role: 'expert', email: `${encodeURIComponent(name)}@experts.example` });
    if (res.status !== 201) throw new Error(`expert: ${res.status} ${res.text}`);
    return { id: res.body.id, token: res.body.token };
  }
}
