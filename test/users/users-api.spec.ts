import { hashToken } from '../../src/core/auth/tokens';
import { makeCreditCode } from '../../src/modules/organizations/credit-code';
import { startTestApp, TestApp } from '../support/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface CreatedUser {
  id: string;
  name: string;
  role: string;
  organizationId: string | null;
  email: string | null;
  token: string;
}

describe('users API', () => {
  let t: TestApp;
  const orgs: Record<'street' | 'industryAuthority' | 'districtOffice' | 'districtUnion' | 'unitUnion' | 'employer', string> = {
    street: '',
    industryAuthority: '',
    districtOffice: '',
    districtUnion: '',
    unitUnion: '',
    employer: '',
  };

  async function organization(body: Record<string, unknown>): Promise<string> {
    const res = await t.http().post('/api/v1/organizations').send(body).expect(201);
    return res.body.id as string;
  }

  async function createUser(body: Record<string, unknown>, status = 201) {
    return t.http().post('/api/v1/users').send(body).expect(status);
  }

  beforeAll(async () => {
    t = await startTestApp();
    orgs.street = await organization({ name: '永丰街道', kind: 'street' });
    orgs.industryAuthority = await organization({ name: '区经委', kind: 'industry_authority' });
    orgs.districtOffice = await organization({ name: '区协调小组办公室', kind: 'district_office' });
    orgs.districtUnion = await organization({ name: '区总工会机电产业工会', kind: 'union', level: 'district' });
    orgs.unitUnion = await organization({ name: '精密机械公司工会', kind: 'union', level: 'unit', parentId: orgs.districtUnion });
    orgs.employer = await organization({
      name: '上海松江精密机械有限公司',
      kind: 'employer',
      creditCode: makeCreditCode('91310117MA1J3B0X4'),
      streetId: orgs.street,
    });
  });
  afterAll(() => t.close());

  describe('creating a user of each role', () => {
    it.each([
      ['admin', undefined],
      ['finance', undefined],
      ['city_office', undefined],
      ['assessor', 'street'],
      ['union', 'unitUnion'],
    ] as const)('creates a %s and returns its token once', async (role, org) => {
      const organizationId = org === undefined ? null : orgs[org];
      const res = await createUser({ name: ` ${role}用户 `, role, organizationId: organizationId ?? undefined, email: `${role}.User@Example.COM` });
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: `${role}用户`,
        role,
        organizationId,
        email: `${role}.user@example.com`,
        username: null,
        hasPassword: false,
        disabled: false,
        token: expect.stringMatching(/^sjct_[A-Za-z0-9_-]{43}$/),
      });
      const [row] = await t.db.query('SELECT name, role, organization_id, email FROM users WHERE id = $1', [res.body.id]);
      expect(row).toEqual({ name: `${role}用户`, role, organization_id: organizationId, email: `${role}.user@example.com` });
    });

    it('creates a user without an e-mail', async () => {
      const res = await createUser({ name: '李会计', role: 'finance' });
      expect(res.body.email).toBeNull();
      expect(res.body.organizationId).toBeNull();
    });

    it('gives every user a different token', async () => {
      const a = await createUser({ name: '甲', role: 'finance' });
      const b = await createUser({ name: '乙', role: 'finance' });
      expect(a.body.token).not.toBe(b.body.token);
    });
  });

  describe('the returned token', () => {
    it('works at once, with the rights of its role', async () => {
      const finance: CreatedUser = (await createUser({ name: '李会计', role: 'finance' })).body;
      const res = await t.http(finance.token).get('/api/v1/audit-events').expect(403);
      expect(res.body.message).toContain('finance');

      const admin: CreatedUser = (await createUser({ name: '王主任', role: 'admin' })).body;
      await t.http(admin.token).get('/api/v1/audit-events').expect(200);
      const made = await t.http(admin.token).post('/api/v1/users').send({ name: '张会计', role: 'finance' }).expect(201);
      await t.http(made.body.token).get('/api/v1/audit-events').expect(403);
    });

    it('acts as its own user in the audit trail', async () => {
      const admin: CreatedUser = (await createUser({ name: '赵主任', role: 'admin' })).body;
      const made = await t.http(admin.token).post('/api/v1/users').send({ name: '钱会计', role: 'finance' }).expect(201);
      const audit = await t.http().get(`/api/v1/audit-events?entityType=user&entityId=${made.body.id}`).expect(200);
      expect(audit.body.items).toEqual([expect.objectContaining({ action: 'user.created', actor: `user:${admin.id}`, requestId: made.headers['x-request-id'] })]);
    });

    it('is stored only as a hash', async () => {
      const user: CreatedUser = (await createUser({ name: '孙会计', role: 'finance' })).body;
      const rows: Array<{ token_hash: string }> = await t.db.query('SELECT token_hash FROM api_tokens WHERE user_id = $1', [user.id]);
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash).not.toBe(user.token);
      expect(rows[0].token_hash).toBe(hashToken(user.token));
      const all: Array<{ token_hash: string }> = await t.db.query('SELECT token_hash FROM api_tokens');
      expect(all.every((r) => r.token_hash !== user.token && !r.token_hash.includes(user.token))).toBe(true);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM users WHERE row_to_json(users)::text LIKE '%' || $1 || '%'`, [user.token]);
      expect(n).toBe(0);
    });

    it('never appears in the audit event of the creation', async () => {
      const user: CreatedUser = (await createUser({ name: '周会计', role: 'finance', email: 'zhou@example.com' })).body;
      const audit = await t.http().get(`/api/v1/audit-events?entityType=user&entityId=${user.id}`).expect(200);
      expect(audit.body.items).toHaveLength(1);
      const { token: _token, ...view } = user;
      expect(audit.body.items[0]).toMatchObject({ action: 'user.created', entityType: 'user', entityId: user.id, before: null, after: view });
      expect(JSON.stringify(audit.body)).not.toContain(user.token);
      expect(JSON.stringify(audit.body)).not.toContain(hashToken(user.token));
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE row_to_json(audit_events)::text LIKE '%' || $1 || '%'`, [user.token]);
      expect(n).toBe(0);
    });
  });

  describe('binding to an organisation', () => {
    it('requires an organisation for an assessor and a union user, naming organizationId', async () => {
      for (const role of ['assessor', 'union']) {
        const res = await createUser({ name: '某人', role }, 400);
        expect(res.body.message).toContain('organizationId');
      }
    });

    it.each(['street', 'industryAuthority', 'districtOffice'] as const)('binds an assessor to a %s', async (org) => {
      const res = await createUser({ name: '考核员', role: 'assessor', organizationId: orgs[org] });
      expect(res.body.organizationId).toBe(orgs[org]);
    });

    it.each(['employer', 'unitUnion'] as const)('refuses an assessor bound to a %s with 422', async (org) => {
      const res = await createUser({ name: '考核员', role: 'assessor', organizationId: orgs[org] }, 422);
      expect(res.body.message).toContain('organizationId');
    });

    it('binds a union user to a union of either level, and refuses a street with 422', async () => {
      await createUser({ name: '工会主席', role: 'union', organizationId: orgs.unitUnion });
      await createUser({ name: '产业工会主席', role: 'union', organizationId: orgs.districtUnion });
      const res = await createUser({ name: '工会主席', role: 'union', organizationId: orgs.street }, 422);
      expect(res.body.message).toContain('organizationId');
    });

    it('refuses an unknown organisation with 422, for any role', async () => {
      for (const role of ['assessor', 'union', 'finance']) {
        const res = await createUser({ name: '某人', role, organizationId: UNKNOWN_ID }, 422);
        expect(res.body.message).toContain('organizationId');
      }
    });

    it('refuses a malformed organizationId with 400', async () => {
      const res = await createUser({ name: '某人', role: 'assessor', organizationId: 'street-1' }, 400);
      expect(String(res.body.message)).toContain('organizationId');
    });

    it('writes no user, token or audit event for a refused creation', async () => {
      const count = () => t.db.query(`SELECT (SELECT count(*) FROM users)::int AS u, (SELECT count(*) FROM api_tokens)::int AS k, (SELECT count(*) FROM audit_events)::int AS a`);
      const before = await count();
      await createUser({ name: '考核员', role: 'assessor', organizationId: orgs.employer }, 422);
      expect(await count()).toEqual(before);
    });
  });

  describe('bad input', () => {
    it.each(['not-an-email', 'a@', '@example.com', 42])('refuses email %j, naming email', async (email) => {
      const res = await createUser({ name: '某人', role: 'finance', email }, 400);
      expect(String(res.body.message)).toContain('email');
    });

    it('refuses a missing, empty or blank name, naming name', async () => {
      for (const name of [undefined, '', '   ']) {
        const res = await createUser({ name, role: 'finance' }, 400);
        expect(String(res.body.message)).toContain('name');
      }
    });

    it('refuses an unknown or missing role, naming role', async () => {
      expect(String((await createUser({ name: '某人', role: 'boss' }, 400)).body.message)).toContain('role');
      expect(String((await createUser({ name: '某人' }, 400)).body.message)).toContain('role');
    });

    it('refuses an unknown field, such as a token of its own choosing', async () => {
      const res = await createUser({ name: '某人', role: 'admin', token: 'sjct_my_own_token_0123456789' }, 400);
      expect(res.body.message).toEqual(['property token should not exist']);
    });
  });

  describe('who may create users', () => {
    it('is admin only: other roles get 403, no token 401', async () => {
      const tokens = [
        (await createUser({ name: '市工匠办', role: 'city_office' })).body.token,
        (await createUser({ name: '会计', role: 'finance' })).body.token,
        (await createUser({ name: '考核员', role: 'assessor', organizationId: orgs.street })).body.token,
        (await createUser({ name: '工会', role: 'union', organizationId: orgs.unitUnion })).body.token,
      ];
      for (const token of tokens) {
        const res = await t.http(token).post('/api/v1/users').send({ name: '越权', role: 'admin' }).expect(403);
        expect(res.body.statusCode).toBe(403);
      }
      await t.http(null).post('/api/v1/users').send({ name: '越权', role: 'admin' }).expect(401);
      await t.http('sjct_not_a_real_token').post('/api/v1/users').send({ name: '越权', role: 'admin' }).expect(401);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM users WHERE name = '越权'`);
      expect(n).toBe(0);
    });
  });
});
