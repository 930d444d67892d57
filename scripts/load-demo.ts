/**
 * Loads a realistic 松江区 data set into a RUNNING service through its public
 * HTTP API, so every record is validated and audited like any other:
 *
 *   npm run build && npm run demo
 *
 * Base URL: DEMO_URL, else PUBLIC_URL, else http://localhost:${PORT ?? 3000}.
 * Admin token: ADMIN_TOKEN, else BOOTSTRAP_ADMIN_TOKEN, else the file
 * ${DATA_DIR ?? '.data'}/admin-token that the first start writes.
 *
 * It refuses (exit 1) when the district office organisation it creates first
 * already exists, so it never loads the set twice.
 *
 * It prints a console username and a random password (and an API token) for a
 * user of each role, so a newcomer can sign in to the console as each.
 *
 * The data set is scripts/demo/data.ts; this file only loads it.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiClient } from './lib/api-client';
import { toCsv } from './lib/csv';
import { fakeCreditCode, fakeIdNumber } from './lib/fake-ids';
import {
  ADJUSTMENTS,
  AUTHORITIES,
  AuthorityKey,
  CHIEF_WORKSHOPS,
  CITY_OFFICE_NAME,
  COHORTS,
  CRAFTSMAN_WORKSHOPS,
  DISTRICT,
  DISTRICT_OFFICE_NAME,
  DISTRICT_UNION_NAME,
  EMPLOYERS,
  EmployerKey,
  FEMALE_CADRES,
  HONOURS,
  MAIL_DOMAIN,
  PHONES,
  STREETS,
  TITLES,
  USERS,
} from './demo/data';

export { DISTRICT_OFFICE_NAME };

export interface DemoUser {
  role: string;
  name: string;
  email: string;
  organization: string | null;
  token: string;
  /** Console sign-in: the mailbox name and a password made for this load (printed once). */
  username: string;
  password: string;
}

export interface DemoSummary {
  baseUrl: string;
  organizations: Record<string, number> & { total: number };
  talents: number;
  designations: Record<string, number> & { total: number };
  honours: number;
  titles: number;
  workshops: { chief_technician: number; craftsman_innovation: number };
  pendingAdjustments: number;
  /** The lifecycle job run at the end: terms of the 2020 and 2022 cohorts have ended. */
  lifecycle: unknown;
  users: DemoUser[];
}

/** Thrown when the demo data set is already in the database. */
export class DemoAlreadyLoadedError extends Error {
  constructor() {
    super(`demo data is already loaded: an organisation named '${DISTRICT_OFFICE_NAME}' exists; nothing was changed`);
    this.name = 'DemoAlreadyLoadedError';
  }
}

interface Created {
  id: string;
}

/** A password of this load only: the data set is public, its passwords must not be. */
function demoPassword(): string {
  return randomBytes(9).toString('base64url');
}

function mail(mailbox: string): string {
  return `${mailbox}@${MAIL_DOMAIN}`;
}

