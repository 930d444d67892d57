import { creditCode as newCreditCode, Given, idNumberFor } from './given';
import { ok } from './http';
import { ADMIN_TOKEN, TestApp } from './test-app';

/** Who sends a request: each role the routes allow, unions at both levels. */
export type Actor = 'admin' | 'finance' | 'assessor' | 'unitUnion' | 'districtUnion' | 'cityOffice' | 'employer' | 'expert';

/** Ids of one kind; the fuzz tests add the ids their successful requests create. */
export type PoolName =
  | 'organizations'
  | 'tokenUsers'
  | 'talents'
  | 'designations'
  | 'adjustments'
  | 'assessments'
  | 'workshops'
  | 'changeRequests'
  | 'notifications'
  | 'periods'
  | 'rounds'
  | 'applications'
  | 'reviewRounds'
  | 'reviewApplications'
  | 'experts';

export interface FuzzWorld {
  tokens: Record<Actor, string>;
  pools: Record<PoolName, string[]>;
  /** (talent, honour) pairs that belong together. */
  honours: Array<{ talentId: string; honourId: string }>;
  /** ID numbers of registered talents, for the CSV imports. */
  idNumbers: string[];
  /** Credit codes of registered employers. */
  creditCodes: string[];
  employerId: string;
  streetId: string;
  unitUnionId: string;
}

/**
 * A small world with something in every table a write endpoint touches: a
 * street, unions at both levels, an employer, talents (two holding 上海工匠),
 * active designations, a craftsman and a chief technician workshop, a payment
 * run, an open assessment task, a pending adjustment, a change request, and
 * the notifications those wrote. Kept small so that fingerprinting every table
 * stays cheap.
 */
