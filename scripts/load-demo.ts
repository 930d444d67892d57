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
 * The people are fictitious; their ID numbers and the employers' 统一社会信用代码
 * are made valid (check characters computed) but belong to no one.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCreditCode } from '../src/modules/organizations/credit-code';
import { makeIdNumber } from '../src/modules/talents/id-number';

export const DISTRICT_OFFICE_NAME = '松江区首席技师工作协调小组办公室';
const REGION = '310117';
const MAIL_DOMAIN = 'songjiang.example.com';

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

/** An answer other than the expected status: names the request and quotes the body. */
export class DemoHttpError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${path} answered ${status}: ${body.slice(0, 2000)}`);
    this.name = 'DemoHttpError';
  }
}

// ---------------------------------------------------------------------------
// The data set
// ---------------------------------------------------------------------------

/** The 6 街道, 11 镇 and the development zone of 松江区, with a mailbox each. */
const STREETS: ReadonlyArray<readonly [name: string, mailbox: string]> = [
  ['岳阳街道', 'yueyang'],
  ['永丰街道', 'yongfeng'],
  ['方松街道', 'fangsong'],
  ['中山街道', 'zhongshan'],
  ['广富林街道', 'guangfulin'],
  ['九里亭街道', 'jiuliting'],
  ['泗泾镇', 'sijing'],
  ['佘山镇', 'sheshan'],
  ['车墩镇', 'chedun'],
  ['新桥镇', 'xinqiao'],
  ['洞泾镇', 'dongjing'],
  ['九亭镇', 'jiuting'],
  ['泖港镇', 'maogang'],
  ['石湖荡镇', 'shihudang'],
  ['新浜镇', 'xinbang'],
  ['叶榭镇', 'yexie'],
  ['小昆山镇', 'xiaokunshan'],
  ['松江经济技术开发区', 'kaifaqu'],
];

const AUTHORITIES = {
  economy: { name: '松江区经济委员会', mailbox: 'jingwei' },
  construction: { name: '松江区建设和管理委员会', mailbox: 'jianguanwei' },
} as const;
type AuthorityKey = keyof typeof AUTHORITIES;

type EmployerKey = 'jm' | 'jt' | 'qp' | 'sj' | 'cj' | 'xq' | 'dj';

interface EmployerSpec {
  name: string;
  /** The 9-character organisation body of the credit code (positions 9-17). */
  body: string;
  street: string;
  authority?: AuthorityKey;
  mailbox: string;
}

const EMPLOYERS: Record<EmployerKey, EmployerSpec> = {
  jm: { name: '上海松江精密机械有限公司', body: 'MA1FL2K35', street: '车墩镇', authority: 'economy', mailbox: 'hr.jingmi' },
  jt: { name: '上海九亭智能装备制造有限公司', body: 'MA1G7NX28', street: '九亭镇', authority: 'economy', mailbox: 'hr.jiuting-zb' },
  qp: { name: '上海松江汽车零部件有限公司', body: 'MA1H3TB64', street: '松江经济技术开发区', authority: 'economy', mailbox: 'hr.qiling' },
  sj: { name: '上海泗泾电气设备有限公司', body: 'MA1J9CW17', street: '泗泾镇', mailbox: 'hr.sijing-dq' },
  cj: { name: '上海松江城建安装工程有限公司', body: 'MA1K4RD50', street: '方松街道', authority: 'construction', mailbox: 'hr.chengjian' },
  xq: { name: '上海新桥电子科技有限公司', body: 'MA1L6PU93', street: '新桥镇', mailbox: 'hr.xinqiao-dz' },
  dj: { name: '上海洞泾新材料有限公司', body: 'MA1M2EY41', street: '洞泾镇', authority: 'economy', mailbox: 'hr.dongjing-cl' },
};

type Gender = 'M' | 'F';
type PersonRow = readonly [name: string, gender: Gender, birthDate: string, occupation: string, skillLevel: string, employer: EmployerKey];

/**
 * Three cohorts of 25. Birth dates keep every statutory retirement date
 * (SPEC §3.5) after the end of the person's term, so the lifecycle job
 * proposes no retirement for the demo set.
 */
const COHORTS: ReadonlyArray<{ cohort: string; designatedOn: string; people: readonly PersonRow[] }> = [
  {
    cohort: '2020',
    designatedOn: '2020-12-18',
    people: [
      ['王建国', 'M', '1966-04-12', '数控车工', '高级技师', 'jm'],
      ['李志强', 'M', '1967-09-03', '钳工', '高级技师', 'jm'],
      ['张卫东', 'M', '1968-01-25', '工具钳工', '高级技师', 'jm'],
      ['刘海峰', 'M', '1970-07-19', '磨工', '技师', 'jm'],
      ['陈国华', 'M', '1969-11-08', '装配钳工', '高级技师', 'jt'],
      ['杨振宇', 'M', '1972-03-30', '数控铣工', '技师', 'jt'],
      ['赵明亮', 'M', '1971-05-16', '电工', '高级技师', 'jt'],
      ['黄永刚', 'M', '1966-10-27', '焊工', '高级技师', 'qp'],
      ['周文斌', 'M', '1973-02-14', '模具工', '高级技师', 'qp'],
      ['吴德荣', 'M', '1968-08-21', '冲压工', '技师', 'qp'],
      ['徐春燕', 'F', '1976-03-09', '汽车装调工', '技师', 'qp'],
      ['孙立新', 'M', '1970-12-02', '维修电工', '高级技师', 'sj'],
      ['马建军', 'M', '1967-06-18', '变压器装配工', '高级技师', 'sj'],
      ['朱海燕', 'F', '1977-09-22', '电工', '技师', 'sj'],
      ['胡志刚', 'M', '1969-04-05', '焊工', '高级技师', 'cj'],
      ['郭建平', 'M', '1974-10-11', '管工', '技师', 'cj'],
      ['何耀华', 'M', '1972-12-29', '建筑电工', '技师', 'cj'],
      ['林美华', 'F', '1975-05-17', '电子设备装接工', '高级技师', 'xq'],
      ['高晓东', 'M', '1978-01-06', '仪器仪表维修工', '技师', 'xq'],
      ['罗建新', 'M', '1971-08-13', '化工总控工', '高级技师', 'dj'],
      ['郑丽萍', 'F', '1972-06-25', '化学检验员', '高级技师', 'dj'],
      ['梁国庆', 'M', '1969-10-01', '数控车工', '高级技师', 'jm'],
      ['宋红梅', 'F', '1978-11-30', '钳工', '技师', 'jt'],
      ['谢志明', 'M', '1975-03-03', '焊工', '技师', 'qp'],
      ['唐伟民', 'M', '1973-07-07', '电工', '高级技师', 'sj'],
    ],
  },
  {
    cohort: '2022',
    designatedOn: '2022-12-20',
    people: [
      ['韩卫国', 'M', '1968-05-20', '数控车工', '高级技师', 'jm'],
      ['冯建华', 'M', '1970-02-11', '钳工', '高级技师', 'jm'],
      ['邓志勇', 'M', '1974-09-14', '模具工', '高级技师', 'jm'],
      ['曹金龙', 'M', '1976-12-08', '数控铣工', '技师', 'jt'],
      ['彭丽娟', 'F', '1979-04-18', '装配钳工', '技师', 'jt'],
      ['曾庆丰', 'M', '1971-07-26', '机修钳工', '高级技师', 'jt'],
      ['肖长青', 'M', '1975-01-15', '焊工', '高级技师', 'qp'],
      ['田秀英', 'F', '1980-06-03', '汽车装调工', '技师', 'qp'],
      ['董家明', 'M', '1977-10-19', '冲压工', '技师', 'qp'],
      ['袁建伟', 'M', '1969-03-28', '模具工', '高级技师', 'qp'],
      ['潘国平', 'M', '1973-11-12', '维修电工', '高级技师', 'sj'],
      ['蒋丽华', 'F', '1981-08-07', '电工', '技师', 'sj'],
      ['蔡文军', 'M', '1978-05-31', '变压器装配工', '技师', 'sj'],
      ['余建荣', 'M', '1972-04-09', '焊工', '高级技师', 'cj'],
      ['杜永生', 'M', '1980-09-24', '管工', '技师', 'cj'],
      ['叶春生', 'M', '1975-12-17', '建筑电工', '技师', 'cj'],
      ['程晓燕', 'F', '1983-02-26', '电子设备装接工', '技师', 'xq'],
      ['魏志华', 'M', '1979-07-13', '仪器仪表维修工', '高级技师', 'xq'],
      ['苏建明', 'M', '1976-03-05', '化工总控工', '高级技师', 'dj'],
      ['吕雪芳', 'F', '1982-10-10', '化学检验员', '技师', 'dj'],
      ['丁国强', 'M', '1970-08-22', '数控车工', '高级技师', 'jm'],
      ['沈建英', 'F', '1977-01-29', '钳工', '高级技师', 'jm'],
      ['任海涛', 'M', '1984-06-16', '数控铣工', '技师', 'jt'],
      ['姚志坚', 'M', '1971-11-04', '焊工', '高级技师', 'qp'],
      ['顾建华', 'M', '1973-05-21', '维修电工', '高级技师', 'sj'],
    ],
  },
  {
    cohort: '2024',
    designatedOn: '2024-12-16',
    people: [
      ['钱永明', 'M', '1968-09-12', '数控车工', '高级技师', 'jm'],
      ['孔德华', 'M', '1975-04-23', '钳工', '高级技师', 'jm'],
      ['陆伟', 'M', '1982-08-30', '磨工', '技师', 'jm'],
      ['邱建忠', 'M', '1970-01-17', '工具钳工', '高级技师', 'jm'],
      ['秦雪梅', 'F', '1985-12-05', '数控铣工', '技师', 'jt'],
      ['江志鹏', 'M', '1986-03-19', '电工', '技师', 'jt'],
      ['史国良', 'M', '1972-10-28', '装配钳工', '高级技师', 'jt'],
      ['范立群', 'M', '1977-06-11', '机修钳工', '高级技师', 'jt'],
      ['方建波', 'M', '1980-02-02', '焊工', '高级技师', 'qp'],
      ['石晓峰', 'M', '1988-07-24', '模具工', '技师', 'qp'],
      ['姜红', 'F', '1983-09-15', '汽车装调工', '技师', 'qp'],
      ['严俊杰', 'M', '1990-01-08', '冲压工', '技师', 'qp'],
      ['金国栋', 'M', '1974-05-06', '维修电工', '高级技师', 'sj'],
      ['汪海燕', 'F', '1981-03-27', '电工', '技师', 'sj'],
      ['戴明华', 'M', '1979-11-20', '变压器装配工', '高级技师', 'sj'],
      ['夏建勇', 'M', '1976-08-09', '焊工', '高级技师', 'cj'],
      ['钟卫华', 'M', '1983-04-14', '管工', '技师', 'cj'],
      ['傅丽君', 'F', '1987-07-01', '建筑电工', '技师', 'cj'],
      ['邵志军', 'M', '1985-10-22', '电子设备装接工', '技师', 'xq'],
      ['万晓红', 'F', '1984-01-31', '仪器仪表维修工', '高级技师', 'xq'],
      ['熊国伟', 'M', '1978-12-13', '化工总控工', '高级技师', 'dj'],
      ['陶静', 'F', '1973-02-18', '化学检验员', '高级技师', 'dj'],
      ['尹建林', 'M', '1971-09-05', '数控车工', '高级技师', 'jm'],
      ['黎志远', 'M', '1989-05-27', '焊工', '技师', 'qp'],
      ['施洪波', 'M', '1969-06-30', '电工', '高级技师', 'sj'],
    ],
  },
];

/** Women whose post is a cadre post (SPEC §3.5: the category follows the post); other women are female_worker. */
const FEMALE_CADRES: ReadonlySet<string> = new Set(['郑丽萍', '沈建英', '陶静']);

/** A few people with a mobile number on record. */
const PHONES: Readonly<Record<string, string>> = {
  王建国: '13901912356',
  顾建华: '13816627034',
  钱永明: '13761058892',
  方建波: '15821374406',
  金国栋: '13917720518',
  夏建勇: '18917356620',
  孔德华: '13651982247',
  邵志军: '15900723615',
  石晓峰: '18621095573',
  陶静: '13564218809',
};

const HONOURS: ReadonlyArray<readonly [person: string, title: string, awardedOn: string, issuer: string]> = [
  ['王建国', '上海工匠', '2018-04-27', '上海市总工会'],
  ['王建国', '全国劳模', '2020-11-24', '中共中央、国务院'],
  ['黄永刚', '松江工匠', '2019-04-26', '松江区总工会'],
  ['林美华', '松江工匠', '2021-04-28', '松江区总工会'],
  ['顾建华', '上海市劳模', '2020-04-28', '上海市人民政府'],
  ['顾建华', '上海工匠', '2023-04-28', '上海市总工会'],
  ['夏建勇', '松江工匠', '2022-04-28', '松江区总工会'],
  ['夏建勇', '上海工匠', '2024-04-26', '上海市总工会'],
  ['钱永明', '松江工匠', '2023-04-27', '松江区总工会'],
  ['钱永明', '上海市劳模', '2025-04-28', '上海市人民政府'],
  ['方建波', '松江工匠', '2024-04-25', '松江区总工会'],
];

/** Other allowance-bearing titles for the take-the-higher rule (SPEC §3.2). */
const TITLES: ReadonlyArray<readonly [person: string, title: string, monthlyAmountFen: number, validFrom: string, validTo: string]> = [
  ['孔德华', '区领军人才', 150000, '2024-01-01', '2026-12-31'],
  ['邱建忠', '区拔尖人才', 80000, '2025-01-01', '2027-12-31'],
  ['魏志华', '区拔尖人才', 80000, '2023-01-01', '2025-12-31'],
];

/** Chief technician workshops: leads from the 2024 cohort, named within their term. */
const CHIEF_WORKSHOPS: ReadonlyArray<readonly [name: string, lead: string, level: 'district' | 'municipal', namedOn: string]> = [
  ['钱永明首席技师工作室', '钱永明', 'municipal', '2025-04-18'],
  ['方建波焊接首席技师工作室', '方建波', 'district', '2025-06-20'],
  ['金国栋电气首席技师工作室', '金国栋', 'district', '2025-09-12'],
];

/** 上海市工匠创新工作室: named by the city office; each lead holds 上海工匠. */
const CRAFTSMAN_WORKSHOPS: ReadonlyArray<readonly [name: string, lead: string, namedOn: string]> = [
  ['顾建华工匠创新工作室', '顾建华', '2024-09-20'],
  ['夏建勇焊接工匠创新工作室', '夏建勇', '2025-10-16'],
];

/** Pending 动态调整 for the district office to decide. */
const ADJUSTMENTS: ReadonlyArray<readonly [person: string, reason: string, effectiveOn: string, note: string, evidence: string]> = [
  ['石晓峰', 'position_changed', '2026-10-01', '调离生产一线岗位，转任公司行政管理岗位', '上海松江汽车零部件有限公司人事任免通知（松零人〔2026〕18号）'],
  ['邵志军', 'other', '2026-11-01', '本人因家庭原因申请暂停享受首席技师待遇', '本人书面申请（2026年10月20日），单位盖章确认'],
];

// ---------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

class Api {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  withToken(token: string): Api {
    return new Api(this.baseUrl, token);
  }

  async request<T>(method: string, path: string, expected: number, body?: unknown, contentType = 'application/json'): Promise<T> {
    const url = `${this.baseUrl}/api/v1${path}`;
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}`, Accept: 'application/json' };
    let payload: string | undefined;
    if (body !== undefined) {
      headers['Content-Type'] = contentType === 'application/json' ? 'application/json' : `${contentType}; charset=utf-8`;
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body: payload });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`cannot reach the service at ${this.baseUrl} (${cause?.code ?? cause?.message ?? (error as Error).message}): is it running?`, { cause: error });
    }
    const text = await res.text();
    if (res.status !== expected) throw new DemoHttpError(method, path, res.status, text);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  post<T>(path: string, body: unknown, expected = 201): Promise<T> {
    return this.request<T>('POST', path, expected, body);
  }

  put<T>(path: string, body: unknown, expected = 200): Promise<T> {
    return this.request<T>('PUT', path, expected, body);
  }

  /** Every item of a list, following nextCursor. */
  async all<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    const sep = path.includes('?') ? '&' : '?';
    do {
      const page: Page<T> = await this.request<Page<T>>('GET', `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, 200);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }
}

interface Created {
  id: string;
}

// ---------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------

/** A password of this load only: the data set is public, its passwords must not be. */
function demoPassword(): string {
  return randomBytes(9).toString('base64url');
}

function mail(mailbox: string): string {
  return `${mailbox}@${MAIL_DOMAIN}`;
}

/** 统一社会信用代码: 9 工商, 1 企业, 310117 松江区, the body, the computed check character. */
function creditCodeOf(e: EmployerSpec): string {
  return makeCreditCode(`91${REGION}${e.body}`);
}

/** A valid 居民身份证号 of 松江区: the sequence's last digit is odd for men, even for women. */
function idNumberOf(index: number, gender: Gender, birthDate: string): string {
  const seq = (index * 2 + (gender === 'M' ? 1 : 2)) % 1000;
  return makeIdNumber(REGION, birthDate, String(seq).padStart(3, '0'));
}

export async function loadDemo(baseUrl: string, token: string): Promise<DemoSummary> {
  const base = baseUrl.replace(/\/+$/, '');
  const api = new Api(base, token);

  const offices = await api.all<{ name: string }>('/organizations?kind=district_office');
  if (offices.some((o) => o.name === DISTRICT_OFFICE_NAME)) throw new DemoAlreadyLoadedError();

  const orgCounts: Record<string, number> = {};
  const org = async (body: Record<string, unknown>): Promise<string> => {
    const created = await api.post<Created>('/organizations', body);
    const kind = String(body.kind);
    orgCounts[kind] = (orgCounts[kind] ?? 0) + 1;
    return created.id;
  };

  // Offices, streets, industry authorities.
  const districtOfficeId = await org({ name: DISTRICT_OFFICE_NAME, kind: 'district_office', district: '松江区', contactEmails: [mail('shouxi.bangongshi'), mail('rsj.zhinengke')] });
  const cityOfficeId = await org({ name: '上海市工匠创新工作室创建命名办公室', kind: 'city_office', contactEmails: [mail('city.gongjiang')] });
  const streetIds = new Map<string, string>();
  for (const [name, mailbox] of STREETS) {
    streetIds.set(name, await org({ name, kind: 'street', district: '松江区', contactEmails: [mail(mailbox)] }));
  }
  const authorityIds = new Map<AuthorityKey, string>();
  for (const key of Object.keys(AUTHORITIES) as AuthorityKey[]) {
    authorityIds.set(key, await org({ name: AUTHORITIES[key].name, kind: 'industry_authority', district: '松江区', contactEmails: [mail(AUTHORITIES[key].mailbox)] }));
  }

  // Unions and employers: each employer has its unit union under 松江区总工会.
  const districtUnionId = await org({ name: '松江区总工会', kind: 'union', level: 'district', district: '松江区', contactEmails: [mail('zonggonghui')] });
  const employerIds = new Map<EmployerKey, string>();
  const unitUnionIds = new Map<EmployerKey, string>();
  for (const key of Object.keys(EMPLOYERS) as EmployerKey[]) {
    const e = EMPLOYERS[key];
    const unionId = await org({ name: `${e.name}工会`, kind: 'union', level: 'unit', parentId: districtUnionId, contactEmails: [mail(`gonghui.${e.mailbox.replace(/^hr\./, '')}`)] });
    unitUnionIds.set(key, unionId);
    const streetId = streetIds.get(e.street);
    if (!streetId) throw new Error(`demo data: unknown street ${e.street}`);
    employerIds.set(
      key,
      await org({
        name: e.name,
        kind: 'employer',
        creditCode: creditCodeOf(e),
        streetId,
        ...(e.authority ? { industryAuthorityId: authorityIds.get(e.authority) } : {}),
        unionId,
        contactEmails: [mail(e.mailbox)],
      }),
    );
  }

  // People: registered one by one (occupation, skill level, retirement category,
  // a few phones), then named cohort by cohort through the CSV import, which
  // matches each row to the registered person by ID number.
  const talentIds = new Map<string, string>();
  let index = 0;
  const designationCounts: Record<string, number> = {};
  for (const { cohort, designatedOn, people } of COHORTS) {
    const csv = ['name,idNumber,employerCreditCode,cohort,designatedOn'];
    for (const [name, gender, birthDate, occupation, skillLevel, employer] of people) {
      if (talentIds.has(name)) throw new Error(`demo data: ${name} appears twice`);
      const idNumber = idNumberOf(index++, gender, birthDate);
      const retirementCategory = gender === 'M' ? 'male' : FEMALE_CADRES.has(name) ? 'female_cadre' : 'female_worker';
      const talent = await api.post<Created>('/talents', {
        name,
        idNumber,
        employerId: employerIds.get(employer),
        retirementCategory,
        occupation,
        skillLevel,
        socialInsuranceDistrict: '松江区',
        ...(PHONES[name] ? { phone: PHONES[name] } : {}),
      });
      talentIds.set(name, talent.id);
      csv.push([name, idNumber, creditCodeOf(EMPLOYERS[employer]), cohort, designatedOn].join(','));
    }
    const imported = await api.request<{ created: number }>('POST', '/designations/import', 201, `${csv.join('\n')}\n`, 'text/csv');
    designationCounts[cohort] = imported.created;
  }
  const talentId = (name: string): string => {
    const id = talentIds.get(name);
    if (!id) throw new Error(`demo data: no person called ${name}`);
    return id;
  };

  // The designations as the API lists them, to find each person's designation.
  const designationOf = new Map<string, string>();
  for (const { cohort } of COHORTS) {
    for (const d of await api.all<{ id: string; talentId: string }>(`/designations?cohort=${cohort}`)) designationOf.set(d.talentId, d.id);
  }

  for (const [person, title, awardedOn, issuer] of HONOURS) {
    await api.post(`/talents/${talentId(person)}/honours`, { title, awardedOn, issuer });
  }
  for (const [person, title, monthlyAmountFen, validFrom, validTo] of TITLES) {
    await api.post(`/talents/${talentId(person)}/titles`, { title, monthlyAmountFen, validFrom, validTo });
  }

  // Users, one per role, so a newcomer can try each in the console and through the API. Setting a
  // password ends the user's tokens (as it would for a real user), so the API token is minted after it.
  const users: DemoUser[] = [];
  const user = async (name: string, role: string, mailbox: string, organizationId: string | null, organization: string | null): Promise<string> => {
    const created = await api.post<Created>('/users', { name, role, email: mail(mailbox), ...(organizationId ? { organizationId } : {}) });
    const password = demoPassword();
    await api.put(`/users/${created.id}/password`, { username: mailbox, password });
    const { token } = await api.post<{ token: string }>(`/users/${created.id}/tokens`, {});
    users.push({ role, name, email: mail(mailbox), organization, token, username: mailbox, password });
    return token;
  };
  await user('张慧敏', 'admin', 'zhanghuimin', districtOfficeId, DISTRICT_OFFICE_NAME);
  await user('陈静', 'finance', 'chenjing', null, null);
  await user('沈丽', 'assessor', 'shenli', streetIds.get('泗泾镇')!, '泗泾镇');
  await user('徐伟', 'assessor', 'xuwei', authorityIds.get('economy')!, AUTHORITIES.economy.name);
  await user('蒋国平', 'union', 'jiangguoping', unitUnionIds.get('sj')!, `${EMPLOYERS.sj.name}工会`);
  await user('朱晓兰', 'union', 'zhuxiaolan', districtUnionId, '松江区总工会');
  const cityToken = await user('周敏', 'city_office', 'zhoumin', cityOfficeId, '上海市工匠创新工作室创建命名办公室');

  // Workshops. The employer is the lead's.
  const employerOfPerson = new Map<string, EmployerKey>(COHORTS.flatMap((c) => c.people.map((p) => [p[0], p[5]] as const)));
  const employerIdOf = (person: string): string => employerIds.get(employerOfPerson.get(person)!)!;
  const workshops = { chief_technician: 0, craftsman_innovation: 0 };
  for (const [name, lead, level, namedOn] of CHIEF_WORKSHOPS) {
    await api.post('/workshops', { kind: 'chief_technician', name, employerId: employerIdOf(lead), leadTalentId: talentId(lead), level, namedOn });
    workshops.chief_technician++;
  }
  const city = api.withToken(cityToken);
  for (const [name, lead, namedOn] of CRAFTSMAN_WORKSHOPS) {
    await city.post('/workshops', { kind: 'craftsman_innovation', name, employerId: employerIdOf(lead), leadTalentId: talentId(lead), namedOn });
    workshops.craftsman_innovation++;
  }

  for (const [person, reason, effectiveOn, note, evidence] of ADJUSTMENTS) {
    const designationId = designationOf.get(talentId(person));
    if (!designationId) throw new Error(`demo data: ${person} has no designation`);
    await api.post(`/designations/${designationId}/adjustments`, { reason, effectiveOn, note, evidence });
  }

  // What the 01:00 job would do tonight: the 2020 and 2022 terms have ended.
  const lifecycle = await api.post<{ result: unknown }>('/jobs/lifecycle/run', {}, 200);

  const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    baseUrl: base,
    organizations: { ...orgCounts, total: total(orgCounts) },
    talents: talentIds.size,
    designations: { ...designationCounts, total: total(designationCounts) },
    honours: HONOURS.length,
    titles: TITLES.length,
    workshops,
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
