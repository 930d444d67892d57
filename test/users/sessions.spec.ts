import { ADMIN_PASSWORD, startTestApp, TestApp } from '../support/test-app';

describe('console sign-in (sessions)', () => {
  let t: TestApp;
  let finance: { id: string; token: string };

  const signIn = (username: string, password: string) => t.http(null).post('/api/v1/sessions').send({ username, password });

  beforeAll(async () => {
    t = await startTestApp({ queue: false });
    finance = (await t.http().post('/api/v1/users').send({ name: '财务王芳', role: 'finance', username: 'WangFang', password: 'finance-pass-1' }).expect(201)).body;
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.advance(16 * 60_000)); // a fresh rate-limit window for each test

  it('signs in with username (any case) and password; the session token works like an API token, for the same role', async () => {
    const res = await signIn('wangfang', 'finance-pass-1').expect(201);
    expect(res.body.user).toEqual({ id: finance.id, name: '财务王芳', username: 'WangFang', role: 'finance', organizationId: null });
    expect(res.body.token).toMatch(/^sjct_/);
    expect(new Date(res.body.expiresAt).getTime()).toBe(t.clock.now().getTime() + 480 * 60_000);
    expect((await t.http(res.body.token).get('/api/v1/designations').expect(200)).body.items).toEqual([]);
    await t.http(res.body.token).get('/api/v1/audit-events').expect(403);
    const me = await t.http(res.body.token).get('/api/v1/sessions/current').expect(200);
    expect(me.body).toEqual({ user: res.body.user, expiresAt: res.body.expiresAt });
  });

  it('the first admin can sign in as admin with the bootstrap password', async () => {
    const res = await signIn('admin', ADMIN_PASSWORD).expect(201);
    expect(res.body.user.role).toBe('admin');
  });

  it('a wrong password and an unknown username get the same 401', async () => {
    const wrong = await signIn('wangfang', 'not-the-password').expect(401);
    const unknown = await signIn('nobody-here', 'not-the-password').expect(401);
    expect(wrong.body.message).toBe('username or password is wrong');
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('after 5 wrong passwords for a username from one address, even the right one from there gets 429 until the window has passed', async () => {
    for (let i = 0; i < 5; i++) await signIn('wangfang', `wrong-password-${i}`).expect(401);
    const blocked = await signIn('wangfang', 'finance-pass-1').expect(429);
    expect(blocked.body.message).toMatch(/too many wrong passwords/);
    t.clock.advance(15 * 60_000 + 1000);
    await signIn('wangfang', 'finance-pass-1').expect(201);
  });

  it('a successful sign-in clears the username’s failures', async () => {
    for (let i = 0; i < 4; i++) await signIn('wangfang', `wrong-password-${i}`).expect(401);
    await signIn('wangfang', 'finance-pass-1').expect(201);
    for (let i = 0; i < 4; i++) await signIn('wangfang', `wrong-password-${i}`).expect(401);
    await signIn('wangfang', 'finance-pass-1').expect(201);
  });

  it('a session expires after SESSION_TTL_MINUTES (480 by default)', async () => {
    const { token } = (await signIn('wangfang', 'finance-pass-1').expect(201)).body;
    t.clock.advance(479 * 60_000);
    await t.http(token).get('/api/v1/designations').expect(200);
    t.clock.advance(61_000);
    await t.http(token).get('/api/v1/designations').expect(401);
  });

  it('signing out ends that session only; the API token keeps working', async () => {
    const a = (await signIn('wangfang', 'finance-pass-1').expect(201)).body.token;
    const b = (await signIn('wangfang', 'finance-pass-1').expect(201)).body.token;
    await t.http(a).delete('/api/v1/sessions/current').expect(204);
    await t.http(a).get('/api/v1/designations').expect(401);
    await t.http(b).get('/api/v1/designations').expect(200);
    await t.http(finance.token).delete('/api/v1/sessions/current').expect(204);
    await t.http(finance.token).get('/api/v1/designations').expect(200);
  });

  it('an admin resets a password: the old one stops working, open sessions and API tokens end', async () => {
    const session = (await signIn('wangfang', 'finance-pass-1').expect(201)).body.token;
    await t.http(finance.token).put(`/api/v1/users/${finance.id}/password`).send({ password: 'finance-pass-3' }).expect(403);
    const res = await t.http().put(`/api/v1/users/${finance.id}/password`).send({ password: 'finance-pass-2' }).expect(200);
    expect(res.body).toMatchObject({ id: finance.id, username: 'WangFang', hasPassword: true });
    expect(JSON.stringify(res.body)).not.toMatch(/scrypt|finance-pass/);
    await t.http(session).get('/api/v1/designations').expect(401);
    await t.http(finance.token).get('/api/v1/designations').expect(401);
    await signIn('wangfang', 'finance-pass-1').expect(401);
    await signIn('wangfang', 'finance-pass-2').expect(201);
  });

  it('validates: short password, password without username, malformed or duplicate (any case) username', async () => {
    const short = await t.http().post('/api/v1/users').send({ name: 'x', role: 'finance', username: 'short-pass', password: 'short' }).expect(400);
    expect(short.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^password must be 10/)]));
    const noUser = await t.http().post('/api/v1/users').send({ name: 'x', role: 'finance', password: 'long-enough-1' }).expect(400);
    expect(String(noUser.body.message)).toMatch(/username is required/);
    const bad = await t.http().post('/api/v1/users').send({ name: 'x', role: 'finance', username: 'has space' }).expect(400);
    expect(bad.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^username must be/)]));
    await t.http().post('/api/v1/users').send({ name: 'x', role: 'finance', username: 'WANGFANG' }).expect(409);
    const none = (await t.http().post('/api/v1/users').send({ name: '无用户名', role: 'finance' }).expect(201)).body;
    const missing = await t.http().put(`/api/v1/users/${none.id}/password`).send({ password: 'long-enough-1' }).expect(400);
    expect(String(missing.body.message)).toMatch(/username is required/);
    await t.http().put('/api/v1/users/00000000-0000-4000-8000-000000000000/password').send({ password: 'long-enough-1' }).expect(404);
  });

  it('stores only a scrypt hash; neither the password nor the hash reaches the audit log or GET /users', async () => {
    const [row] = await t.db.query(`SELECT password_hash FROM users WHERE id = $1`, [finance.id]);
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    const audit = await t.db.query(`SELECT before::text, after::text FROM audit_events`);
    expect(JSON.stringify(audit)).not.toMatch(/scrypt|finance-pass/);
    const users = (await t.http().get('/api/v1/users?role=finance').expect(200)).body.items;
    expect(users.find((u: { id: string }) => u.id === finance.id)).toEqual({
      id: finance.id, name: '财务王芳', role: 'finance', organizationId: null, organizationName: null, email: null, username: 'WangFang', hasPassword: true, disabled: false,
    });
    expect(JSON.stringify(users)).not.toMatch(/scrypt/);
  });
});
