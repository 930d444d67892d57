import fc from 'fast-check';
import { ROLES } from '../../src/core/context/request-context';
import { JOB_NAMES } from '../../src/core/queue/job';
import { ADJUSTMENT_REASONS, ADJUSTMENT_STATUSES } from '../../src/modules/adjustments/adjustment-reasons';
import { DECISIONS } from '../../src/modules/adjustments/dto/decide-adjustment.dto';
import { GRADES } from '../../src/modules/annual-reviews/grades';
import { ASSESSMENT_KINDS, TASK_STATUSES } from '../../src/modules/assessments/dto/assessment.dto';
import { DESIGNATION_STATUSES } from '../../src/modules/designations/dto/designation-query.dto';
import { IMPORT_HEADER } from '../../src/modules/designations/designation-import.service';
import { NOTIFICATION_STATUSES } from '../../src/modules/notifications/notification.views';
import { ORGANIZATION_KINDS, UNION_LEVELS } from '../../src/modules/organizations/entities/organization.entity';
import { ALLOWANCE_HEADER, OPENING_KINDS } from '../../src/modules/payments/opening-ledger.service';
import { LIST_KINDS } from '../../src/modules/payments/payment-run.views';
import { ROSTER_FORMATS, ROSTER_TYPES } from '../../src/modules/payments/roster.exporter';
import { TEMPLATE_NAMES } from '../../src/modules/templates/templates.service';
import { ORGANIZATION_COLUMNS } from '../../src/modules/organizations/organization-import.columns';
import { SOCIAL_INSURANCE_HEADER } from '../../src/modules/social-insurance/social-insurance-import.service';
import { KNOWN_HONOURS } from '../../src/modules/talents/dto/create-honour.dto';
import { LIST_FORMATS } from '../../src/modules/selection-review/dto/review.dto';
import { PAPER_SHEET } from '../../src/modules/selection-review/paper-sheets.service';
import { SCORE_ITEMS } from '../../src/modules/selection-review/score-sheet';
import { RETIREMENT_CATEGORIES } from '../../src/modules/talents/retirement-date';
import { CHANGE_ACTIONS, CHANGE_REASONS, CHANGE_STATUSES } from '../../src/modules/workshops/dto/change-request.dto';
import { WORKSHOP_KINDS, WORKSHOP_LEVELS } from '../../src/modules/workshops/dto/create-workshop.dto';
import { WORKSHOP_STATUSES } from '../../src/modules/workshops/dto/workshop-query.dto';
import { DASHBOARD_CHARTS } from '../../src/modules/reports/dashboard.service';
import { ASSESSMENT_REPORT_FORMATS, DASHBOARD_FORMATS, UNION_FORMS } from '../../src/modules/reports/dto/report-query.dto';
import { ELIGIBILITY_DECISIONS, RECOMMENDATIONS } from '../../src/modules/selection/dto/application.dto';
import { CHANNELS, INDUSTRIES, SKILL_LEVELS, STAGES } from '../../src/modules/selection/entities/selection-application.entity';
import { EMPLOYER_SECTORS } from '../../src/modules/organizations/entities/organization.entity';
import {
  abbreviate,
  chineseName,
  password,
  username,
  creditCode,
  csvBody,
  dateBetween,
  email,
  FieldSpec,
  fromPool,
  idNumber,
  jsonBody,
  param,
  periodBetween,
  phone,
  queryString,
  text,
  WireBody,
} from '../support/fuzz-arbitraries';
import { Actor, buildFuzzWorld, changedTables, fingerprinter, FuzzWorld, PoolName } from '../support/fuzz-world';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Property-based tests of the quality bar (SPEC §5, §8): whatever body, query,
 * path or CSV file a client sends to any endpoint, the answer is never a 5xx,
 * and a 4xx answer leaves every table exactly as it was. Each route is called
 * as a role allowed to call it, with the real ids of a small world half the
 * time and garbage the rest. FUZZ_SEED and FUZZ_RUNS override fast-check's
 * seed and the number of runs per route; a failure prints the seed.
 */

const TIMEOUT = 300_000;
const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : undefined;
// A fixed seed by default, so CI is repeatable; FUZZ_SEED=random explores new inputs, FUZZ_SEED=n replays one.
const SEED = process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20261123);

interface Fuzz {
  actors: Actor[];
  params?: fc.Arbitrary<Record<string, string>>;
  body?: fc.Arbitrary<WireBody>;
  query?: fc.Arbitrary<string>;
  runs: number;
  /** Records what a successful request created, so later runs use it as a real id. */
  capture?: (body: Record<string, unknown>, params: Record<string, string>) => void;
  /** Tables a 4xx answer may write by design (failed sign-ins are recorded for rate limiting). */
  writesOn4xx?: string[];
  /** Refreshes a pool from the database before the property runs. */
  before?: () => Promise<void>;
}

/** Every write route (SPEC §5), with who may call it; the order is the order they run in (jobs last: they move the world's dates on). */
const WRITE_ROUTES = [
  'POST /api/v1/users',
  'POST /api/v1/users/{id}/tokens',
  'DELETE /api/v1/users/{id}/tokens',
  'PUT /api/v1/users/{id}/password',
  'PATCH /api/v1/users/{id}',
  'PUT /api/v1/users/me/password',
  'POST /api/v1/sessions',
  'DELETE /api/v1/sessions/current',
  'POST /api/v1/organizations',
  'PATCH /api/v1/organizations/{id}',
  'POST /api/v1/organizations/import',
  'POST /api/v1/talents',
  'POST /api/v1/talents/lookup',
  'PATCH /api/v1/talents/{id}',
  'POST /api/v1/talents/{id}/honours',
  'DELETE /api/v1/talents/{id}/honours/{honourId}',
  'POST /api/v1/talents/{id}/titles',
  'POST /api/v1/designations',
  'POST /api/v1/designations/import',
  'POST /api/v1/designations/{id}/annual-reviews',
  'POST /api/v1/designations/{id}/adjustments',
  'POST /api/v1/adjustments/{id}/decision',
  'POST /api/v1/social-insurance/import',
  'POST /api/v1/assessments/{id}/result',
  'POST /api/v1/assessments/{id}/correction',
  'POST /api/v1/workshops',
  'POST /api/v1/workshops/{id}/change-requests',
  'POST /api/v1/change-requests/{id}/decisions',
  'POST /api/v1/workshops/{id}/annual-results',
  'POST /api/v1/notifications/{id}/retry',
  'POST /api/v1/payments/opening-ledger',
  'POST /api/v1/payment-runs',
  'POST /api/v1/payment-runs/{period}/close',
  'POST /api/v1/rounds',
  'POST /api/v1/rounds/{id}/applications',
  'PATCH /api/v1/applications/{id}',
  'POST /api/v1/applications/{id}/recommendation',
  'POST /api/v1/applications/{id}/eligibility',
  'PUT /api/v1/calendar/{year}',
  'PUT /api/v1/rounds/{id}/experts',
  'PUT /api/v1/applications/{id}/scores/me',
  'POST /api/v1/rounds/{id}/score-sheets/{expertId}',
  'POST /api/v1/rounds/{id}/scoring/close',
  'POST /api/v1/rounds/{id}/shortlist',
  'POST /api/v1/rounds/{id}/publicity',
  'POST /api/v1/applications/{id}/objections',
  'POST /api/v1/rounds/{id}/naming',
  'POST /api/v1/jobs/{name}/run',
] as const;

