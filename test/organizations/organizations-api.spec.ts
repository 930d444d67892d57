import { hashToken } from '../../src/core/auth/tokens';
import { makeCreditCode } from '../../src/modules/organizations/credit-code';
import { ADMIN_TOKEN, startTestApp, TestApp } from '../support/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface OrganizationBody {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  level: string | null;
  creditCode: string | null;
  district: string | null;
  streetId: string | null;
  industryAuthorityId: string | null;
  unionId: string | null;
  contactEmails: string[];
  createdAt: string;
}

describe('organizations API', () => {
  let t: TestApp;
  let adminUserId: string;
  let codeSerial = 0;

  /** A fresh valid 统一社会信用代码: 91 (enterprise), 310117 (松江区), a serial body. */
  const nextCreditCode = () => makeCreditCode(`91310117MA${String(++codeSerial).padStart(7, '0')}`);

  async function create(body: Record<string, unknown>, token: string | null = ADMIN_TOKEN): Promise<OrganizationBody> {
    const res = await t.http(token).post('/api/v1/organizations').send(body);
    if (res.status !== 201) throw new Error(`creating ${JSON.stringify(body)} gave ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as OrganizationBody;
  }

  /** The 400/409/422 answer to a creation that must be refused. */
  async function refused(body: Record<string, unknown>, status: number): Promise<string> {
    const res = await t.http().post('/api/v1/organizations').send(body).expect(status);
    expect(res.body).toMatchObject({ statusCode: status, error: expect.any(String) });
    return String(res.body.message);
  }

  const given = {
    street: (name = '永丰街道') => create({ name, kind: 'street' }),
    industryAuthority: () => create({ name: '区经委', kind: 'industry_authority' }),
    districtUnion: () => create({ name: '区总工会机电产业工会', kind: 'union', level: 'district' }),
    unitUnion: async (parentId?: string) => create({ name: '精密机械公司工会', kind: 'union', level: 'unit', parentId: parentId ?? (await given.districtUnion()).id }),
    employer: async (extra: Record<string, unknown> = {}) =>
      create({ name: '上海松江精密机械有限公司', kind: 'employer', creditCode: nextCreditCode(), streetId: (await given.street()).id, ...extra }),
    user: async (role: string, organizationId?: string): Promise<string> => {
      const res = await t.http().post('/api/v1/users').send({ name: `${role}用户`, role, organizationId }).expect(201);
      return res.body.token as string;
    },
  };

  beforeAll(async () => {
    t = await startTestApp();
    const [row] = await t.db.query('SELECT user_id FROM api_tokens WHERE token_hash = $1', [hashToken(ADMIN_TOKEN)]);
    adminUserId = row.user_id;
  });
  afterAll(() => t.close());

  describe('creating each kind', () => {
    it('creates a street, with the full response shape and no employer fields', async () => {
      const res = await t.http().post('/api/v1/organizations').send({ name: '  中山街道 ', kind: 'street', contactEmails: ['ZS@Example.com'] }).expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: '中山街道',
        kind: 'street',
        parentId: null,
        level: null,
        creditCode: null,
        district: null,
        streetId: null,
        industryAuthorityId: null,
        unionId: null,
        sector: null,
        contactEmails: ['zs@example.com'],
        createdAt: expect.any(String),
      });
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
    });

    it.each(['industry_authority', 'district_office', 'city_office'])('creates a %s', async (kind) => {
      const org = await create({ name: `松江区${kind}`, kind });
      expect(org).toMatchObject({ kind, level: null, parentId: null, creditCode: null, contactEmails: [] });
    });

    it('creates a district union and a unit union under it', async () => {
      const district = await given.districtUnion();
      expect(district).toMatchObject({ kind: 'union', level: 'district', parentId: null });
      const unit = await create({ name: '某公司工会', kind: 'union', level: 'unit', parentId: district.id });
      expect(unit).toMatchObject({ kind: 'union', level: 'unit', parentId: district.id });
    });

    it('creates an employer with its street only, in 松江区 by default', async () => {
      const street = await given.street();
      const code = nextCreditCode();
      const employer = await create({ name: '上海松江精密机械有限公司', kind: 'employer', creditCode: code, streetId: street.id });
      expect(employer).toEqual({
        id: expect.any(String),
        name: '上海松江精密机械有限公司',
        kind: 'employer',
        parentId: null,
        level: null,
        creditCode: code,
        district: '松江区',
        streetId: street.id,
        industryAuthorityId: null,
        unionId: null,
        sector: 'enterprise',
        contactEmails: [],
        createdAt: expect.any(String),
      });
    });

    it('creates an employer with an industry authority, a unit union, a district and contact e-mails (lower-cased, deduplicated)', async () => {
      const street = await given.street();
      const authority = await given.industryAuthority();
      const union = await given.unitUnion();
      const employer = await create({
        name: '上海某电子有限公司',
        kind: 'employer',
        creditCode: nextCreditCode(),
        streetId: street.id,
        industryAuthorityId: authority.id,
        unionId: union.id,
        district: '青浦区',
        contactEmails: ['HR@Example.com', 'hr@example.com', 'boss@example.com', 'Boss@EXAMPLE.com'],
      });
      expect(employer).toMatchObject({
        streetId: street.id,
        industryAuthorityId: authority.id,
        unionId: union.id,
        district: '青浦区',
        contactEmails: ['hr@example.com', 'boss@example.com'],
      });
      const [row] = await t.db.query('SELECT contact_emails FROM organizations WHERE id = $1', [employer.id]);
      expect(row.contact_emails).toEqual(['hr@example.com', 'boss@example.com']);
    });

    it('normalises a lower-case credit code to upper case', async () => {
      const code = makeCreditCode('91310117MA1J3B0X4');
      expect(code).toMatch(/[A-Z]/);
      const employer = await given.employer({ creditCode: code.toLowerCase() });
      expect(employer.creditCode).toBe(code);
    });
  });

  describe('refusing bad input', () => {
    let street: OrganizationBody;
    beforeAll(async () => {
      street = await given.street('九亭镇');
    });
    const employer = (extra: Record<string, unknown>) => ({ name: '某有限公司', kind: 'employer', creditCode: nextCreditCode(), streetId: street.id, ...extra });

    it('requires a credit code for an employer', async () => {
      expect(await refused(employer({ creditCode: undefined }), 400)).toContain('creditCode');
    });

    it('refuses a credit code with a wrong check character, naming creditCode', async () => {
      const code = nextCreditCode();
      const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
      expect(await refused(employer({ creditCode: wrong }), 400)).toMatch(/creditCode.*check character/);
    });

    it.each([
      ['too short', '9131011'],
      ['too long', '91310117MA1J3B0X4QQ'],
      ['with a forbidden letter', '91310117MA1J3B0XO1'],
      ['a number', 913101170000],
    ])('refuses a credit code that is %s, naming creditCode', async (_what, creditCode) => {
      expect(await refused(employer({ creditCode }), 400)).toContain('creditCode');
    });

    it('refuses a credit code that is already registered, also in lower case, with 409', async () => {
      const code = nextCreditCode();
      await create(employer({ creditCode: code }));
      expect(await refused(employer({ creditCode: code }), 409)).toContain(code);
      await refused(employer({ creditCode: code.toLowerCase() }), 409);
      expect(await t.db.query('SELECT count(*)::int AS n FROM organizations WHERE credit_code = $1', [code])).toEqual([{ n: 1 }]);
    });

    it('requires a street for an employer', async () => {
      expect(await refused(employer({ streetId: undefined }), 400)).toContain('streetId');
    });

    it('refuses a streetId that names a non-street or nothing, with 422 naming streetId', async () => {
      const authority = await given.industryAuthority();
      expect(await refused(employer({ streetId: authority.id }), 422)).toContain('streetId');
      expect(await refused(employer({ streetId: UNKNOWN_ID }), 422)).toContain('streetId');
    });

    it('refuses an industryAuthorityId that names a street, with 422', async () => {
      expect(await refused(employer({ industryAuthorityId: street.id }), 422)).toContain('industryAuthorityId');
    });

    it('refuses a unionId that names a district union: an employer belongs to a unit union', async () => {
      const district = await given.districtUnion();
      expect(await refused(employer({ unionId: district.id }), 422)).toContain('unionId');
    });

    it('refuses a non-uuid streetId with 400 naming streetId', async () => {
      expect(await refused(employer({ streetId: 'street-1' }), 400)).toContain('streetId');
    });

    it('refuses employer fields on other kinds', async () => {
      expect(await refused({ name: '某街道', kind: 'street', creditCode: nextCreditCode() }, 400)).toContain('creditCode');
      expect(await refused({ name: '某街道', kind: 'street', streetId: street.id }, 400)).toContain('streetId');
    });

    it('requires a level for a union and refuses it elsewhere', async () => {
      expect(await refused({ name: '某工会', kind: 'union' }, 400)).toContain('level');
      expect(await refused({ name: '某街道', kind: 'street', level: 'district' }, 400)).toContain('level');
      expect(await refused({ name: '某工会', kind: 'union', level: 'national' }, 400)).toContain('level');
    });

    it('requires a unit union to name its district union as parent', async () => {
      expect(await refused({ name: '某工会', kind: 'union', level: 'unit' }, 400)).toContain('parentId');
      const unit = await given.unitUnion();
      expect(await refused({ name: '某工会', kind: 'union', level: 'unit', parentId: unit.id }, 422)).toContain('parentId');
      expect(await refused({ name: '某工会', kind: 'union', level: 'unit', parentId: street.id }, 422)).toContain('parentId');
      expect(await refused({ name: '某工会', kind: 'union', level: 'unit', parentId: UNKNOWN_ID }, 422)).toContain('parentId');
    });

    it('refuses an unknown parent for any kind with 422', async () => {
      expect(await refused({ name: '某工会', kind: 'union', level: 'district', parentId: UNKNOWN_ID }, 422)).toContain('parentId');
    });

    it('refuses an unknown kind, naming kind', async () => {
      expect(await refused({ name: '某公司', kind: 'company' }, 400)).toContain('kind');
      expect(await refused({ name: '某公司' }, 400)).toContain('kind');
    });

    it('refuses a missing, empty or blank name, naming name', async () => {
      expect(await refused({ kind: 'street' }, 400)).toContain('name');
      expect(await refused({ name: '', kind: 'street' }, 400)).toContain('name');
      expect(await refused({ name: '   ', kind: 'street' }, 400)).toContain('name');
    });

    it('refuses contact e-mails that are not e-mail addresses, naming contactEmails', async () => {
      expect(await refused({ name: '某街道', kind: 'street', contactEmails: ['ok@example.com', 'not-an-email'] }, 400)).toContain('contactEmails');
      expect(await refused({ name: '某街道', kind: 'street', contactEmails: 'ok@example.com' }, 400)).toContain('contactEmails');
    });

    it('refuses an unknown field', async () => {
      expect(await refused({ name: '某街道', kind: 'street', manager: '王五' }, 400)).toBe('property manager should not exist');
    });

    it('writes nothing for a refused creation', async () => {
      const before = await t.db.query('SELECT count(*)::int AS n FROM organizations');
      await refused(employer({ streetId: UNKNOWN_ID }), 422);
      expect(await t.db.query('SELECT count(*)::int AS n FROM organizations')).toEqual(before);
    });
  });

  describe('roles', () => {
    it('lets city_office create, read and list organisations', async () => {
      const token = await given.user('city_office');
      const org = await create({ name: '某区局工会', kind: 'union', level: 'district' }, token);
      await t.http(token).get(`/api/v1/organizations/${org.id}`).expect(200);
      await t.http(token).get('/api/v1/organizations').expect(200);
    });

    it('refuses finance, assessor and union with 403, and no token with 401', async () => {
      const street = await given.street();
      const union = await given.unitUnion();
      const tokens = [await given.user('finance'), await given.user('assessor', street.id), await given.user('union', union.id)];
      for (const token of tokens) {
        const res = await t.http(token).post('/api/v1/organizations').send({ name: '某街道', kind: 'street' }).expect(403);
        expect(res.body.statusCode).toBe(403);
        await t.http(token).get(`/api/v1/organizations/${street.id}`).expect(403);
      }
      await t.http(null).post('/api/v1/organizations').send({ name: '某街道', kind: 'street' }).expect(401);
      await t.http(null).get('/api/v1/organizations').expect(401);
    });
  });

  describe('reading', () => {
    it('reads one organisation by id, as it was created', async () => {
      const employer = await given.employer({ contactEmails: ['a@example.com'] });
      const res = await t.http().get(`/api/v1/organizations/${employer.id}`).expect(200);
      expect(res.body).toEqual(employer);
    });

    it('is 404 for an unknown id and 400 for a malformed one', async () => {
      const res = await t.http().get(`/api/v1/organizations/${UNKNOWN_ID}`).expect(404);
      expect(res.body.message).toContain(UNKNOWN_ID);
      await t.http().get('/api/v1/organizations/42').expect(400);
    });

    it('lists only the kind asked for, walking every page with limit=2 without repeats', async () => {
      const created = new Set<string>();
      for (let i = 0; i < 5; i++) created.add((await given.street(`街道${i}`)).id);
      await given.industryAuthority();
      await given.districtUnion();

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
        const res = await t.http().get(`/api/v1/organizations?kind=street&limit=2${query}`).expect(200);
        expect(Object.keys(res.body).sort()).toEqual(['items', 'nextCursor']);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        for (const item of res.body.items as OrganizationBody[]) {
          expect(item.kind).toBe('street');
          seen.push(item.id);
        }
        cursor = res.body.nextCursor;
        pages++;
        expect(pages).toBeLessThan(100);
      } while (cursor !== null);

      expect(new Set(seen).size).toBe(seen.length);
      for (const id of created) expect(seen).toContain(id);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM organizations WHERE kind = 'street'`);
      expect(seen).toHaveLength(n);
      expect(pages).toBe(Math.ceil(n / 2));
    });

    it('lists everything without a kind, defaulting to a page of 50', async () => {
      const res = await t.http().get('/api/v1/organizations').expect(200);
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM organizations');
      expect(res.body.items).toHaveLength(Math.min(n, 50));
    });

    it.each(['limit=0', 'limit=201', 'limit=-1', 'limit=abc', 'kind=company', 'cursor=not-a-cursor'])('refuses ?%s with 400 naming the parameter', async (query) => {
      const res = await t.http().get(`/api/v1/organizations?${query}`).expect(400);
      expect(String(res.body.message)).toContain(query.split('=')[0]);
    });

    it('refuses a forged cursor with 400, not a 500', async () => {
      for (const key of [['yesterday', 'street-1'], [1, 2]]) {
        const cursor = Buffer.from(JSON.stringify(key)).toString('base64url');
        await t.http().get(`/api/v1/organizations?kind=street&cursor=${cursor}`).expect(400);
      }
    });

    it('accepts limit=200', async () => {
      await t.http().get('/api/v1/organizations?limit=200').expect(200);
    });
  });

  describe('audit trail', () => {
    async function auditOf(id: string) {
      const res = await t.http().get(`/api/v1/audit-events?entityType=organization&entityId=${id}`).expect(200);
      return res.body.items as Array<Record<string, unknown>>;
    }

    it('records every creation with the actor and the request id of the creating request', async () => {
      const res = await t.http().post('/api/v1/organizations').send({ name: '岳阳街道', kind: 'street' }).expect(201);
      const requestId = res.headers['x-request-id'];
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      const events = await auditOf(res.body.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        action: 'organization.created',
        actor: `user:${adminUserId}`,
        entityType: 'organization',
        entityId: res.body.id,
        before: null,
        after: res.body,
        requestId,
      });
    });

    it('keeps a caller-given request id, and names the city_office user who created', async () => {
      const token = await given.user('city_office');
      const [{ user_id: cityUserId }] = await t.db.query('SELECT user_id FROM api_tokens WHERE token_hash = $1', [hashToken(token)]);
      const res = await t.http(token).post('/api/v1/organizations').set('X-Request-Id', 'req-org-42').send({ name: '某区局工会', kind: 'union', level: 'district' }).expect(201);
      expect(res.headers['x-request-id']).toBe('req-org-42');
      expect(await auditOf(res.body.id)).toEqual([expect.objectContaining({ action: 'organization.created', actor: `user:${cityUserId}`, requestId: 'req-org-42' })]);
    });

    it('records each kind of creation, and nothing for a refused one', async () => {
      const employer = await given.employer();
      const union = await given.unitUnion();
      for (const org of [employer, union]) {
        expect(await auditOf(org.id)).toEqual([expect.objectContaining({ action: 'organization.created', after: org })]);
      }
      const before = await t.db.query('SELECT count(*)::int AS n FROM audit_events');
      await refused({ name: '某工会', kind: 'union', level: 'unit', parentId: UNKNOWN_ID }, 422);
      expect(await t.db.query('SELECT count(*)::int AS n FROM audit_events')).toEqual(before);
    });
  });
});
