import { startTestApp, TestApp } from '../support/test-app';

describe('security basics', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ queue: false });
  });
  afterEach(() => t.close());

  it('sends the helmet headers', async () => {
    const res = await t.http(null).get('/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    await t.http(null).get('/docs').expect(200);
  });

  it('answers 429 to unknown tokens after 20 in a minute, and never refuses a valid token', async () => {
    for (let i = 0; i < 20; i++) await t.http(`sjct_wrong_${i}`).get('/api/v1/audit-events').expect(401);
    const blocked = await t.http('sjct_wrong_again').get('/api/v1/audit-events').expect(429);
    expect(blocked.body.message).toContain('too many failed authentications');
    await t.http().get('/api/v1/audit-events').expect(200);
    t.clock.advance(61_000);
    await t.http('sjct_wrong_later').get('/api/v1/audit-events').expect(401);
  });

  it('rotates and revokes tokens', async () => {
    const finance = await t.http().post('/api/v1/users').send({ name: '财务', role: 'finance' }).expect(201);
    const other = await t.http().post('/api/v1/users').send({ name: '财务二', role: 'finance' }).expect(201);
    await t.http(finance.body.token).get('/api/v1/designations').expect(200);

    const rotated = await t.http(finance.body.token).post(`/api/v1/users/${finance.body.id}/tokens`).expect(201);
    expect(rotated.body.token).toMatch(/^sjct_/);
    await t.http(finance.body.token).get('/api/v1/designations').expect(401);
    await t.http(rotated.body.token).get('/api/v1/designations').expect(200);

    await t.http(rotated.body.token).post(`/api/v1/users/${other.body.id}/tokens`).expect(403);
    await t.http(rotated.body.token).delete(`/api/v1/users/${other.body.id}/tokens`).expect(403);
    await t.http().delete(`/api/v1/users/${finance.body.id}/tokens`).expect(204);
    await t.http(rotated.body.token).get('/api/v1/designations').expect(401);
    await t.http().post('/api/v1/users/00000000-0000-4000-8000-000000000000/tokens').expect(404);

    const audit = await t.http().get(`/api/v1/audit-events?entityType=user&entityId=${finance.body.id}`).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['user.tokens_revoked', 'user.token_rotated', 'user.created']);
    expect(JSON.stringify(audit.body)).not.toContain(rotated.body.token);
  });
});
