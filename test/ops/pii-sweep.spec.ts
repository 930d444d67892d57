import { existsSync } from 'node:fs';
import { addDays, businessDateOf, periodOf } from '../../src/core/clock/business-date';
import { makeIdNumber } from '../../src/modules/talents/id-number';
import { fakeCreditCode } from '../support/ids';
import { ok as expectStatus } from '../support/http';
import { announceSkip, call, Cleanup, HttpAnswer, MAIN, ServiceProcess, startService } from '../support/ops-processes';
import { ADMIN_TOKEN } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

/**
 * Issue 7 item 5 (PII): known ID numbers and phone numbers go in through the
 * API; then every endpoint of the application's own route table (/docs-json,
 * so a new endpoint is swept too) and every job is exercised. None of those
 * values may appear in any log line of the service (its pino output at
 * LOG_LEVEL=trace, the most it ever writes) or in any response body or
 * header — except the finance roster, GET /payment-runs/{period}/roster, and
 * the import templates, GET /templates/{name}, whose opening ledger is pre-filled
 * with full ID numbers for finance to match against its spreadsheets. Those two
 * are the only places a full ID number may be shown (phones: nowhere), and this
 * test holds the service to that.
 *
 * Every route must answer 2xx at least once (with the seeded data or a
 * recipe below): a new endpoint that the sweep cannot reach fails this test
 * until it gets a recipe, rather than going unswept.
 */

const maybe = existsSync(MAIN) ? describe : describe.skip;
if (!existsSync(MAIN)) announceSkip('test/ops/pii-sweep.spec.ts', 'dist/src/main.js is missing (run `npm run build`)');

const ROSTER = 'GET /api/v1/payment-runs/{period}/roster';
const TEMPLATES = 'GET /api/v1/templates/{name}';
const TEMPLATE_NAMES = ['designations', 'social-insurance', 'opening-ledger-allowance', 'opening-ledger-grant', 'organizations'];
/** Routes that show full ID numbers to admin and finance by design. */
const REVEALING = [ROSTER, TEMPLATES];
/** The current period: the service's start-up catch-up has run it, so the sweep runs it again (a later run). */
const PERIOD = periodOf(businessDateOf(new Date()));