const READ_ROUTES = [
  'GET /api/v1/users',
  'GET /api/v1/sessions/current',
  'GET /api/v1/organizations',
  'GET /api/v1/organizations/{id}',
  'GET /api/v1/talents',
  'GET /api/v1/talents/{id}',
  'GET /api/v1/talents/{id}/payments',
  'GET /api/v1/designations',
  'GET /api/v1/designations/{id}',
  'GET /api/v1/designations/{id}/payments',
  'GET /api/v1/payment-runs',
  'GET /api/v1/workshops',
  'GET /api/v1/workshops/{id}/lead-candidates',
  'GET /api/v1/adjustments',
  'GET /api/v1/adjustments/counts',
  'GET /api/v1/adjustments/{id}/effect',
  'GET /api/v1/payment-runs/{period}',
  'GET /api/v1/payment-runs/{period}/lines',
  'GET /api/v1/payment-runs/{period}/roster',
  'GET /api/v1/payment-runs/{period}/preview',
  'GET /api/v1/payments/reconciliation',
  'GET /api/v1/templates/{name}',
  'GET /api/v1/assessments',
  'GET /api/v1/assessments/counts',
  'GET /api/v1/assessments/{id}',
  'GET /api/v1/workshops/{id}',
  'GET /api/v1/change-requests',
  'GET /api/v1/change-requests/counts',
  'GET /api/v1/change-requests/{id}',
  'GET /api/v1/change-requests/{id}/form',
  'GET /api/v1/notifications',
  'GET /api/v1/audit-events',
  'GET /api/v1/workshops/{id}/annual-results',
  'GET /api/v1/reports/dashboard',
  'GET /api/v1/reports/assessments/{year}',
  'GET /api/v1/reports/workshops/{unionId}/{year}',
  'GET /api/v1/reports/payment-history/talents/{id}',
  'GET /api/v1/reports/payment-history/employers/{id}',
  'GET /api/v1/workshops/{id}/payments',
  'GET /api/v1/rounds',
  'GET /api/v1/rounds/{id}',
  'GET /api/v1/rounds/{id}/applications',
  'GET /api/v1/rounds/{id}/export',
  'GET /api/v1/applications',
  'GET /api/v1/applications/{id}',
  'GET /api/v1/applications/{id}/form',
  'GET /api/v1/application-bans',
  'GET /api/v1/calendar/{year}',
  'GET /api/v1/rounds/{id}/experts',
  'GET /api/v1/rounds/{id}/review',
  'GET /api/v1/applications/{id}/scores',
  'GET /api/v1/rounds/{id}/scores',
  'GET /api/v1/rounds/{id}/score-sheets/{expertId}',
  'GET /api/v1/applications/{id}/score-sheet',
  'GET /api/v1/rounds/{id}/publicity-list',
  'GET /api/v1/rounds/{id}/objections',
] as const;

type Route = (typeof WRITE_ROUTES)[number] | (typeof READ_ROUTES)[number];

