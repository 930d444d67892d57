import { ADMIN_TOKEN, startTestApp, TestApp } from '../support/test-app';

describe('HTTP basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers /health without a token, naming the database and the queue', async () => {
    const res = await t.http(null).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up', queue: process.env.REDIS_URL ? 'up' : 'inline' });
  });

  it('puts a request id on every response, keeping a caller-given one', async () => {
    const res = await t.http(null).get('/health').set('X-Request-Id', 'abc-123').expect(200);
    expect(res.headers['x-request-id']).toBe('abc-123');
    const other = await t.http(null).get('/health');
    expect(other.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document listing the endpoints with their DTOs', async () => {
    const res = await t.http(null).get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/health', '/api/v1/users', '/api/v1/organizations', '/api/v1/jobs/{name}/run', '/api/v1/audit-events', '/api/v1/notifications']),
    );
    expect(res.body.components.schemas.CreateOrganizationDto.properties).toHaveProperty('creditCode');
    await t.http(null).get('/docs').expect(200);
  });

  it('is 401 without a token and with a bad one, 403 for a role that may not', async () => {
    await t.http(null).get('/api/v1/audit-events').expect(401);
    const bad = await t.http('sjct_not_a_real_token').get('/api/v1/audit-events').expect(401);
    expect(bad.body).toEqual({ statusCode: 401, message: 'Authorization: the token is not valid', error: 'Unauthorized', code: 'UNAUTHENTICATED' });
    const finance = await t.http().post('/api/v1/users').send({ name: '李会计', role: 'finance', email: 'li@example.com' }).expect(201);
    expect(finance.body.token).toMatch(/^sjct_/);
    const res = await t.http(finance.body.token).get('/api/v1/audit-events').expect(403);
    expect(res.body.message).toContain('finance');
  });

  it('rejects unknown fields and wrong types with a 400 naming the field', async () => {
    const unknown = await t.http().post('/api/v1/users').send({ name: '张三', role: 'admin', salary: 1 }).expect(400);
    expect(unknown.body.message).toEqual(['property salary should not exist']);
    const wrongType = await t.http().post('/api/v1/users').send({ name: 42, role: 'admin' }).expect(400);
    expect(String(wrongType.body.message)).toContain('name');
    const badRole = await t.http().post('/api/v1/users').send({ name: '张三', role: 'boss' }).expect(400);
    expect(String(badRole.body.message)).toContain('role');
  });

  it('treats a field sent as null like a field left out', async () => {
    const res = await t.http().post('/api/v1/users').send({ name: '评审员', role: 'assessor', organizationId: null, email: null }).expect(400);
    expect(res.body.message).toBe('organizationId is required for role assessor');
    await t.http().post('/api/v1/organizations').send({ name: '岳阳街道', kind: 'street', parentId: null, contactEmails: null }).expect(201);
    const missing = await t.http().post('/api/v1/users').send({ name: null, role: 'finance' }).expect(400);
    expect(String(missing.body.message)).toContain('name');
  });

  it('answers malformed JSON with a 400, not a 500', async () => {
    const res = await t.http().post('/api/v1/users').set('Content-Type', 'application/json').send('{"name": ').expect(400);
    expect(res.body.message).toContain('JSON');
  });

  it('answers an unknown route with 404 and a malformed id with 400', async () => {
    await t.http().get('/api/v1/nothing-here').expect(404);
    const res = await t.http().get('/api/v1/organizations/not-a-uuid').expect(400);
    expect(res.body.message).toBe('id must be a UUID');
  });

  it('keeps the bootstrap admin token working and never stores it in clear', async () => {
    const rows = await t.db.query('SELECT token_hash FROM api_tokens');
    expect(rows.map((r: { token_hash: string }) => r.token_hash)).not.toContain(ADMIN_TOKEN);
    await t.http().get('/api/v1/audit-events').expect(200);
  });
});
