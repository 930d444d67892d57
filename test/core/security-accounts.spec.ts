import type { Response } from 'supertest';
import { loadConfig } from '../../src/core/config/config';
import { ADMIN_PASSWORD, ADMIN_TOKEN, startTestApp, TestApp } from '../support/test-app';

/**
 * Attacks on sign-in, tokens and sessions (issue 13 items 7 and 8), each tried
 * against the running service. The app trusts the loopback proxy, so each
 * request's X-Forwarded-For plays a different client address.
 */
describe('attacks on sign-in, tokens and sessions', () => {
  let t: TestApp;
  let seq = 0;

  const signIn = (username: string, password: string, address: string, cookie?: string) => {
    const req = t.http(null).post('/api/v1/sessions').set('X-Forwarded-For', address);
    return (cookie ? req.set('Cookie', cookie) : req).send({ username, password });
  };
  const deviceCookie = (res: Response): string => {
    const header = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('sjct_device='));
    if (!header) throw new Error('no device cookie');
    return header.split(';')[0];
  };
  /** A finance user with a console password, fresh for each test. */
  const person = async (password = 'a-long-password-1') => {
    const username = `person${++seq}`;
    const user = (await t.http().post('/api/v1/users').send({ name: `用户${seq}`, role: 'finance', username, password }).expect(201)).body as { id: string; token: string };
    return { ...user, username, password };
  };
  const works = (token: string) => t.http(token).get('/api/v1/designations');

  beforeAll(async () => {
    t = await startTestApp({ queue: false, env: { TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.advance(16 * 60_000)); // a fresh rate-limit window for each test

  describe('guessing passwords (issue 13.7)', () => {
    it('200 parallel wrong passwords for one username: at most 5 are checked (401), the rest get 429 without a hash', async () => {
      const p = await person();
      const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => signIn(p.username, `wrong-guess-${i}`, '203.0.113.10')));
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(195);
    });

    it('a stranger’s wrong passwords do not lock the user out: the right password from elsewhere gets in', async () => {
      for (let i = 0; i < 8; i++) await signIn('admin', `wrong-guess-${i}`, '203.0.113.20').expect(i < 5 ? 401 : 429);
      await signIn('admin', ADMIN_PASSWORD, '203.0.113.20').expect(429); // the stranger's own bucket is full
      await signIn('admin', ADMIN_PASSWORD, '198.51.100.20').expect(201);
    });

    it('guessing from many addresses fills the username’s bucket, but a known device or address still gets in', async () => {
      const p = await person();
      const home = await signIn(p.username, p.password, '198.51.100.30').expect(201);
      const cookie = deviceCookie(home);
      expect(home.headers['set-cookie'][0]).toMatch(/HttpOnly/);
      expect(home.headers['set-cookie'][0]).toMatch(/SameSite=Strict/);
      expect(home.headers['set-cookie'][0]).toMatch(/Path=\/api\/v1\/sessions/);
      // 11 addresses × 5 guesses: the 50 the username allows from everywhere together, and a few refused.
      const statuses: number[] = [];
      for (let a = 0; a < 11; a++) for (let i = 0; i < 5; i++) statuses.push((await signIn(p.username, `wrong-${a}-${i}`, `203.0.113.${100 + a}`)).status);
      expect(statuses.filter((s) => s === 401).length).toBe(50);
      expect(statuses.filter((s) => s === 429).length).toBe(5);
      // A new place without the cookie waits; the known address and the known device do not.
      await signIn(p.username, p.password, '192.0.2.30').expect(429);
      await signIn(p.username, p.password, '198.51.100.30').expect(201);
      await signIn(p.username, p.password, '192.0.2.31', cookie).expect(201);
    });

    it('a known device does not let a guesser through: its own bucket still counts wrong passwords', async () => {
      const p = await person();
      const cookie = deviceCookie(await signIn(p.username, p.password, '198.51.100.40').expect(201));
      for (let i = 0; i < 5; i++) await signIn(p.username, `wrong-${i}`, '192.0.2.40', cookie).expect(401);
      await signIn(p.username, p.password, '192.0.2.40', cookie).expect(429);
      await signIn(p.username, p.password, '198.51.100.41').expect(201); // other clients are unaffected
    });

    it('one address trying many usernames (spraying) is refused after 20 wrong passwords', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) statuses.push((await signIn(`nobody${i}`, 'wrong-password', '203.0.113.50')).status);
      expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
      expect(statuses.slice(20)).toEqual([429, 429]);
    });

    it('a correct password clears the client’s own failures', async () => {
      const p = await person();
      for (let i = 0; i < 4; i++) await signIn(p.username, `wrong-${i}`, '203.0.113.60').expect(401);
      await signIn(p.username, p.password, '203.0.113.60').expect(201);
      for (let i = 0; i < 4; i++) await signIn(p.username, `wrong-${i}`, '203.0.113.60').expect(401);
      await signIn(p.username, p.password, '203.0.113.60').expect(201);
    });

    it('keeps counts in the database, so two replicas share them', async () => {
      const second = await startTestApp({ queue: false, database: t.database, clock: t.clock, env: { TRUST_PROXY: 'loopback' } });
      try {
        const p = await person();
        const replicas = [t, second];
        const statuses: number[] = [];
        for (let i = 0; i < 8; i++) {
          const r = replicas[i % 2].http(null).post('/api/v1/sessions').set('X-Forwarded-For', '203.0.113.70');
          statuses.push((await r.send({ username: p.username, password: `wrong-${i}` })).status);
        }
        expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
        // Bad tokens too: 10 to each replica, then both refuse the next, and both still take a valid token.
        for (let i = 0; i < 20; i++) await replicas[i % 2].http(`sjct_bogus_${i}`).get('/api/v1/designations').set('X-Forwarded-For', '203.0.113.71').expect(401);
        for (const r of replicas) await r.http('sjct_bogus_more').get('/api/v1/designations').set('X-Forwarded-For', '203.0.113.71').expect(429);
        for (const r of replicas) await r.http(ADMIN_TOKEN).get('/api/v1/designations').set('X-Forwarded-For', '203.0.113.71').expect(200);
      } finally {
        await second.close();
      }
    });

    it('20 bogus bearer tokens never make a valid token from the same address fail', async () => {
      const p = await person();
      for (let i = 0; i < 25; i++) await t.http(`sjct_bogus_${i}`).get('/api/v1/designations').set('X-Forwarded-For', '203.0.113.80').expect(i < 20 ? 401 : 429);
      await works(p.token).set('X-Forwarded-For', '203.0.113.80').expect(200);
      await works(ADMIN_TOKEN).set('X-Forwarded-For', '203.0.113.80').expect(200);
    });

    it('without TRUST_PROXY a client cannot pick its address with X-Forwarded-For', async () => {
      const direct = await startTestApp({ queue: false, database: t.database, clock: t.clock });
      try {
        const p = await person();
        const send = (password: string, forwarded: string) => direct.http(null).post('/api/v1/sessions').set('X-Forwarded-For', forwarded).send({ username: p.username, password });
        for (let i = 0; i < 5; i++) expect((await send(`wrong-${i}`, `203.0.113.${90 + i}`)).status).toBe(401);
        expect((await send('wrong-again', '203.0.113.99')).status).toBe(429);
      } finally {
        await direct.close();
      }
    });

    it('TRUST_PROXY takes a hop count or proxy addresses; `true` and garbage stop the start', () => {
      expect(loadConfig({}).trustProxy).toBe(false);
      expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
      expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy).toBe('loopback,10.0.0.0/8,::1');
      expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/^TRUST_PROXY: must be a number of proxies/);
      expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
      expect(() => loadConfig({ TRUST_PROXY: '11' })).toThrow(/TRUST_PROXY/);
    });
  });

  describe('sessions, tokens and revocation (issue 13.8)', () => {
    it('a console session cannot mint a never-expiring API token without the password', async () => {
      const p = await person();
      const session = (await signIn(p.username, p.password, '198.51.100.110').expect(201)).body.token as string;
      const missing = await t.http(session).post(`/api/v1/users/${p.id}/tokens`).set('X-Forwarded-For', '198.51.100.110').send({}).expect(400);
      expect(missing.body.message).toMatch(/password is required/);
      const wrong = await t.http(session).post(`/api/v1/users/${p.id}/tokens`).set('X-Forwarded-For', '198.51.100.110').send({ password: 'not-the-password' }).expect(403);
      expect(wrong.body.message).toBe('password is wrong');
      const minted = await t.http(session).post(`/api/v1/users/${p.id}/tokens`).set('X-Forwarded-For', '198.51.100.110').send({ password: p.password }).expect(201);
      await works(minted.body.token).expect(200);
      // An API token rotates itself without a password; an admin mints for anyone.
      const rotated = await t.http(minted.body.token).post(`/api/v1/users/${p.id}/tokens`).send({}).expect(201);
      await t.http().post(`/api/v1/users/${p.id}/tokens`).send({}).expect(201);
      await works(rotated.body.token).expect(401);
    });

    it('wrong passwords when minting count like failed sign-ins', async () => {
      const p = await person();
      const session = (await signIn(p.username, p.password, '198.51.100.120').expect(201)).body.token as string;
      const mint = (password: string) => t.http(session).post(`/api/v1/users/${p.id}/tokens`).set('X-Forwarded-For', '198.51.100.120').send({ password });
      for (let i = 0; i < 5; i++) expect((await mint(`wrong-${i}`)).status).toBe(403);
      expect((await mint(p.password)).status).toBe(429);
      await signIn(p.username, p.password, '198.51.100.120').expect(429);
    });

    it('a password reset ends every token and session of the user, a minted one included', async () => {
      const p = await person();
      const session = (await signIn(p.username, p.password, '198.51.100.130').expect(201)).body.token as string;
      const minted = (await t.http(session).post(`/api/v1/users/${p.id}/tokens`).set('X-Forwarded-For', '198.51.100.130').send({ password: p.password }).expect(201)).body.token as string;
      await t.http().put(`/api/v1/users/${p.id}/password`).send({ password: 'a-new-long-password' }).expect(200);
      for (const token of [session, minted, p.token]) await works(token).expect(401);
      const audit = (await t.http().get(`/api/v1/audit-events?entityType=user&entityId=${p.id}`).expect(200)).body.items;
      expect(audit[0]).toMatchObject({ action: 'user.password_set', after: { revokedTokens: 1, endedSessions: 1 } });
    });

    it('revoking a user’s tokens also ends their live sessions', async () => {
      const p = await person();
      const session = (await signIn(p.username, p.password, '198.51.100.140').expect(201)).body.token as string;
      await t.http().delete(`/api/v1/users/${p.id}/tokens`).expect(204);
      await works(session).expect(401);
      await works(p.token).expect(401);
    });

    it('disabling a user stops every token and session at once and refuses sign-in; enabling needs new credentials', async () => {
      const p = await person();
      const session = (await signIn(p.username, p.password, '198.51.100.150').expect(201)).body.token as string;
      const res = await t.http().patch(`/api/v1/users/${p.id}`).send({ disabled: true }).expect(200);
      expect(res.body).toMatchObject({ id: p.id, disabled: true });
      await works(session).expect(401);
      await works(p.token).expect(401);
      const refused = await signIn(p.username, p.password, '198.51.100.150').expect(403);
      expect(refused.body.message).toMatch(/disabled/);
      await signIn(p.username, 'wrong-password', '198.51.100.150').expect(401);
      const listed = (await t.http().get('/api/v1/users?role=finance&limit=200').expect(200)).body.items.find((u: { id: string }) => u.id === p.id);
      expect(listed).toMatchObject({ disabled: true, organizationName: null });

      await t.http().patch(`/api/v1/users/${p.id}`).send({ disabled: false }).expect(200);
      await works(session).expect(401);
      await works(p.token).expect(401);
      const fresh = (await t.http().post(`/api/v1/users/${p.id}/tokens`).send({}).expect(201)).body.token as string;
      await works(fresh).expect(200);
      const actions = (await t.http().get(`/api/v1/audit-events?entityType=user&entityId=${p.id}`).expect(200)).body.items.map((e: { action: string }) => e.action);
      expect(actions.filter((a: string) => a === 'user.updated')).toHaveLength(2);
    });

    it('PATCH /users/{id}: e-mail and organisation with the creation rules; the last admin cannot be disabled; admin only', async () => {
      const street = (await t.http().post('/api/v1/organizations').send({ name: '永丰街道', kind: 'street' }).expect(201)).body.id as string;
      const other = (await t.http().post('/api/v1/organizations').send({ name: '中山街道', kind: 'street' }).expect(201)).body.id as string;
      const union = (await t.http().post('/api/v1/organizations').send({ name: '区总工会', kind: 'union', level: 'district' }).expect(201)).body.id as string;
      const assessor = (await t.http().post('/api/v1/users').send({ name: '评审员', role: 'assessor', organizationId: street }).expect(201)).body;
      const moved = await t.http().patch(`/api/v1/users/${assessor.id}`).send({ organizationId: other, email: 'Ping@Example.com' }).expect(200);
      expect(moved.body).toMatchObject({ organizationId: other, email: 'ping@example.com', disabled: false });
      await works(assessor.token).expect(403); // still signed in: only disabling ends access
      await t.http().patch(`/api/v1/users/${assessor.id}`).send({ organizationId: union }).expect(422);
      await t.http().patch(`/api/v1/users/${assessor.id}`).send({ email: 'not-an-email' }).expect(400);
      await t.http().patch(`/api/v1/users/${assessor.id}`).send({ role: 'admin' }).expect(400);
      await t.http().patch('/api/v1/users/00000000-0000-4000-8000-000000000000').send({ disabled: true }).expect(404);
      const unchanged = await t.http().patch(`/api/v1/users/${assessor.id}`).send({ email: null, organizationId: null }).expect(200); // null means left out
      expect(unchanged.body).toMatchObject({ organizationId: other, email: 'ping@example.com' });
      const listed = (await t.http().get('/api/v1/users?role=assessor').expect(200)).body.items.find((u: { id: string }) => u.id === assessor.id);
      expect(listed).toMatchObject({ organizationId: other, organizationName: '中山街道', disabled: false });

      const [admin] = (await t.http().get('/api/v1/users?role=admin').expect(200)).body.items;
      const last = await t.http().patch(`/api/v1/users/${admin.id}`).send({ disabled: true }).expect(422);
      expect(last.body.message).toMatch(/last enabled admin/);
      const p = await person();
      await t.http(p.token).patch(`/api/v1/users/${p.id}`).send({ email: 'me@example.com' }).expect(403);
    });

    it('two admins disabling each other at once: one stays enabled, nobody gets a 5xx', async () => {
      const own = await startTestApp({ queue: false }); // a database of its own: the first admin may end up disabled
      try {
        const second = (await own.http().post('/api/v1/users').send({ name: '第二管理员', role: 'admin' }).expect(201)).body;
        const [first] = (await own.http().get('/api/v1/users?role=admin').expect(200)).body.items;
        const answers = await Promise.all([
          own.http(second.token).patch(`/api/v1/users/${first.id}`).send({ disabled: true }),
          own.http().patch(`/api/v1/users/${second.id}`).send({ disabled: true }),
        ]);
        // The loser is refused (422), or finds its own token already ended (401).
        expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
        expect(answers.filter((a) => ![200, 401, 422].includes(a.status))).toEqual([]);
        const [{ n }] = await own.db.query(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL`);
        expect(n).toBe(1);
      } finally {
        await own.close();
      }
    });

    it('PUT /users/me/password: needs the current password (counted), ends the API tokens and the other sessions, keeps this one', async () => {
      const p = await person();
      const address = '198.51.100.160';
      const here = (await signIn(p.username, p.password, address).expect(201)).body.token as string;
      const elsewhere = (await signIn(p.username, p.password, '198.51.100.161').expect(201)).body.token as string;
      const change = (body: object, token = here) => t.http(token).put('/api/v1/users/me/password').set('X-Forwarded-For', address).send(body);

      expect((await change({ currentPassword: p.password, newPassword: 'short' })).status).toBe(400);
      const wrong = await change({ currentPassword: 'not-the-password', newPassword: 'a-brand-new-password' });
      expect(wrong.status).toBe(403);
      expect(wrong.body.message).toBe('currentPassword is wrong');
      expect((await change({ currentPassword: p.password, newPassword: 'a-brand-new-password' })).status).toBe(204);

      await works(here).expect(200);
      await works(elsewhere).expect(401);
      await works(p.token).expect(401);
      await signIn(p.username, p.password, '198.51.100.162').expect(401);
      await signIn(p.username, 'a-brand-new-password', '198.51.100.162').expect(201);
      const audit = (await t.http().get(`/api/v1/audit-events?entityType=user&entityId=${p.id}`).expect(200)).body.items;
      expect(audit.find((e: { action: string }) => e.action === 'user.password_changed')).toMatchObject({ after: { revokedTokens: 1, endedSessions: 1 } });
      expect(JSON.stringify(audit)).not.toMatch(/brand-new|scrypt/);
    });

    it('PUT /users/me/password: wrong current passwords are limited like sign-ins; a user without a password gets 422', async () => {
      const p = await person();
      const change = (currentPassword: string) => t.http(p.token).put('/api/v1/users/me/password').set('X-Forwarded-For', '203.0.113.170').send({ currentPassword, newPassword: 'a-brand-new-password' });
      for (let i = 0; i < 5; i++) expect((await change(`wrong-${i}`)).status).toBe(403);
      expect((await change(p.password)).status).toBe(429);
      const api = (await t.http().post('/api/v1/users').send({ name: '接口用户', role: 'finance' }).expect(201)).body;
      const none = await t.http(api.token).put('/api/v1/users/me/password').send({ currentPassword: 'anything', newPassword: 'a-brand-new-password' }).expect(422);
      expect(none.body.message).toMatch(/no console password/);
    });
  });
});