function routesOf(world: FuzzWorld): Record<Route, Fuzz> {
  const pool = (name: PoolName) => () => world.pools[name];
  const ids = (name: PoolName) => fromPool(pool(name));
  const anyId = fromPool(() => (['organizations', 'talents', 'designations', 'adjustments', 'assessments', 'workshops', 'changeRequests', 'notifications', 'rounds', 'applications'] as const).flatMap((p) => world.pools[p]));
  /** A real id of the right kind mostly, of another kind sometimes; garbage half the time (param()). */
  const real = (name: PoolName) => param(fc.oneof({ weight: 5, arbitrary: ids(name) }, { weight: 1, arbitrary: anyId }));
  const idParam = (name: PoolName) => fc.record({ id: real(name) });
  const add = (name: PoolName) => (body: Record<string, unknown>) => {
    if (typeof body.id === 'string') world.pools[name].push(body.id);
  };

  const orgId = ids('organizations');
  const talentId = fc.oneof(ids('talents'), anyId);
  const enumOf = <T extends string>(values: readonly T[]) => fc.constantFrom(...values);
  const date = dateBetween('2019-01-01', '2027-12-31');
  const period = fc.oneof({ weight: 4, arbitrary: periodBetween('2026-09', '2026-12') }, { weight: 1, arbitrary: periodBetween('1990-01', '2199-12') });
  const optionalText = (max: number) => text(max);

  const yearParam = fc.record({ year: param(fc.constantFrom('2025', '2027', '2031', '1899', '2200')) });
  const calendarDays = fc.array(fc.oneof({ weight: 4, arbitrary: dateBetween('2027-01-01', '2027-12-31') }, { weight: 1, arbitrary: date }), { maxLength: 12 });
  const calendarYear: FieldSpec = { holidays: { valid: calendarDays, required: true }, workdays: { valid: calendarDays, required: true } };
  const experts: FieldSpec = { expertUserIds: { valid: fc.array(fc.oneof(ids('experts'), ids('tokenUsers'), fc.uuid()), { maxLength: 3 }), required: true } };
  const scoreItem = (max: number) => fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max }) }, { weight: 1, arbitrary: fc.integer({ min: -2, max: max + 2 }) }, { weight: 1, arbitrary: fc.double() });
  const scoreSheet: FieldSpec = {
    items: { valid: fc.record(Object.fromEntries(SCORE_ITEMS.map((i) => [i.key, scoreItem(i.max)]))), required: true },
    opinion: { valid: optionalText(2000), required: true },
  };
  const shortlist: FieldSpec = { applicationIds: { valid: fc.array(fc.oneof(ids('reviewApplications'), fc.uuid()), { maxLength: 3 }), required: true }, reason: { valid: optionalText(4000) } };
  const roundAndExpert = fc.record({ id: real('reviewRounds'), expertId: param(fc.oneof(ids('experts'), anyId)) });
  const paperSheetCsv = csvBody({
    header: PAPER_SHEET.columns.map((c) => c.key),
    cells: PAPER_SHEET.columns.map((c) =>
      c.key === 'applicationId'
        ? fc.oneof(ids('reviewApplications'), fc.uuid())
        : SCORE_ITEMS.some((i) => i.key === c.key)
          ? fc.integer({ min: -1, max: 11 }).map(String)
          : fc.oneof(chineseName, fc.constant('')),
    ),
  });
  const users: FieldSpec = {
    name: { valid: fc.oneof(chineseName, text(100)), required: true },
    role: { valid: enumOf(ROLES), required: true },
    organizationId: { valid: orgId },
    email: { valid: email },
    username: { valid: username },
    password: { valid: password },
  };
  const passwords: FieldSpec = {
    username: { valid: username },
    password: { valid: password, required: true },
  };
  const userChanges: FieldSpec = {
    disabled: { valid: fc.boolean() },
    email: { valid: email },
    organizationId: { valid: orgId },
  };
  const ownPassword: FieldSpec = {
    currentPassword: { valid: fc.oneof(password, fc.constant('test-admin-password')), required: true },
    newPassword: { valid: password, required: true },
  };
  const signIn: FieldSpec = {
    username: { valid: fc.oneof(username, fc.constant('admin')), required: true },
    password: { valid: password, required: true },
  };
  const organizations: FieldSpec = {
    name: { valid: fc.oneof(chineseName.map((n) => `${n}精密机械有限公司`), text(200)), required: true },
    kind: { valid: enumOf(ORGANIZATION_KINDS), required: true },
    parentId: { valid: orgId },
    level: { valid: enumOf(UNION_LEVELS) },
    creditCode: { valid: fc.oneof(creditCode, fc.constantFrom(...world.creditCodes)) },
    district: { valid: fc.constantFrom('松江区', '青浦区', '浦东新区') },
    streetId: { valid: fc.oneof(fc.constant(world.streetId), orgId) },
    industryAuthorityId: { valid: orgId },
    unionId: { valid: fc.oneof(fc.constant(world.unitUnionId), orgId) },
    sector: { valid: enumOf(EMPLOYER_SECTORS) },
    contactEmails: { valid: fc.array(email, { maxLength: 3 }) },
  };
  const { kind: _kind, ...organizationFields } = organizations;
  const organizationPatch: FieldSpec = Object.fromEntries(Object.entries(organizationFields).map(([k, v]) => [k, { valid: v.valid }]));
  const talents: FieldSpec = {
    name: { valid: fc.oneof(chineseName, text(100)), required: true },
    idNumber: { valid: fc.oneof({ weight: 3, arbitrary: idNumber }, { weight: 1, arbitrary: fc.constantFrom(...world.idNumbers) }), required: true },
    employerId: { valid: fc.oneof(fc.constant(world.employerId), orgId), required: true },
    phone: { valid: phone },
    email: { valid: email },
    retirementCategory: { valid: enumOf(RETIREMENT_CATEGORIES) },
    skillLevel: { valid: fc.constantFrom('高级技师', '技师', '高级工') },
    occupation: { valid: fc.constantFrom('数控车工', '焊工', '钳工') },
    socialInsuranceDistrict: { valid: fc.constantFrom('松江区', '青浦区') },
  };
  const talentChanges: FieldSpec = {
    employerId: { valid: fc.oneof(fc.constant(world.employerId), orgId) },
    phone: { valid: phone },
    email: { valid: email },
    retirementCategory: { valid: enumOf(RETIREMENT_CATEGORIES) },
  };
  const lookup: FieldSpec = {
    idNumber: { valid: fc.oneof(idNumber, fc.constantFrom(...world.idNumbers)), required: true },
  };
  const honours: FieldSpec = {
    title: { valid: fc.oneof(enumOf(KNOWN_HONOURS), text(100)), required: true },
    awardedOn: { valid: date, required: true },
    issuer: { valid: optionalText(100) },
    certificateNumber: { valid: optionalText(100) },
  };
  const titles: FieldSpec = {
    title: { valid: fc.oneof(fc.constantFrom('区领军人才', '区拔尖人才', '首席教师'), text(100)), required: true },
    monthlyAmountFen: { valid: fc.integer({ min: 0, max: 100_000_000 }), required: true },
    validFrom: { valid: date, required: true },
    validTo: { valid: date },
  };
  const designations: FieldSpec = {
    talentId: { valid: talentId, required: true },
    cohort: { valid: fc.constantFrom('2023', '2024', '2025', '2026', '1900', '2199'), required: true },
    designatedOn: { valid: dateBetween('2023-01-01', '2026-11-23'), required: true },
    termStart: { valid: dateBetween('2023-01-01', '2027-06-30').map((d) => `${d.slice(0, 7)}-01`) },
    monthlyAllowanceFen: { valid: fc.integer({ min: 0, max: 10_000_000 }) },
  };
  const annualReviews: FieldSpec = {
    year: { valid: fc.integer({ min: 2023, max: 2028 }), required: true },
    grade: { valid: enumOf(GRADES), required: true },
    reviewedOn: { valid: dateBetween('2024-01-01', '2026-12-31'), required: true },
  };
  const annualResults: FieldSpec = {
    year: { valid: fc.integer({ min: 2022, max: 2027 }), required: true },
    results: { valid: fc.integer({ min: 0, max: 50 }), required: true },
    patents: { valid: fc.record({ invention: fc.integer({ min: 0, max: 9 }), utilityModel: fc.integer({ min: 0, max: 9 }), design: fc.integer({ min: 0, max: 9 }) }), required: true },
    activities: { valid: fc.integer({ min: 0, max: 20 }), required: true },
  };
  const adjustments: FieldSpec = {
    reason: { valid: enumOf(ADJUSTMENT_REASONS), required: true },
    effectiveOn: { valid: dateBetween('2024-01-01', '2028-12-31'), required: true },
    note: { valid: optionalText(2000) },
    evidence: { valid: optionalText(4000) },
  };
  const decision: FieldSpec = { decision: { valid: enumOf(DECISIONS), required: true }, comment: { valid: optionalText(2000) } };
  const result: FieldSpec = {
    grade: { valid: enumOf(GRADES), required: true },
    assessedOn: { valid: dateBetween('2025-11-01', '2026-12-31'), required: true },
    score: { valid: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100)) },
    comments: { valid: optionalText(4000) },
  };
  const correction: FieldSpec = { ...result, reason: { valid: text(2000), required: true } };
  const workshops: FieldSpec = {
    kind: { valid: enumOf(WORKSHOP_KINDS), required: true },
    name: { valid: fc.oneof(chineseName.map((n) => `${n}工作室`), text(200)), required: true },
    employerId: { valid: fc.oneof(fc.constant(world.employerId), orgId), required: true },
    leadTalentId: { valid: talentId, required: true },
    level: { valid: enumOf(WORKSHOP_LEVELS) },
    namedOn: { valid: dateBetween('2021-01-01', '2026-12-31'), required: true },
    unionId: { valid: fc.oneof(fc.constant(world.unitUnionId), orgId) },
    memberCount: { valid: fc.integer({ min: 1, max: 100_000 }) },
    address: { valid: optionalText(200) },
  };
  const changeRequests: FieldSpec = {
    reason: { valid: enumOf(CHANGE_REASONS), required: true },
    reasonDetail: { valid: optionalText(2000) },
    action: { valid: enumOf(CHANGE_ACTIONS), required: true },
    newLeadTalentId: { valid: talentId },
    contactName: { valid: optionalText(50) },
    memberCount: { valid: fc.integer({ min: 1, max: 100_000 }) },
    address: { valid: optionalText(200) },
    contactPhone: { valid: fc.oneof(phone, fc.constantFrom('021-62307008', '62307008', '(021) 6230 7008')) },
  };
  const rounds: FieldSpec = {
    cohort: { valid: fc.constantFrom('2027', '2029', '2031', '1900', '27'), required: true },
    quota: { valid: fc.integer({ min: -5, max: 2000 }) },
    applicationsOpen: { valid: dateBetween('2026-10-01', '2027-03-31'), required: true },
    applicationsClose: { valid: dateBetween('2026-10-01', '2027-03-31'), required: true },
  };
  const content: FieldSpec = {
    occupation: { valid: fc.oneof(fc.constantFrom('数控车工', '焊工'), text(200)), required: true },
    skillLevel: { valid: enumOf(SKILL_LEVELS), required: true },
    skillRecognisedBy: { valid: optionalText(200) },
    post: { valid: fc.oneof(fc.constant('班组长'), text(200)), required: true },
    industry: { valid: enumOf(INDUSTRIES), required: true },
    achievements: { valid: optionalText(5000) },
    awards: { valid: optionalText(5000) },
    patents: { valid: optionalText(5000) },
    team: { valid: optionalText(5000) },
    otherTitles: { valid: optionalText(2000) },
    employerSupport: { valid: optionalText(5000) },
  };
  const applications: FieldSpec = {
    ...content,
    channel: { valid: enumOf(CHANNELS), required: true },
    talentId: { valid: talentId },
    person: { valid: fc.record({ name: chineseName, idNumber: fc.oneof(idNumber, fc.constantFrom(...world.idNumbers)), employerId: fc.oneof(fc.constant(world.employerId), orgId), phone: phone }) },
  };
  const contentPatch: FieldSpec = Object.fromEntries(Object.entries(content).map(([k, v]) => [k, { valid: v.valid }]));
  const recommendation: FieldSpec = { decision: { valid: enumOf(RECOMMENDATIONS), required: true }, comment: { valid: text(2000), required: true } };
  const eligibility: FieldSpec = { decision: { valid: enumOf(ELIGIBILITY_DECISIONS), required: true }, reasons: { valid: text(2000), required: true }, falseMaterial: { valid: fc.boolean() } };
  const runPeriod: FieldSpec = { period: { valid: period, required: true } };
  const runJob: FieldSpec = { asOf: { valid: fc.oneof({ weight: 5, arbitrary: dateBetween('2024-01-01', '2027-12-31') }, { weight: 1, arbitrary: fc.constantFrom('1900-01-01', '2199-12-31') }) } };
  const noBody = jsonBody({});

  const designationCsv = csvBody({
    header: IMPORT_HEADER,
    cells: [
      fc.oneof(chineseName, fc.constant('张伟')),
      fc.oneof({ weight: 4, arbitrary: idNumber }, { weight: 1, arbitrary: fc.constantFrom(...world.idNumbers) }),
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...world.creditCodes) }, { weight: 1, arbitrary: creditCode }),
      fc.constantFrom('2024', '2025', '2026'),
      dateBetween('2023-01-01', '2026-11-23'),
    ],
  });
  const organizationCsv = csvBody({
    header: ORGANIZATION_COLUMNS.map((c) => c.key),
    cells: [
      fc.oneof(chineseName, fc.constant('某街道')),
      fc.constantFrom('用人单位', '街镇', '工会', '行业主管单位', 'employer', 'street', 'union', 'district_office', '公司'),
      fc.oneof(creditCode, fc.constant('')),
      fc.constantFrom('', 'unit', 'district', '本单位工会', '区局（产业）工会'),
      fc.constantFrom('', '某工会'),
      fc.constantFrom('', '松江区'),
      fc.constantFrom('', '某街道'),
      fc.constantFrom('', '某主管单位'),
      fc.constantFrom('', '某工会'),
      fc.constantFrom('', 'a@example.com', 'a@example.com; b@example.com', 'not-mail'),
      fc.constantFrom('', '企业', '事业单位', 'public_institution', '国企'),
    ],
  });
  const socialInsuranceCsv = csvBody({
    header: SOCIAL_INSURANCE_HEADER,
    cells: [
      fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...world.idNumbers) }, { weight: 1, arbitrary: idNumber }),
      fc.constantFrom('松江区', '青浦区', '闵行区', '浙江省嘉兴市'),
      dateBetween('2023-01-01', '2027-12-31'),
    ],
  });

  const openingCsv = csvBody({
    header: ALLOWANCE_HEADER,
    cells: [fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...world.idNumbers) }, { weight: 1, arbitrary: idNumber }), period, fc.integer({ min: -5, max: 300000 }).map(String)],
  });

  const year = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 2023, max: 2026 }).map(String) }, { weight: 1, arbitrary: fc.integer({ min: 1900, max: 2300 }).map(String) });
  const page = { limit: fc.integer({ min: -5, max: 300 }).map(String), cursor: fc.constant('') };
  const periodParam = fc.record({ period: param(fc.oneof(ids('periods'), period)) });

  return {
    'POST /api/v1/users': { actors: ['admin'], body: jsonBody(users), runs: 40 },
    // Only users nobody calls as: a revoked token would break the other properties.
    'POST /api/v1/users/{id}/tokens': { actors: ['admin'], params: fc.record({ id: param(ids('tokenUsers')) }), body: jsonBody({ password: { valid: password } }), runs: 30 },
    'DELETE /api/v1/users/{id}/tokens': { actors: ['admin'], params: fc.record({ id: param(ids('tokenUsers')) }), body: noBody, runs: 30 },
    'PUT /api/v1/users/{id}/password': { actors: ['admin'], params: fc.record({ id: param(ids('tokenUsers')) }), body: jsonBody(passwords), runs: 20 },
    'PATCH /api/v1/users/{id}': { actors: ['admin'], params: fc.record({ id: param(ids('tokenUsers')) }), body: jsonBody(userChanges), runs: 30 },
    // The actors' own passwords are never guessed (but admin's may be sent for another actor), so their tokens survive; wrong ones are counted.
    'PUT /api/v1/users/me/password': { actors: ['finance', 'assessor', 'unitUnion', 'cityOffice'], body: jsonBody(ownPassword), runs: 20, writesOn4xx: ['auth_counters'] },
    'POST /api/v1/sessions': { actors: ['admin', 'finance', 'assessor'], body: jsonBody(signIn), runs: 30, writesOn4xx: ['auth_counters'] },
    // API tokens, not sessions: signing out leaves them alone, so the other properties keep their actors.
    'DELETE /api/v1/sessions/current': { actors: ['admin', 'finance', 'assessor', 'unitUnion', 'cityOffice'], body: noBody, runs: 10 },
    'POST /api/v1/organizations': { actors: ['admin', 'cityOffice'], body: jsonBody(organizations), runs: 50, capture: add('organizations') },
    'POST /api/v1/organizations/import': { actors: ['admin'], body: organizationCsv, runs: 40 },
    'PATCH /api/v1/organizations/{id}': { actors: ['admin'], params: idParam('organizations'), body: jsonBody(organizationPatch), runs: 50 },
    'POST /api/v1/talents': { actors: ['admin', 'cityOffice'], body: jsonBody(talents), runs: 50, capture: add('talents') },
    'POST /api/v1/talents/lookup': { actors: ['admin', 'cityOffice'], body: jsonBody(lookup), runs: 25 },
    'PATCH /api/v1/talents/{id}': { actors: ['admin'], params: idParam('talents'), body: jsonBody(talentChanges), runs: 40 },
    'POST /api/v1/talents/{id}/honours': {
      actors: ['admin', 'cityOffice'],
      params: idParam('talents'),
      body: jsonBody(honours),
      runs: 40,
      capture: (body, params) => {
        if (typeof body.id === 'string') world.honours.push({ talentId: decodeURIComponent(params.id), honourId: body.id });
      },
    },
    'DELETE /api/v1/talents/{id}/honours/{honourId}': {
      actors: ['admin', 'cityOffice'],
      params: fc.oneof(
        fromPool(() => world.honours).map((h) => ({ id: h.talentId, honourId: h.honourId })),
        fc.record({ id: real('talents'), honourId: param(fromPool(() => world.honours.map((h) => h.honourId))) }),
      ),
      body: noBody,
      runs: 30,
    },
    'POST /api/v1/talents/{id}/titles': { actors: ['admin'], params: idParam('talents'), body: jsonBody(titles), runs: 40 },
    'POST /api/v1/designations': { actors: ['admin'], body: jsonBody(designations), runs: 50, capture: add('designations') },
    'POST /api/v1/designations/import': { actors: ['admin'], body: designationCsv, runs: 60 },
    'POST /api/v1/designations/{id}/annual-reviews': { actors: ['admin', 'employer'], params: idParam('designations'), body: jsonBody(annualReviews), runs: 40 },
    'POST /api/v1/designations/{id}/adjustments': { actors: ['admin'], params: idParam('designations'), body: jsonBody(adjustments), runs: 40, capture: add('adjustments') },
    'POST /api/v1/adjustments/{id}/decision': { actors: ['admin'], params: idParam('adjustments'), body: jsonBody(decision), runs: 40 },
    'POST /api/v1/social-insurance/import': { actors: ['admin'], body: socialInsuranceCsv, runs: 60 },
    'POST /api/v1/assessments/{id}/result': { actors: ['admin', 'assessor'], params: idParam('assessments'), body: jsonBody(result), runs: 40 },
    'POST /api/v1/assessments/{id}/correction': { actors: ['admin'], params: idParam('assessments'), body: jsonBody(correction), runs: 30 },
    'POST /api/v1/workshops': { actors: ['admin', 'cityOffice'], body: jsonBody(workshops), runs: 50, capture: add('workshops') },
    'POST /api/v1/workshops/{id}/change-requests': { actors: ['unitUnion', 'unitUnion', 'districtUnion'], params: idParam('workshops'), body: jsonBody(changeRequests), runs: 40, capture: add('changeRequests') },
    'POST /api/v1/change-requests/{id}/decisions': { actors: ['districtUnion', 'cityOffice'], params: idParam('changeRequests'), body: jsonBody(decision), runs: 40 },
    'POST /api/v1/workshops/{id}/annual-results': { actors: ['unitUnion', 'admin', 'districtUnion'], params: idParam('workshops'), body: jsonBody(annualResults), runs: 40 },
    'POST /api/v1/notifications/{id}/retry': {
      actors: ['admin'],
      params: idParam('notifications'),
      body: noBody,
      runs: 30,
      before: async () => {
        world.pools.notifications = (await db().query(`SELECT id FROM notifications ORDER BY created_at`)).map((r: { id: string }) => r.id);
      },
    },
    'POST /api/v1/payments/opening-ledger': { actors: ['admin', 'finance'], query: queryString({ kind: enumOf(OPENING_KINDS) }), body: openingCsv, runs: 40 },
    'POST /api/v1/payment-runs': { actors: ['admin', 'finance'], body: jsonBody(runPeriod), runs: 40 },
    'POST /api/v1/payment-runs/{period}/close': { actors: ['finance'], params: periodParam, body: noBody, runs: 30 },
    'POST /api/v1/rounds': { actors: ['admin'], body: jsonBody(rounds), runs: 30, capture: add('rounds') },
    'POST /api/v1/rounds/{id}/applications': { actors: ['admin', 'employer'], params: idParam('rounds'), body: jsonBody(applications), runs: 60, capture: add('applications') },
    'PATCH /api/v1/applications/{id}': { actors: ['admin', 'employer'], params: idParam('applications'), body: jsonBody(contentPatch), runs: 40 },
    'POST /api/v1/applications/{id}/recommendation': { actors: ['assessor'], params: idParam('applications'), body: jsonBody(recommendation), runs: 30 },
    'POST /api/v1/applications/{id}/eligibility': { actors: ['admin'], params: idParam('applications'), body: jsonBody(eligibility), runs: 30 },
    'PUT /api/v1/calendar/{year}': { actors: ['admin'], params: yearParam, body: jsonBody(calendarYear), runs: 40 },
    'PUT /api/v1/rounds/{id}/experts': { actors: ['admin'], params: idParam('reviewRounds'), body: jsonBody(experts), runs: 30 },
    'PUT /api/v1/applications/{id}/scores/me': { actors: ['expert'], params: idParam('reviewApplications'), body: jsonBody(scoreSheet), runs: 60 },
    'POST /api/v1/rounds/{id}/score-sheets/{expertId}': { actors: ['admin', 'expert'], params: roundAndExpert, body: paperSheetCsv, runs: 40 },
    'POST /api/v1/rounds/{id}/scoring/close': { actors: ['admin'], params: idParam('reviewRounds'), body: noBody, runs: 15 },
    'POST /api/v1/rounds/{id}/shortlist': { actors: ['admin'], params: idParam('reviewRounds'), body: jsonBody(shortlist), runs: 30 },
    'POST /api/v1/rounds/{id}/publicity': { actors: ['admin'], params: idParam('reviewRounds'), body: jsonBody({ startsOn: { valid: date, required: true } }), runs: 30 },
    'POST /api/v1/applications/{id}/objections': { actors: ['admin'], params: idParam('reviewApplications'), body: jsonBody({ text: { valid: optionalText(4000), required: true }, upheld: { valid: fc.boolean() } }), runs: 30 },
    'POST /api/v1/rounds/{id}/naming': { actors: ['admin'], params: idParam('reviewRounds'), body: jsonBody({ designatedOn: { valid: date, required: true } }), runs: 30 },
    'POST /api/v1/jobs/{name}/run': { actors: ['admin'], params: fc.record({ name: param(fc.constantFrom(...JOB_NAMES)) }), body: jsonBody(runJob), runs: 40 },

    'GET /api/v1/users': { actors: ['admin'], query: queryString({ ...page, role: enumOf(ROLES) }), runs: 20 },
    'GET /api/v1/sessions/current': { actors: ['admin', 'finance', 'assessor', 'unitUnion', 'districtUnion', 'cityOffice'], query: queryString({}), runs: 10 },
    'GET /api/v1/organizations': { actors: ['admin', 'cityOffice'], query: queryString({ ...page, kind: enumOf(ORGANIZATION_KINDS) }), runs: 25 },
    'GET /api/v1/organizations/{id}': { actors: ['admin', 'cityOffice'], params: idParam('organizations'), query: queryString({}), runs: 15 },
    'GET /api/v1/talents': { actors: ['admin', 'cityOffice'], query: queryString({ ...page, employerId: orgId, idNumber: fc.oneof(idNumber, fc.constantFrom(...world.idNumbers)), name: chineseName, q: fc.oneof(chineseName, fc.string({ maxLength: 60 })) }), runs: 25 },
    'GET /api/v1/talents/{id}': { actors: ['admin', 'cityOffice', 'finance'], params: idParam('talents'), query: queryString({}), runs: 15 },
    'GET /api/v1/designations': { actors: ['admin', 'finance', 'employer'], query: queryString({ ...page, status: enumOf(DESIGNATION_STATUSES), cohort: fc.constantFrom('2024', '2025'), employerId: orgId, name: fc.oneof(chineseName, fc.string({ maxLength: 60 })), q: fc.oneof(chineseName, fc.string({ maxLength: 60 })), talentId }), runs: 25 },
    'GET /api/v1/designations/{id}': { actors: ['admin', 'finance', 'employer'], params: idParam('designations'), query: queryString({}), runs: 15 },
    'GET /api/v1/designations/{id}/payments': { actors: ['admin', 'finance', 'employer'], params: idParam('designations'), query: queryString({}), runs: 15 },
    'GET /api/v1/talents/{id}/payments': { actors: ['admin', 'finance'], params: idParam('talents'), query: queryString({}), runs: 15 },
    'GET /api/v1/payment-runs': { actors: ['admin', 'finance'], query: queryString(page), runs: 20 },
    'GET /api/v1/workshops/{id}/lead-candidates': { actors: ['admin', 'cityOffice', 'unitUnion', 'districtUnion'], params: idParam('workshops'), query: queryString({}), runs: 15 },
    'GET /api/v1/workshops': { actors: ['admin', 'cityOffice', 'unitUnion', 'districtUnion', 'employer'], query: queryString({ ...page, kind: enumOf(WORKSHOP_KINDS), status: enumOf(WORKSHOP_STATUSES) }), runs: 20 },
    'GET /api/v1/adjustments/{id}/effect': { actors: ['admin'], params: idParam('adjustments'), query: queryString({}), runs: 15 },
    'GET /api/v1/adjustments/counts': { actors: ['admin'], query: queryString({}), runs: 10 },
    'GET /api/v1/adjustments': { actors: ['admin'], query: queryString({ ...page, status: enumOf(ADJUSTMENT_STATUSES), designationId: ids('designations') }), runs: 25 },
    'GET /api/v1/payment-runs/{period}': { actors: ['admin', 'finance'], params: periodParam, query: queryString({}), runs: 15 },
    'GET /api/v1/payment-runs/{period}/lines': { actors: ['admin', 'finance'], params: periodParam, query: queryString({ ...page, kind: enumOf(LIST_KINDS), q: fc.oneof(chineseName, fc.stringMatching(/^\d{3}[\dX]$/), fc.string({ maxLength: 60 })) }), runs: 25 },
    'GET /api/v1/payment-runs/{period}/roster': { actors: ['admin', 'finance'], params: periodParam, query: queryString({ type: enumOf(ROSTER_TYPES), format: enumOf(ROSTER_FORMATS) }), runs: 20 },
    'GET /api/v1/payment-runs/{period}/preview': { actors: ['admin', 'finance'], params: periodParam, query: queryString({}), runs: 15 },
    'GET /api/v1/payments/reconciliation': { actors: ['admin', 'finance'], query: queryString({ asOf: period, format: enumOf(['json', 'xlsx'] as const) }), runs: 15 },
    'GET /api/v1/templates/{name}': { actors: ['admin', 'finance'], params: fc.record({ name: param(fc.constantFrom(...TEMPLATE_NAMES)) }), query: queryString({}), runs: 15 },
    'GET /api/v1/assessments': { actors: ['admin', 'assessor'], query: queryString({ ...page, kind: enumOf(ASSESSMENT_KINDS), status: enumOf(TASK_STATUSES), designationId: ids('designations') }), runs: 25 },
    'GET /api/v1/assessments/counts': { actors: ['admin', 'assessor'], query: queryString({}), runs: 10 },
    'GET /api/v1/assessments/{id}': { actors: ['admin', 'assessor'], params: idParam('assessments'), query: queryString({}), runs: 15 },
    'GET /api/v1/workshops/{id}': { actors: ['admin', 'cityOffice', 'unitUnion', 'districtUnion', 'employer'], params: idParam('workshops'), query: queryString({}), runs: 15 },
    'GET /api/v1/change-requests': { actors: ['unitUnion', 'districtUnion', 'cityOffice', 'admin'], query: queryString({ ...page, status: enumOf(CHANGE_STATUSES), workshopId: ids('workshops') }), runs: 25 },
    'GET /api/v1/change-requests/counts': { actors: ['unitUnion', 'districtUnion', 'cityOffice', 'admin'], query: queryString({}), runs: 10 },
    'GET /api/v1/change-requests/{id}': { actors: ['unitUnion', 'districtUnion', 'cityOffice', 'admin'], params: idParam('changeRequests'), query: queryString({}), runs: 15 },
    'GET /api/v1/change-requests/{id}/form': { actors: ['unitUnion', 'districtUnion', 'cityOffice', 'admin'], params: idParam('changeRequests'), query: queryString({}), runs: 15 },
    'GET /api/v1/notifications': { actors: ['admin'], query: queryString({ ...page, status: enumOf(NOTIFICATION_STATUSES) }), runs: 25 },
    'GET /api/v1/workshops/{id}/payments': { actors: ['admin', 'finance', 'employer'], params: idParam('workshops'), query: queryString({}), runs: 15 },
    'GET /api/v1/rounds': { actors: ['admin', 'employer', 'expert'], query: queryString(page), runs: 15 },
    'GET /api/v1/rounds/{id}': { actors: ['admin', 'employer', 'expert'], params: fc.oneof(idParam('rounds'), idParam('reviewRounds')), query: queryString({}), runs: 15 },
    'GET /api/v1/rounds/{id}/applications': { actors: ['admin', 'employer', 'assessor', 'expert'], params: fc.oneof(idParam('rounds'), idParam('reviewRounds')), query: queryString({ ...page, stage: enumOf(STAGES) }), runs: 20 },
    'GET /api/v1/rounds/{id}/export': { actors: ['admin'], params: idParam('rounds'), query: queryString({}), runs: 10 },
    'GET /api/v1/applications': { actors: ['admin', 'employer', 'assessor'], query: queryString({ ...page, stage: enumOf(STAGES), roundId: ids('rounds') }), runs: 20 },
    'GET /api/v1/applications/{id}': { actors: ['admin', 'employer', 'assessor'], params: idParam('applications'), query: queryString({}), runs: 15 },
    'GET /api/v1/applications/{id}/form': { actors: ['admin', 'employer', 'expert'], params: idParam('applications'), query: queryString({}), runs: 15 },
    'GET /api/v1/application-bans': { actors: ['admin', 'employer'], query: queryString({ ...page, active: fc.constantFrom('true', 'false', 'yes') }), runs: 15 },
    'GET /api/v1/calendar/{year}': { actors: ['admin'], params: yearParam, query: queryString({}), runs: 15 },
    'GET /api/v1/rounds/{id}/experts': { actors: ['admin'], params: idParam('reviewRounds'), query: queryString({}), runs: 10 },
    'GET /api/v1/rounds/{id}/review': { actors: ['admin', 'expert'], params: idParam('reviewRounds'), query: queryString({}), runs: 10 },
    'GET /api/v1/applications/{id}/scores': { actors: ['admin', 'expert'], params: idParam('reviewApplications'), query: queryString({}), runs: 10 },
    'GET /api/v1/rounds/{id}/scores': { actors: ['admin'], params: idParam('reviewRounds'), query: queryString({}), runs: 10 },
    'GET /api/v1/rounds/{id}/score-sheets/{expertId}': { actors: ['admin', 'expert'], params: roundAndExpert, query: queryString({}), runs: 10 },
    'GET /api/v1/applications/{id}/score-sheet': { actors: ['admin', 'expert'], params: idParam('reviewApplications'), query: queryString({ expertId: ids('experts') }), runs: 10 },
    'GET /api/v1/rounds/{id}/publicity-list': { actors: ['admin'], params: idParam('reviewRounds'), query: queryString({ format: enumOf(LIST_FORMATS) }), runs: 15 },
    'GET /api/v1/rounds/{id}/objections': { actors: ['admin'], params: idParam('reviewRounds'), query: queryString({}), runs: 10 },
    'GET /api/v1/workshops/{id}/annual-results': { actors: ['admin', 'cityOffice', 'unitUnion', 'districtUnion'], params: idParam('workshops'), query: queryString({}), runs: 15 },
    'GET /api/v1/reports/dashboard': { actors: ['admin', 'finance'], query: queryString({ format: enumOf(DASHBOARD_FORMATS), chart: enumOf(DASHBOARD_CHARTS) }), runs: 15 },
    'GET /api/v1/reports/assessments/{year}': { actors: ['admin'], params: fc.record({ year: param(year) }), query: queryString({ format: enumOf(ASSESSMENT_REPORT_FORMATS) }), runs: 15 },
    'GET /api/v1/reports/workshops/{unionId}/{year}': {
      actors: ['admin', 'unitUnion', 'districtUnion', 'cityOffice'],
      params: fc.record({ unionId: real('organizations'), year: param(year) }),
      query: queryString({ form: enumOf(UNION_FORMS) }),
      runs: 20,
    },
    'GET /api/v1/reports/payment-history/talents/{id}': { actors: ['admin', 'finance'], params: idParam('talents'), query: queryString({ since: period, format: enumOf(DASHBOARD_FORMATS) }), runs: 15 },
    'GET /api/v1/reports/payment-history/employers/{id}': { actors: ['admin', 'finance'], params: idParam('organizations'), query: queryString({ since: period, format: enumOf(DASHBOARD_FORMATS) }), runs: 15 },
    'GET /api/v1/audit-events': { actors: ['admin'], query: queryString({ ...page, entityType: fc.constantFrom('talent', 'designation', 'payment_run'), entityId: anyId, person: fc.oneof(chineseName, fc.string({ maxLength: 60 })), action: fc.oneof(fc.constantFrom('talent.created', 'designation.created,adjustment.proposed'), fc.string({ maxLength: 60 })) }), runs: 25 },
  };
}