export async function buildFuzzWorld(t: TestApp): Promise<FuzzWorld> {
  const given = new Given(t);
  const http = (token: string = ADMIN_TOKEN) => t.http(token);
  const mails = (name: string) => [`${name}@example.com`];

  await given.districtOffice(mails('office'));
  const cityOrg = await given.organization({ name: '上海市工匠创新工作室创建命名办公室', kind: 'city_office', contactEmails: mails('city') });
  const street = await given.street('岳阳街道');
  const authority = await given.organization({ name: '松江区经委', kind: 'industry_authority', contactEmails: mails('authority') });
  const districtUnion = await given.organization({ name: '松江区总工会', kind: 'union', level: 'district', contactEmails: mails('district') });
  const unitUnion = await given.organization({ name: '某某公司工会', kind: 'union', level: 'unit', parentId: districtUnion.id, contactEmails: mails('unit') });
  const code = newCreditCode();
  const employer = await given.employer({ streetId: street.id, unionId: unitUnion.id, creditCode: code, contactEmails: mails('hr') });

  const user = async (role: string, organizationId?: string) => ok<{ id: string; token: string }>(await http().post('/api/v1/users').send({ name: `${role}用户`, role, organizationId }), 201, `user ${role}`);
  const expert = await user('expert');
  const tokens: Record<Actor, string> = {
    admin: ADMIN_TOKEN,
    finance: (await user('finance')).token,
    assessor: (await user('assessor', street.id)).token,
    unitUnion: (await user('union', unitUnion.id)).token,
    districtUnion: (await user('union', districtUnion.id)).token,
    cityOffice: (await user('city_office', cityOrg.id)).token,
    employer: (await user('employer', employer.id)).token,
    expert: expert.token,
  };
  // Users whose tokens the fuzzing may rotate or revoke: nobody the tests call as.
  const victims = [await user('finance'), await user('assessor', authority.id)];

  const idNumbers: string[] = [];
  const talent = async (birthDate: string, gender: 'male' | 'female' = 'male') => {
    const idNumber = idNumberFor(birthDate, gender);
    idNumbers.push(idNumber);
    return given.talent({ employerId: employer.id, birthDate, gender, idNumber });
  };
  const lead = await talent('1975-03-01');
  const nextLead = await talent('1980-07-15');
  const chief = await talent('1978-11-30');
  const other = await talent('1985-02-14', 'female');

  const honour = async (talentId: string, title: string) =>
    ok(await http(tokens.cityOffice).post(`/api/v1/talents/${talentId}/honours`).send({ title, awardedOn: '2020-05-01', issuer: '上海市总工会' }), 201, `honour ${title}`);
  const honours = [
    { talentId: lead.id, honourId: (await honour(lead.id, '上海工匠')).id },
    { talentId: nextLead.id, honourId: (await honour(nextLead.id, '上海工匠')).id },
    { talentId: other.id, honourId: (await honour(other.id, '松江工匠')).id },
  ];
  ok(await http().post(`/api/v1/talents/${other.id}/titles`).send({ title: '区领军人才', monthlyAmountFen: 150000, validFrom: '2024-01-01', validTo: '2026-12-31' }), 201, 'title');

  const designation = await given.designation({ talentId: chief.id, designatedOn: '2024-06-15' });
  const second = await given.designation({ talentId: other.id, designatedOn: '2025-06-15' });

  const craftsman = ok(
    await http(tokens.cityOffice).post('/api/v1/workshops').send({ kind: 'craftsman_innovation', name: '张工匠创新工作室', employerId: employer.id, leadTalentId: lead.id, namedOn: '2022-05-01' }),
    201,
    'craftsman workshop',
  );
  const chiefWorkshop = ok(
    await http().post('/api/v1/workshops').send({ kind: 'chief_technician', name: '首席技师工作室', employerId: employer.id, leadTalentId: chief.id, level: 'district', namedOn: '2025-03-01' }),
    201,
    'chief technician workshop',
  );

  ok(await http(tokens.finance).post('/api/v1/payment-runs').send({ period: '2026-10' }), 200, 'payment run');

  // The mid-term assessment opens 30 days before it is due.
  const opensOn = new Date(Date.parse(`${designation.midTermDue}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
  ok(await http().post('/api/v1/jobs/assessments/run').send({ asOf: opensOn }), 200, 'assessments job');
  const tasks = ok<{ items: Array<{ id: string }> }>(await http().get('/api/v1/assessments'), 200, 'assessments');
  if (tasks.items.length === 0) throw new Error('world: the assessments job opened no task');

  const adjustment = ok(
    await http().post(`/api/v1/designations/${second.id}/adjustments`).send({ reason: 'position_changed', effectiveOn: '2026-06-01', note: '岗位变动', evidence: '单位来函' }),
    201,
    'adjustment',
  );
  const changeRequest = ok(
    await http(tokens.unitUnion).post(`/api/v1/workshops/${craftsman.id}/change-requests`).send({ reason: 'retired', action: 'change_lead', newLeadTalentId: nextLead.id }),
    201,
    'change request',
  );
  // A selection round open on the test clock's day, with one employer-channel application waiting for its street.
  const round = ok(await http().post('/api/v1/rounds').send({ cohort: '2027', applicationsOpen: '2026-11-01', applicationsClose: '2026-12-31' }), 201, 'round');
  const applicant = await talent('1986-08-08');
  const application = ok(
    await http(tokens.employer)
      .post(`/api/v1/rounds/${round.id}/applications`)
      .send({ channel: 'employer', talentId: applicant.id, occupation: '钳工', skillLevel: 'technician', post: '班组长', industry: 'new_materials' }),
    201,
    'application',
  );
  // Selection, part 2: a round under expert review with two eligible applications (steps 1–3 written straight into the tables) and the expert assigned.
  const [{ id: roundId }] = await t.db.query(
    `INSERT INTO selection_rounds (cohort, quota, applications_open, applications_close, status) VALUES ('2031', 25, '2031-03-01', '2031-04-30', 'reviewing') RETURNING id`,
  );
  const [{ id: adminId }] = await t.db.query(`SELECT id FROM users WHERE role = 'admin' ORDER BY created_at LIMIT 1`);
  const reviewApplications: string[] = [];
  for (const birthDate of ['1979-04-02', '1981-09-09']) {
    const candidate = await talent(birthDate);
    const [{ id }] = await t.db.query(
      `INSERT INTO selection_applications (round_id, talent_id, employer_id, recommender_id, channel, stage, occupation, skill_level, post, industry, filed_by, filed_at, filed_on, recommendation, eligibility)
       VALUES ($1, $2, $3, $4, 'employer', 'eligible', '钳工', 'technician', '装配班组长', 'ai', $5, now(), '2031-03-10', 'recommend', 'eligible') RETURNING id`,
      [roundId, candidate.id, employer.id, street.id, adminId],
    );
    reviewApplications.push(id);
  }
  ok(await http().put(`/api/v1/rounds/${roundId}/experts`).send({ expertUserIds: [expert.id] }), 200, 'experts');
  const notifications: Array<{ id: string }> = await t.db.query(`SELECT id FROM notifications ORDER BY created_at`);

  return {
    tokens,
    pools: {
      organizations: [cityOrg.id, street.id, authority.id, districtUnion.id, unitUnion.id, employer.id],
      tokenUsers: victims.map((v) => v.id),
      talents: [lead.id, nextLead.id, chief.id, other.id, applicant.id],
      designations: [designation.id, second.id],
      adjustments: [adjustment.id],
      assessments: tasks.items.map((i) => i.id),
      workshops: [craftsman.id, chiefWorkshop.id],
      changeRequests: [changeRequest.id],
      notifications: notifications.map((n) => n.id),
      periods: ['2026-10', '2026-11'],
      rounds: [round.id],
      applications: [application.id],
      reviewRounds: [roundId],
      reviewApplications,
      experts: [expert.id],
    },
    honours,
    idNumbers,
    creditCodes: [code],
    employerId: employer.id,
    streetId: street.id,
    unitUnionId: unitUnion.id,
  };
}

/**
 * One md5 per table of the public schema (except the migrations bookkeeping):
 * equal fingerprints before and after a request mean it wrote nothing.
 */
export async function fingerprinter(t: TestApp): Promise<() => Promise<Map<string, string>>> {
  const tables: Array<{ name: string }> = await t.db.query(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY tablename`,
  );
  if (tables.length < 10) throw new Error(`fingerprint: only ${tables.length} tables in the public schema`);
  const sql = tables
    .map(({ name }) => `SELECT '${name}' AS name, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS md5 FROM "${name}" x`)
    .join('\nUNION ALL\n');
  return async () => {
    const rows: Array<{ name: string; md5: string }> = await t.db.query(sql);
    return new Map(rows.map((r) => [r.name, r.md5]));
  };
}

/** Names of the tables whose fingerprints differ. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((name) => before.get(name) !== after.get(name));
}