const people = [
  { name: '王保密', idNumber: makeIdNumber('310117', '1975-03-14', '231'), phone: '13917365420' },
  { name: '李隐私', idNumber: makeIdNumber('310117', '1981-11-02', '462'), phone: '18621094357' },
  { name: '张不露', idNumber: makeIdNumber('310101', '1986-07-29', '118'), phone: '15800917263' },
  { name: '赵导入', idNumber: makeIdNumber('310117', '1983-01-05', '355'), phone: '' }, // only through the designation import
  { name: '钱申报', idNumber: makeIdNumber('310117', '1984-04-04', '573'), phone: '13761230984' }, // only through an application (SPEC §3.8)
  { name: '孙评审', idNumber: makeIdNumber('310117', '1978-04-18', '573'), phone: '13764825019' }, // only through a selection application, then named
  { name: '周公示', idNumber: makeIdNumber('310101', '1979-12-06', '284'), phone: '13816650274' }, // only through a selection application, publicised
];
/** Known to the test, never registered: what a lookup, an import or a refusal might echo back. */
const stranger = { idNumber: makeIdNumber('310104', '1979-09-09', '777'), phone: '13661234598' };
const badChecksum = ((id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1'))(makeIdNumber('310117', '1990-02-02', '135'));

/** The mask before SPEC §5 said 2 + 4: region and last digits, which with a birth date give the number back. */
const oldMask = (idNumber: string) => `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`;

const SECRETS = [
  ...people.flatMap((p) => [p.idNumber, p.idNumber.slice(0, 17), p.phone, oldMask(p.idNumber), p.idNumber.slice(6, 14)]),
  oldMask(stranger.idNumber),
  stranger.idNumber,
  stranger.idNumber.slice(0, 17),
  stranger.phone,
  badChecksum,
].filter((s) => s.length > 0);

interface Hit {
  route: string;
  path: string;
  status: number;
  /** Body and headers, as the caller sees them. */
  seen: string;
}

maybe('PII sweep: ID numbers and phones never in a log line or a response, except the roster', () => {
  const cleanup = new Cleanup();
  let service: ServiceProcess;
  const hits: Hit[] = [];
  let routes: string[] = [];
  let jobNames: string[] = [];

  beforeAll(async () => {
    const database = await createTestDatabase();
    cleanup.add(() => database.drop());
    service = await startService('pii-sweep', { role: 'all', env: { DATABASE_URL: database.url, LOG_LEVEL: 'trace', SCHEDULE_NOTIFICATIONS: '0 0 29 2 *' } });
    cleanup.add(() => service.stop());
    const doc = (await call(service.url!, 'GET', '/docs-json', undefined, null)).body as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; schema?: { enum?: string[] } }> }>>;
    };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    jobNames = doc.paths['/api/v1/jobs/{name}/run'].post.parameters!.find((p) => p.name === 'name')!.schema!.enum!;
  }, 180_000);
  afterAll(() => cleanup.run(), 60_000);

  /** One call, recorded under its route template. */
  const hit = async (route: string, params: Record<string, string> = {}, body?: unknown, token: string | null = ADMIN_TOKEN, query = ''): Promise<HttpAnswer> => {
    const [method, template] = route.split(' ');
    const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
      if (!(name in params)) throw new Error(`${route}: no value for {${name}}`);
      return encodeURIComponent(params[name]);
    });
    const res = await call(service.url!, method, path + query, body, token);
    const headers = [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
    hits.push({ route, path: path + query, status: res.status, seen: `${headers}\n\n${res.text}` });
    return res;
  };
  const ok = async (expected: number, route: string, params?: Record<string, string>, body?: unknown, token?: string | null, query?: string) => {
    return expectStatus(await hit(route, params, body, token, query), expected, `${route} (${JSON.stringify(params ?? {})})`);
  };

  it('seeds people, exercises every endpoint and job, and finds their ID numbers and phones only in the roster', async () => {
    // --- the programme, with the known people in it -------------------------------------------------------
    const ids: Record<string, string[]> = { id: [] };
    const keep = (...values: string[]) => ids.id.push(...values);
    const org = async (body: Record<string, unknown>) => {
      const o = await ok(201, 'POST /api/v1/organizations', {}, body);
      keep(o.id);
      return o.id as string;
    };
    const districtOffice = await org({ name: '松江区首席技师工作协调小组办公室', kind: 'district_office' }); // no address: its mails fail, to be retried
    await org({ name: '上海市工匠创新工作室创建命名办公室', kind: 'city_office', contactEmails: ['city@songjiang.example'] });
    const street = await org({ name: '永丰街道', kind: 'street', contactEmails: ['yongfeng@songjiang.example'] });
    const districtUnion = await org({ name: '松江区总工会', kind: 'union', level: 'district', contactEmails: ['union@songjiang.example'] });
    const unitUnion = await org({ name: '精密机械公司工会', kind: 'union', level: 'unit', parentId: districtUnion, contactEmails: ['unit@songjiang.example'] });
    const creditCode = fakeCreditCode('MA1J3B0X4');
    const employer = await org({ name: '上海松江精密机械有限公司', kind: 'employer', creditCode, streetId: street, unionId: unitUnion });
    await ok(201, 'POST /api/v1/organizations/import', {}, `name,kind,creditCode,level,parent,district,street,industryAuthority,union,contactEmails\n中山街道,街镇,,,,松江区,,,,zhongshan@songjiang.example\n`);
    const user = async (body: Record<string, unknown>) => {
      const u = await ok(201, 'POST /api/v1/users', {}, body);
      keep(u.id);
      return u as { id: string; token: string };
    };
    const finance = await user({ name: '人社财务', role: 'finance', email: 'finance@songjiang.example', username: 'finance', password: 'a long finance password' });
    const assessor = await user({ name: '街道评审员', role: 'assessor', organizationId: street });
    const unit = await user({ name: '单位工会', role: 'union', organizationId: unitUnion });
    const district = await user({ name: '区总工会', role: 'union', organizationId: districtUnion });
    const city = await user({ name: '市工匠办', role: 'city_office' });
    const spare = await user({ name: '临时用户', role: 'finance' });

    const talents: string[] = [];
    for (const p of people.slice(0, 3)) {
      const t = await ok(201, 'POST /api/v1/talents', {}, { name: p.name, idNumber: p.idNumber, phone: p.phone, employerId: employer, email: `${talents.length}@example.com` });
      talents.push(t.id);
      keep(t.id);
    }
    const honour = await ok(201, 'POST /api/v1/talents/{id}/honours', { id: talents[1] }, { title: '上海工匠', awardedOn: '2020-05-01' });
    await ok(201, 'POST /api/v1/talents/{id}/honours', { id: talents[2] }, { title: '上海工匠', awardedOn: '2021-05-01' });
    const extra = await ok(201, 'POST /api/v1/talents/{id}/honours', { id: talents[0] }, { title: '全国技术能手', awardedOn: '2019-05-01' });
    keep(honour.id);
    await ok(204, 'DELETE /api/v1/talents/{id}/honours/{honourId}', { id: talents[0], honourId: extra.id });
    await ok(201, 'POST /api/v1/talents/{id}/titles', { id: talents[2] }, { title: '区拔尖人才', monthlyAmountFen: 80000, validFrom: '2025-01-01' });
    await ok(200, 'PATCH /api/v1/talents/{id}', { id: talents[2] }, { phone: stranger.phone, email: 'moved@example.com', employerId: employer });
    await ok(200, 'POST /api/v1/talents/lookup', {}, { idNumber: people[0].idNumber });
    await ok(200, 'POST /api/v1/talents/lookup', {}, { idNumber: stranger.idNumber }, city.token);
    // Finance reads a person without the birth date that, with the mask, would rebuild the number.
    const asFinance = await ok(200, 'GET /api/v1/talents/{id}', { id: talents[0] }, undefined, finance.token);
    expect([asFinance.birthDate, asFinance.statutoryRetirementDate]).toEqual([undefined, undefined]);
    const d1 = await ok(201, 'POST /api/v1/designations', {}, { talentId: talents[0], cohort: '2024', designatedOn: '2024-06-15' });
    const d2 = await ok(201, 'POST /api/v1/designations', {}, { talentId: talents[1], cohort: '2023', designatedOn: '2023-11-20' });
    keep(d1.id, d2.id);
    const imported = `name,idNumber,employerCreditCode,cohort,designatedOn\n${people[3].name},${people[3].idNumber},${creditCode},2025,2025-03-10\n`;
    await ok(201, 'POST /api/v1/designations/import', {}, imported);
    await ok(201, 'POST /api/v1/designations/{id}/annual-reviews', { id: d1.id }, { year: 2024, grade: 'qualified', reviewedOn: '2024-12-20' });
    const adjustment = await ok(201, 'POST /api/v1/designations/{id}/adjustments', { id: d2.id }, { reason: 'position_changed', effectiveOn: '2025-08-01', note: '岗位调整' });
    keep(adjustment.id);
    await ok(200, 'POST /api/v1/adjustments/{id}/decision', { id: adjustment.id }, { decision: 'reject', comment: '不属实' });
    await ok(200, 'POST /api/v1/social-insurance/import', {}, `idNumber,district,since\n${people[0].idNumber},青浦区,2025-09-01\n`);
    const cw = await ok(201, 'POST /api/v1/workshops', {}, { kind: 'chief_technician', name: '王保密首席技师工作室', employerId: employer, leadTalentId: talents[0], level: 'district', namedOn: '2024-08-10' });
    const ciw = await ok(201, 'POST /api/v1/workshops', {}, { kind: 'craftsman_innovation', name: '李隐私工匠创新工作室', employerId: employer, leadTalentId: talents[1], namedOn: '2022-05-01' }, city.token);
    keep(cw.id, ciw.id);
    const cr = await ok(201, 'POST /api/v1/workshops/{id}/change-requests', { id: ciw.id }, { reason: 'resigned', action: 'change_lead', newLeadTalentId: talents[2] }, unit.token);
    keep(cr.id);
    await ok(200, 'POST /api/v1/change-requests/{id}/decisions', { id: cr.id }, { decision: 'approve', comment: '同意' }, district.token);
    await ok(200, 'POST /api/v1/change-requests/{id}/decisions', { id: cr.id }, { decision: 'approve', comment: '审定同意' }, city.token);
    // A workshop's yearly results (SPEC §3.9), which the unions' forms sum.
    await ok(201, 'POST /api/v1/workshops/{id}/annual-results', { id: ciw.id }, { year: 2025, results: 3, patents: { invention: 1, utilityModel: 1, design: 0 }, activities: 2 }, unit.token);

    // A selection round (SPEC §3.8): an employer files for a new person (registered with the application), the office for a known one.
    const hr = await user({ name: '单位人事', role: 'employer', organizationId: employer });
    const today = businessDateOf(new Date());
    const round = await ok(201, 'POST /api/v1/rounds', {}, { cohort: '2027', applicationsOpen: addDays(today, -10), applicationsClose: addDays(today, 10) });
    keep(round.id);
    const content = { occupation: '数控车工', skillLevel: 'technician', post: '班组长', industry: 'new_materials', achievements: '工艺改进' };
    const applicant = people[4];
    const byEmployer = await ok(201, 'POST /api/v1/rounds/{id}/applications', { id: round.id }, { ...content, channel: 'employer', person: { name: applicant.name, idNumber: applicant.idNumber, employerId: employer, phone: applicant.phone } }, hr.token);
    const byOffice = await ok(201, 'POST /api/v1/rounds/{id}/applications', { id: round.id }, { ...content, channel: 'self', talentId: talents[2] });
    keep(byEmployer.id, byOffice.id);
    await ok(200, 'PATCH /api/v1/applications/{id}', { id: byEmployer.id }, { team: '带徒8人' }, hr.token);
    for (const a of [byEmployer, byOffice]) await ok(200, 'POST /api/v1/applications/{id}/recommendation', { id: a.id }, { decision: 'recommend', comment: '同意推荐' }, assessor.token);
    await ok(200, 'POST /api/v1/applications/{id}/eligibility', { id: byOffice.id }, { decision: 'ineligible', reasons: '材料不实', falseMaterial: true });
    // Refusals that could echo the person they were given.
    await ok(409, 'POST /api/v1/rounds/{id}/applications', { id: round.id }, { ...content, channel: 'self', person: { name: applicant.name, idNumber: applicant.idNumber, employerId: employer, phone: applicant.phone } });
    await ok(400, 'POST /api/v1/rounds/{id}/applications', { id: round.id }, { ...content, channel: 'self', person: { name: '错号', idNumber: badChecksum, employerId: employer, phone: stranger.phone } });
    await ok(400, 'POST /api/v1/rounds/{id}/applications', { id: round.id }, { ...content, channel: 'self', person: { name: '错电话', idNumber: stranger.idNumber, employerId: employer, phone: `${stranger.phone}9` } });

    // What the spreadsheets paid before the service (SPEC §3.7), then the preview, the run and the report.
    await ok(201, 'POST /api/v1/payments/opening-ledger', {}, `idNumber,forPeriod,amountFen\n${people[0].idNumber},2024-07,100000\n`, finance.token, '?kind=allowance');
    await ok(201, 'POST /api/v1/payments/opening-ledger', {}, `creditCode,workshopName,instalment,amountFen\n${creditCode},王保密首席技师工作室,1,1666666\n`, finance.token, '?kind=grant');

    // --- every job, and the payment runs ---------------------------------------------------------------------
    await ok(200, 'GET /api/v1/payment-runs/{period}/preview', { period: PERIOD }, undefined, finance.token);
    await ok(200, 'POST /api/v1/payment-runs', {}, { period: PERIOD });
    await ok(200, 'GET /api/v1/payments/reconciliation', {}, undefined, finance.token, '?format=xlsx');
    for (const name of jobNames) await ok(200, 'POST /api/v1/jobs/{name}/run', { name }, { asOf: '2025-06-01' });
    for (const name of jobNames) await ok(200, 'POST /api/v1/jobs/{name}/run', { name }, {});
    const task = (await ok(200, 'GET /api/v1/assessments', {}, undefined, assessor.token)).items[0];
    keep(task.id);
    await ok(200, 'POST /api/v1/assessments/{id}/result', { id: task.id }, { grade: 'unqualified', assessedOn: '2025-06-20', comments: '未达标' }, assessor.token);
    await ok(200, 'POST /api/v1/assessments/{id}/correction', { id: task.id }, { grade: 'basically_qualified', assessedOn: '2025-06-20', score: 65, reason: '复核更正' });
    // The proposal and its withdrawal changed the period's figures (SPEC §3.2: stale): run it again, then close.
    await ok(200, 'POST /api/v1/payment-runs', {}, { period: PERIOD });
    await ok(200, 'POST /api/v1/payment-runs/{period}/close', { period: PERIOD }, {}, finance.token);
    const failed = (await ok(200, 'GET /api/v1/notifications', {}, undefined, ADMIN_TOKEN, '?status=failed')).items;
    expect(failed.length).toBeGreaterThan(0);
    // The office gets its address (PATCH); a retry then finds it.
    await ok(200, 'PATCH /api/v1/organizations/{id}', { id: districtOffice }, { contactEmails: ['office@songjiang.example'] });
    const officeMail = failed.find((n: { addressProblem: { organizationId: string } | null }) => n.addressProblem?.organizationId === districtOffice) ?? failed[0];
    await ok(200, 'POST /api/v1/notifications/{id}/retry', { id: officeMail.id });
    keep(...failed.map((n: { id: string }) => n.id));

    // --- accounts and tokens (on users the sweep no longer needs) --------------------------------------------
    await ok(200, 'PUT /api/v1/users/{id}/password', { id: spare.id }, { username: 'spare', password: 'another long password' });
    await ok(200, 'PATCH /api/v1/users/{id}', { id: spare.id }, { email: 'spare@songjiang.example' });
    const session = await ok(201, 'POST /api/v1/sessions', {}, { username: 'spare', password: 'another long password' }, null);
    await ok(204, 'PUT /api/v1/users/me/password', {}, { currentPassword: 'another long password', newPassword: 'a third long password' }, session.token);
    await ok(200, 'GET /api/v1/sessions/current', {}, undefined, session.token);
    await ok(204, 'DELETE /api/v1/sessions/current', {}, undefined, session.token);
    await ok(201, 'POST /api/v1/users/{id}/tokens', { id: spare.id });
    await ok(204, 'DELETE /api/v1/users/{id}/tokens', { id: spare.id });
    await ok(200, 'PATCH /api/v1/users/{id}', { id: spare.id }, { disabled: true });

    // --- selection: people filed, scored by an expert (on the form and on paper), shortlisted, publicised, named ---
    // Round A's publicity is over (it started weeks ago), so it can be named; round B's runs today, so it takes an objection.
    const past = addDays(today, -30);
    await ok(200, 'PUT /api/v1/calendar/{year}', { year: '2099' }, { holidays: ['2099-01-01'], workdays: [] });
    for (const year of new Set([past.slice(0, 4), today.slice(0, 4)])) {
      // A year the shipped calendar lacks gets weekends only, so the sweep keeps running after 2026.
      if ((await hit('GET /api/v1/calendar/{year}', { year })).status === 404) await ok(200, 'PUT /api/v1/calendar/{year}', { year }, { holidays: [], workdays: [] });
    }
    const expert = await user({ name: '评审专家', role: 'expert' });
    const items = { A1: 5, A2: 5, A3: 8, B1: 9, B2: 8, B3: 9, C1: 7, C2: 6, D: 5, E: 4, F: 8, G: 4, H: 3 };
    const reviewed = async (cohort: string, filing: Record<string, unknown>, startsOn: string, paper: boolean) => {
      const round = await ok(201, 'POST /api/v1/rounds', {}, { cohort, quota: 1, applicationsOpen: past, applicationsClose: today });
      const filed = await ok(201, 'POST /api/v1/rounds/{id}/applications', { id: round.id }, { channel: 'self', occupation: '钳工', skillLevel: 'technician', post: '装配班组长', industry: 'ai', ...filing });
      keep(round.id, filed.id);
      await ok(200, 'PATCH /api/v1/applications/{id}', { id: filed.id }, { achievements: '主持装配工艺改进' });
      await ok(200, 'POST /api/v1/applications/{id}/recommendation', { id: filed.id }, { decision: 'recommend', comment: '同意' }, assessor.token);
      await ok(200, 'POST /api/v1/applications/{id}/eligibility', { id: filed.id }, { decision: 'eligible', reasons: '符合条件' });
      await ok(200, 'PUT /api/v1/rounds/{id}/experts', { id: round.id }, { expertUserIds: [expert.id] });
      await ok(200, 'GET /api/v1/rounds/{id}/review', { id: round.id }, undefined, expert.token);
      if (paper) {
        const row = [filed.id, '', '', '', ...Object.values(items).map(String), '同意推荐'].join(',');
        await ok(200, 'POST /api/v1/rounds/{id}/score-sheets/{expertId}', { id: round.id, expertId: expert.id }, `applicationId,name,employerName,occupation,A1,A2,A3,B1,B2,B3,C1,C2,D,E,F,G,H,opinion\n${row}\n`);
      } else {
        await ok(200, 'PUT /api/v1/applications/{id}/scores/me', { id: filed.id }, { items, opinion: '同意推荐' }, expert.token);
      }
      await ok(200, 'POST /api/v1/rounds/{id}/scoring/close', { id: round.id }, {});
      await ok(200, 'POST /api/v1/rounds/{id}/shortlist', { id: round.id }, { applicationIds: [filed.id] });
      await ok(200, 'POST /api/v1/rounds/{id}/publicity', { id: round.id }, { startsOn });
      return { round, filed };
    };
    const a = await reviewed('2039', { person: { name: people[5].name, idNumber: people[5].idNumber, phone: people[5].phone, employerId: employer } }, past, true);
    await ok(200, 'POST /api/v1/rounds/{id}/naming', { id: a.round.id }, { designatedOn: today });
    const b = await reviewed('2038', { person: { name: people[6].name, idNumber: people[6].idNumber, phone: people[6].phone, employerId: employer } }, today, false);
    await ok(201, 'POST /api/v1/applications/{id}/objections', { id: b.filed.id }, { text: '来信反映情况，经核实不属实。' });

    // --- refusals and look-ups that could echo what they were given -------------------------------------------
    const refusals: Array<[string, unknown, number]> = [
      ['POST /api/v1/talents', { name: '重复', idNumber: people[0].idNumber, phone: people[0].phone, employerId: employer }, 409],
      ['POST /api/v1/talents', { name: '错号', idNumber: badChecksum, phone: stranger.phone, employerId: employer }, 400],
      ['POST /api/v1/talents', { name: '错电话', idNumber: stranger.idNumber, phone: `${stranger.phone}9`, employerId: employer }, 400],
      ['POST /api/v1/designations/import', `name,idNumber,employerCreditCode,cohort,designatedOn\n重复,${people[1].idNumber},${creditCode},2025,2025-03-10\n`, 400],
      ['POST /api/v1/designations/import', `name,idNumber,employerCreditCode,cohort,designatedOn\n错号,${badChecksum},${creditCode},2025,2025-03-10\n`, 400],
      ['POST /api/v1/social-insurance/import', `idNumber,district,since\n${stranger.idNumber},青浦区,2025-09-01\n`, 200],
      ['POST /api/v1/social-insurance/import', `idNumber,district,since\n${badChecksum},青浦区,2025-09-01\n`, 400],
      ['POST /api/v1/payments/opening-ledger?kind=allowance', `idNumber,forPeriod,amountFen\n${stranger.idNumber},2024-07,100000\n${people[0].idNumber},2024-07,100000\n${badChecksum},2024-08,1\n`, 400],
    ];
    for (const [route, body, expected] of refusals) {
      const res = await hit(route, {}, body);
      expect({ route, status: res.status < 500 }).toEqual({ route, status: true });
      if (res.status !== expected) console.warn(`pii-sweep: ${route} answered ${res.status} (expected ${expected}): ${res.text.slice(0, 300)}`);
    }

    // --- every GET route, with every id the sweep knows and every documented query filled with the secrets ----
    const doc = (await call(service.url!, 'GET', '/docs-json', undefined, null)).body as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
    };
    for (const route of routes.filter((r) => r.startsWith('GET ') && !REVEALING.includes(r))) {
      const [, template] = route.split(' ');
      const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const values: Record<string, string[]> = { id: ids.id, period: [PERIOD], year: ['2025'], unionId: [districtUnion, unitUnion], expertId: [expert.id] };
      // Every combination of the known values of the route's parameters.
      const combos = names.reduce<Array<Record<string, string>>>((acc, name) => acc.flatMap((c) => (values[name] ?? []).map((v) => ({ ...c, [name]: v }))), [{}]);
      for (const params of combos) await hit(route, params);
      const queries = (doc.paths[template].get.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      for (const q of queries.filter((q) => !['cursor', 'limit'].includes(q))) {
        for (const secret of [people[0].idNumber, stranger.idNumber, people[0].phone]) await hit(route, combos[0] ?? {}, undefined, ADMIN_TOKEN, `?${q}=${secret}`);
      }
    }
    // The roster, the one place full numbers belong (csv for reading it here; xlsx once for the route itself).
    const roster = await hit(ROSTER, { period: PERIOD }, undefined, finance.token, '?type=allowance&format=csv');
    expect(roster.status).toBe(200);
    await hit(ROSTER, { period: PERIOD }, undefined, finance.token, '?type=grant&format=xlsx');
    // The templates, pre-filled opening ledgers included (finance downloads them like the roster).
    for (const name of TEMPLATE_NAMES) expect((await hit(TEMPLATES, { name }, undefined, finance.token)).status).toBe(200);

    // --- the verdict ------------------------------------------------------------------------------------------
    const reached = new Set(hits.filter((h) => h.status >= 200 && h.status < 300).map((h) => h.route));
    expect(routes.filter((r) => !reached.has(r) && r !== 'GET /health' && r !== 'GET /docs-json')).toEqual([]);
    expect(hits.filter((h) => h.status >= 500).map((h) => `${h.route} ${h.status}`)).toEqual([]);

    const leaks = (text: string) => SECRETS.filter((s) => text.includes(s));
    const leakedResponses = hits.filter((h) => !REVEALING.includes(h.route)).flatMap((h) => leaks(h.seen).map((s) => `${h.status} ${h.path}: ${s}`));
    expect(leakedResponses).toEqual([]);
    // The sweep can see a leak: the roster shows the designated people's full ID numbers.
    for (const p of people.slice(0, 2)) expect(roster.text).toContain(p.idNumber);

    await new Promise((r) => setTimeout(r, 500)); // the last log lines reach the pipe
    const lines = service.output().split('\n');
    const leakedLogs = lines.flatMap((line, i) => leaks(line).map((s) => `line ${i}: ${s} in ${line.slice(0, 300)}`));
    expect(leakedLogs).toEqual([]);
    // The log is there to be swept: one line per request at least, the roster request among them.
    const requestLines = lines.filter((l) => /"msg":"request (completed|errored)"/.test(l));
    expect(requestLines.length).toBeGreaterThanOrEqual(hits.filter((h) => h.path !== '/health').length); // /health is not logged, by design
    expect(requestLines.some((l) => l.includes('/roster'))).toBe(true);
    console.info(`pii-sweep: ${hits.length} calls over ${routes.length} routes and ${jobNames.length} jobs; ${lines.length} log lines swept for ${SECRETS.length} values`);
  }, 300_000);
});