let t: TestApp;
const db = () => t.db;

describe('fuzz: generated input never gets a 5xx, and a 4xx never changes the database', () => {
  let world: FuzzWorld;
  let routes: Record<Route, Fuzz>;
  let fingerprint: () => Promise<Map<string, string>>;
  const stats = { runs: 0, byStatus: new Map<number, number>() };

  beforeAll(async () => {
    t = await startTestApp();
    world = await buildFuzzWorld(t);
    routes = routesOf(world);
    fingerprint = await fingerprinter(t);
  }, TIMEOUT);
  afterAll(async () => {
    if (process.env.FUZZ_VERBOSE) console.log(`fuzz: ${stats.runs} requests`, Object.fromEntries([...stats.byStatus].sort(([a], [b]) => a - b)));
    await t?.close();
  });

  it('fuzzes every route the application serves but /health', async () => {
    const doc = (await t.http(null).get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
    expect(served.filter((r) => r !== 'GET /health').sort()).toEqual([...WRITE_ROUTES, ...READ_ROUTES].sort());
  });

  const send = async (route: Route, actor: Actor, params: Record<string, string>, query: string, body: WireBody | undefined) => {
    const [method, template] = route.split(' ');
    const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => params[name]) + query;
    const http = t.http(world.tokens[actor]);
    let req = method === 'GET' ? http.get(path) : method === 'DELETE' ? http.delete(path) : method === 'PUT' ? http.put(path) : method === 'PATCH' ? http.patch(path) : http.post(path);
    req = req.timeout({ response: 60_000, deadline: 120_000 });
    if (body) {
      if (body.contentType !== undefined) req = req.set('Content-Type', body.contentType);
      req = req.send(body.payload);
    }
    return { path, res: await req };
  };

  it.each([...WRITE_ROUTES, ...READ_ROUTES])(
    '%s',
    async (route) => {
      const fuzz = routes[route];
      await fuzz.before?.();
      const property = fc.asyncProperty(
        fc.constantFrom(...fuzz.actors),
        fuzz.params ?? fc.constant<Record<string, string>>({}),
        fuzz.query ?? fc.constant(''),
        fuzz.body ?? fc.constant(undefined),
        async (actor, params, query, body) => {
          const before = await fingerprint();
          const { path, res } = await send(route, actor, params, query, body);
          stats.runs++;
          stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
          const what = () =>
            `${route.split(' ')[0]} ${abbreviate(path)} as ${actor}${body ? `: ${body[fc.toStringMethod]()}` : ''}\n→ ${res.status} ${abbreviate(res.text ?? '')}`;
          if (res.status >= 500 || res.status < 200) throw new Error(`server error: ${what()}`);
          if (res.status >= 400) {
            const changed = changedTables(before, await fingerprint()).filter((table) => !fuzz.writesOn4xx?.includes(table));
            if (changed.length > 0) throw new Error(`a ${res.status} answer changed ${changed.join(', ')}: ${what()}`);
          } else if (fuzz.capture && res.body && typeof res.body === 'object') {
            fuzz.capture(res.body as Record<string, unknown>, params);
          }
        },
      );
      await fc.assert(property, { numRuns: RUNS ?? fuzz.runs, seed: SEED, endOnFailure: true });
    },
    TIMEOUT,
  );
});