function creditCodeOf(employer: EmployerKey): string {
  return fakeCreditCode(EMPLOYERS[employer].body);
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** Organisations by name, and how many of each kind were created. */
class Organisations {
  readonly counts: Record<string, number> = {};
  private readonly ids = new Map<string, string>();

  constructor(private readonly api: ApiClient) {}

  async create(body: { name: string; kind: string } & Record<string, unknown>): Promise<string> {
    const { id } = await this.api.post<Created>('/organizations', body);
    this.counts[body.kind] = (this.counts[body.kind] ?? 0) + 1;
    this.ids.set(body.name, id);
    return id;
  }

  id(name: string): string {
    const id = this.ids.get(name);
    if (!id) throw new Error(`demo data: no organisation called ${name}`);
    return id;
  }
}

/** Offices, streets, industry authorities, the unions and the employers (each with its unit union under the district union). */
async function loadOrganisations(orgs: Organisations): Promise<Map<EmployerKey, string>> {
  await orgs.create({ name: DISTRICT_OFFICE_NAME, kind: 'district_office', district: DISTRICT, contactEmails: [mail('shouxi.bangongshi'), mail('rsj.zhinengke')] });
  await orgs.create({ name: CITY_OFFICE_NAME, kind: 'city_office', contactEmails: [mail('city.gongjiang')] });
  for (const [name, mailbox] of STREETS) await orgs.create({ name, kind: 'street', district: DISTRICT, contactEmails: [mail(mailbox)] });
  for (const key of Object.keys(AUTHORITIES) as AuthorityKey[]) {
    await orgs.create({ name: AUTHORITIES[key].name, kind: 'industry_authority', district: DISTRICT, contactEmails: [mail(AUTHORITIES[key].mailbox)] });
  }
  const districtUnionId = await orgs.create({ name: DISTRICT_UNION_NAME, kind: 'union', level: 'district', district: DISTRICT, contactEmails: [mail('zonggonghui')] });
  const employerIds = new Map<EmployerKey, string>();
  for (const key of Object.keys(EMPLOYERS) as EmployerKey[]) {
    const e = EMPLOYERS[key];
    const unionId = await orgs.create({ name: `${e.name}工会`, kind: 'union', level: 'unit', parentId: districtUnionId, contactEmails: [mail(`gonghui.${e.mailbox.replace(/^hr\./, '')}`)] });
    const body = { name: e.name, kind: 'employer', creditCode: creditCodeOf(key), streetId: orgs.id(e.street), unionId, contactEmails: [mail(e.mailbox)] };
    employerIds.set(key, await orgs.create(e.authority ? { ...body, industryAuthorityId: orgs.id(AUTHORITIES[e.authority].name) } : body));
  }
  return employerIds;
}

/**
 * People registered one by one (occupation, skill level, retirement category, a few
 * phones), then named cohort by cohort through the CSV import, which matches each
 * row to the registered person by ID number. Returns talent ids by name and designations per cohort.
 */
async function loadCohorts(api: ApiClient, employerIds: Map<EmployerKey, string>): Promise<{ talentIds: Map<string, string>; designations: Record<string, number> }> {
  const talentIds = new Map<string, string>();
  const designations: Record<string, number> = {};
  let index = 0;
  for (const { cohort, designatedOn, people } of COHORTS) {
    const rows: string[][] = [['name', 'idNumber', 'employerCreditCode', 'cohort', 'designatedOn']];
    for (const [name, gender, birthDate, occupation, skillLevel, employer] of people) {
      if (talentIds.has(name)) throw new Error(`demo data: ${name} appears twice`);
      const idNumber = fakeIdNumber(birthDate, index++, gender === 'M' ? 'male' : 'female');
      const retirementCategory = gender === 'M' ? 'male' : FEMALE_CADRES.has(name) ? 'female_cadre' : 'female_worker';
      const talent = await api.post<Created>('/talents', {
        name,
        idNumber,
        employerId: employerIds.get(employer),
        retirementCategory,
        occupation,
        skillLevel,
        socialInsuranceDistrict: DISTRICT,
        ...(PHONES[name] ? { phone: PHONES[name] } : {}),
      });
      talentIds.set(name, talent.id);
      rows.push([name, idNumber, creditCodeOf(employer), cohort, designatedOn]);
    }
    const imported = await api.request<{ created: number }>('POST', '/designations/import', 201, toCsv(rows), 'text/csv');
    designations[cohort] = imported.created;
  }
  return { talentIds, designations };
}

/** Setting a password ends the user's tokens (as it would for a real user), so the API token is minted after it. */
async function loadUsers(api: ApiClient, orgs: Organisations): Promise<DemoUser[]> {
  const users: DemoUser[] = [];
  for (const [name, role, mailbox, organization] of USERS) {
    const created = await api.post<Created>('/users', { name, role, email: mail(mailbox), ...(organization ? { organizationId: orgs.id(organization) } : {}) });
    const password = demoPassword();
    await api.put(`/users/${created.id}/password`, { username: mailbox, password });
    const { token } = await api.post<{ token: string }>(`/users/${created.id}/tokens`, {});
    users.push({ role, name, email: mail(mailbox), organization, token, username: mailbox, password });
  }
  return users;
}

export async function loadDemo(baseUrl: string, token: string): Promise<DemoSummary> {
  const base = baseUrl.replace(/\/+$/, '');
  const api = new ApiClient(`${base}/api/v1`, token);

  const offices = await api.all<{ name: string }>('/organizations?kind=district_office');
  if (offices.some((o) => o.name === DISTRICT_OFFICE_NAME)) throw new DemoAlreadyLoadedError();

  const orgs = new Organisations(api);
  const employerIds = await loadOrganisations(orgs);
  const { talentIds, designations } = await loadCohorts(api, employerIds);
  const talentId = (name: string): string => {
    const id = talentIds.get(name);
    if (!id) throw new Error(`demo data: no person called ${name}`);
    return id;
  };

  for (const [person, title, awardedOn, issuer] of HONOURS) await api.post(`/talents/${talentId(person)}/honours`, { title, awardedOn, issuer });
  for (const [person, title, monthlyAmountFen, validFrom, validTo] of TITLES) await api.post(`/talents/${talentId(person)}/titles`, { title, monthlyAmountFen, validFrom, validTo });

  const users = await loadUsers(api, orgs);

  // Workshops: the employer is the lead's; craftsman workshops are named by the city office.
  const employerOfPerson = new Map<string, EmployerKey>(COHORTS.flatMap((c) => c.people.map((p) => [p[0], p[5]] as const)));
  const employerIdOf = (person: string): string => employerIds.get(employerOfPerson.get(person)!)!;
  for (const [name, lead, level, namedOn] of CHIEF_WORKSHOPS) {
    await api.post('/workshops', { kind: 'chief_technician', name, employerId: employerIdOf(lead), leadTalentId: talentId(lead), level, namedOn });
  }
  const city = api.withToken(users.find((u) => u.role === 'city_office')!.token);
  for (const [name, lead, namedOn] of CRAFTSMAN_WORKSHOPS) {
    await city.post('/workshops', { kind: 'craftsman_innovation', name, employerId: employerIdOf(lead), leadTalentId: talentId(lead), namedOn });
  }

  // The designations as the API lists them, to find each person's designation.
  const designationOf = new Map<string, string>();
  for (const { cohort } of COHORTS) {
    for (const d of await api.all<{ id: string; talentId: string }>(`/designations?cohort=${cohort}`)) designationOf.set(d.talentId, d.id);
  }
  for (const [person, reason, effectiveOn, note, evidence] of ADJUSTMENTS) {
    const designationId = designationOf.get(talentId(person));
    if (!designationId) throw new Error(`demo data: ${person} has no designation`);
    await api.post(`/designations/${designationId}/adjustments`, { reason, effectiveOn, note, evidence });
  }

  // What the 01:00 job would do tonight: the 2020 and 2022 terms have ended.
  const lifecycle = await api.post<{ result: unknown }>('/jobs/lifecycle/run', {}, 200);

  return {
    baseUrl: base,
    organizations: { ...orgs.counts, total: total(orgs.counts) },
    talents: talentIds.size,
    designations: { ...designations, total: total(designations) },
    honours: HONOURS.length,
    titles: TITLES.length,
    workshops: { chief_technician: CHIEF_WORKSHOPS.length, craftsman_innovation: CRAFTSMAN_WORKSHOPS.length },
    pendingAdjustments: ADJUSTMENTS.length,
    lifecycle: lifecycle.result,
    users,
  };
}

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------

export function demoBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.DEMO_URL || env.PUBLIC_URL || `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, '');
}

export function demoAdminToken(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.ADMIN_TOKEN || env.BOOTSTRAP_ADMIN_TOKEN;
  if (given) return given.trim();
  const file = join(env.DATA_DIR || '.data', 'admin-token');
  try {
    const token = readFileSync(file, 'utf8').trim();
    if (token !== '') return token;
  } catch {
    // reported below
  }
  throw new Error(`no admin token: set ADMIN_TOKEN (or BOOTSTRAP_ADMIN_TOKEN), or start the service once so that it writes ${file}`);
}

export function formatSummary(s: DemoSummary): string {
  const counts = (c: Record<string, number>) =>
    Object.entries(c)
      .filter(([k]) => k !== 'total')
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  const lines = [
    `Demo data loaded into ${s.baseUrl}`,
    `  organisations   ${s.organizations.total} (${counts(s.organizations)})`,
    `  talents         ${s.talents}`,
    `  designations    ${s.designations.total} (cohort ${counts(s.designations)})`,
    `  honours         ${s.honours}`,
    `  other titles    ${s.titles}`,
    `  workshops       ${s.workshops.chief_technician + s.workshops.craftsman_innovation} (chief_technician ${s.workshops.chief_technician}, craftsman_innovation ${s.workshops.craftsman_innovation})`,
    `  adjustments     ${s.pendingAdjustments} pending`,
    `  lifecycle job   ${JSON.stringify(s.lifecycle)}`,
    '',
    `Users (passwords and tokens are shown only now). Sign in to the console at ${s.baseUrl}/ with the username and`,
    'password, or send the token to the API as "Authorization: Bearer <token>":',
    ...s.users.map(
      (u) =>
        `  ${u.role.padEnd(11)} ${u.name}  ${u.email}${u.organization ? `  [${u.organization}]` : ''}\n` +
        `              username ${u.username}   password ${u.password}\n              token    ${u.token}`,
    ),
    '',
    `Try: curl -H "Authorization: Bearer <token>" "${s.baseUrl}/api/v1/designations?cohort=2024"   (docs: ${s.baseUrl}/docs)`,
  ];
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  try {
    const summary = await loadDemo(demoBaseUrl(), demoAdminToken());
    process.stdout.write(formatSummary(summary));
  } catch (error) {
    process.stderr.write(`Demo data not loaded: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
