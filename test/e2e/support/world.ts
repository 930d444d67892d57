import { Given } from '../../support/given';
import { ok } from '../../support/http';
import { ADMIN_PASSWORD, type TestApp } from '../../support/test-app';

/** The people and things the browser tests act on, built through the public API as an admin would. */
export interface ConsoleWorld {
  passwords: Record<UserKey, { username: string; password: string }>;
  /** 统一社会信用代码 of the employer everyone works for (for CSV imports). */
  employerCreditCode: string;
  /** The designation whose mid-term assessment is open now (organised by the street). */
  assessed: { designationId: string; talentName: string };
  /** A designation with a pending adjustment for the admin to decide. */
  adjusted: { designationId: string; talentName: string; adjustmentId: string };
  /** A craftsman workshop the unit union files a change for, and the new lead it names. */
  workshopToChange: { id: string; name: string; newLeadId: string; newLeadName: string };
  /** A craftsman workshop whose change request the district union already reviewed (for the city office). */
  workshopReviewed: { id: string; name: string; requestId: string; newLeadId: string };
}

export type UserKey = 'finance' | 'assessor' | 'unitUnion' | 'districtUnion' | 'city';

/** The console sign-in of one of the world's users, or of the first admin. */
export function credentialsOf(world: ConsoleWorld, key: UserKey | 'admin'): { username: string; password: string } {
  return key === 'admin' ? { username: 'admin', password: ADMIN_PASSWORD } : world.passwords[key];
}

/**
 * `today` is the Shanghai date of the real clock: the designation of the
 * assessed person starts 17 months before this month, so its mid-term
 * (due the last day of month 18) is due at the end of this month and opens now.
 */
export async function buildConsoleWorld(t: TestApp, today: string): Promise<ConsoleWorld> {
  const given = new Given(t);
  const post = async <T = { id: string }>(path: string, body: unknown, expected = 201, token?: string): Promise<T> =>
    ok(await t.http(token).post(`/api/v1${path}`).send(body as object), expected, `POST ${path}`) as T;

  await given.districtOffice();
  await given.organization({ name: '上海市工匠创新工作室创建命名办公室', kind: 'city_office', contactEmails: ['city@example.com'] });
  const street = await given.organization({ name: '岳阳街道', kind: 'street', contactEmails: ['yueyang@example.com'] });
  const districtUnion = await given.organization({ name: '松江区总工会', kind: 'union', level: 'district', contactEmails: ['district@example.com'] });
  const unitUnion = await given.organization({ name: '上海松江精密机械有限公司工会', kind: 'union', level: 'unit', parentId: districtUnion.id, contactEmails: ['unit@example.com'] });
  const employer = await given.employer({ name: '上海松江精密机械有限公司', streetId: street.id, unionId: unitUnion.id });

  const passwords: ConsoleWorld['passwords'] = {
    finance: { username: 'caiwu', password: 'finance-pass-2026' },
    assessor: { username: 'kaohe', password: 'assessor-pass-2026' },
    unitUnion: { username: 'danweigonghui', password: 'unit-union-pass-2026' },
    districtUnion: { username: 'quzonggonghui', password: 'district-union-pass-2026' },
    city: { username: 'shibangongshi', password: 'city-office-pass-2026' },
  };
  const tokens = {} as Record<UserKey, string>;
  const user = async (key: UserKey, name: string, role: string, organizationId?: string) => {
    const body = await post<{ token: string }>('/users', { name, role, ...(organizationId ? { organizationId } : {}), ...passwords[key] });
    tokens[key] = body.token;
  };
  await user('finance', '财务王芳', 'finance');
  await user('assessor', '岳阳街道考核组', 'assessor', street.id);
  await user('unitUnion', '单位工会李红', 'union', unitUnion.id);
  await user('districtUnion', '区总工会赵强', 'union', districtUnion.id);
  await user('city', '市办公室孙丽', 'city_office');

  // Chief technicians: the assessed one starts 17 months before this month.
  const [y, m] = today.split('-').map(Number);
  const start = new Date(Date.UTC(y, m - 1 - 17, 1)).toISOString().slice(0, 10);
  const dayBefore = new Date(Date.parse(start) - 10 * 86_400_000).toISOString().slice(0, 10);
  const assessedTalent = await given.talent({ employerId: employer.id, name: '张建国' });
  const assessed = await given.designation({ talentId: assessedTalent.id, designatedOn: dayBefore, termStart: start });
  await given.designation({ talentId: (await given.talent({ employerId: employer.id, name: '李明华' })).id, designatedOn: '2025-12-10' });
  const adjustedTalent = await given.talent({ employerId: employer.id, name: '陈卫国' });
  const adjusted = await given.designation({ talentId: adjustedTalent.id, designatedOn: '2025-12-10' });
  const adjustment = await post(`/designations/${adjusted.id}/adjustments`, { reason: 'violation', effectiveOn: '2026-12-01', note: '受到行政处分', evidence: '区人社局通报' });

  const job = ok(await t.http().post('/api/v1/jobs/assessments/run').send({ asOf: today }), 200, 'assessments job') as { result: { opened: number } };
  if (job.result.opened !== 1) throw new Error(`expected one assessment task opened on ${today}, got ${JSON.stringify(job.result)}`);

  // Craftsman innovation workshops, named by the city office; leads and successors hold 上海工匠.
  const craftsman = async (name: string) => {
    const talent = await given.talent({ employerId: employer.id, name });
    await post(`/talents/${talent.id}/honours`, { title: '上海工匠', awardedOn: '2020-05-01' });
    return talent.id;
  };
  const workshop = async (name: string, lead: string) =>
    post('/workshops', { kind: 'craftsman_innovation', name, employerId: employer.id, leadTalentId: lead, namedOn: '2022-05-01' }, 201, tokens.city);

  const w1 = await workshop('王志强数控加工工匠创新工作室', await craftsman('王志强'));
  const w1Next = await craftsman('周海峰');
  const w2 = await workshop('刘德明焊接工匠创新工作室', await craftsman('刘德明'));
  const w2Next = await craftsman('吴晓东');
  const filed = await post(`/workshops/${w2.id}/change-requests`, { reason: 'resigned', action: 'change_lead', newLeadTalentId: w2Next }, 201, tokens.unitUnion);
  await post(`/change-requests/${filed.id}/decisions`, { decision: 'approve', comment: '情况属实' }, 200, tokens.districtUnion);

  return {
    passwords,
    employerCreditCode: employer.creditCode,
    assessed: { designationId: assessed.id, talentName: '张建国' },
    adjusted: { designationId: adjusted.id, talentName: '陈卫国', adjustmentId: adjustment.id },
    workshopToChange: { id: w1.id, name: '王志强数控加工工匠创新工作室', newLeadId: w1Next, newLeadName: '周海峰' },
    workshopReviewed: { id: w2.id, name: '刘德明焊接工匠创新工作室', requestId: filed.id, newLeadId: w2Next },
  };
}
