import { startTestApp, TestApp } from '../support/test-app';
import { Given } from '../support/given';

/** Issue 15 item 6: every error body keeps Nest's shape and adds `code`, and for invalid input `fields`. */
describe('error bodies carry codes the console can read', () => {
  let t: TestApp;
  let given: Given;
  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
  });
  afterAll(() => t.close());

  it('names every invalid field of a body at once, with its class-validator constraint', async () => {
    const d = await given.designation();
    const res = await t
      .http()
      .post(`/api/v1/designations/${d.id}/adjustments`)
      .send({ reason: 'whatever', effectiveOn: '2025-02-30', note: 5, salary: 1 })
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED' });
    expect(res.body.fields).toEqual(
      expect.arrayContaining([
        { field: 'reason', constraint: 'isIn' },
        { field: 'effectiveOn', constraint: 'isBusinessDate' },
        { field: 'note', constraint: 'isString' },
        { field: 'salary', constraint: 'whitelistValidation' },
      ]),
    );
    // The English messages stay for API clients, one per field problem.
    expect(res.body.message).toEqual(expect.arrayContaining(['property salary should not exist']));
    expect(res.body.message).toHaveLength(res.body.fields.length);
  });

  it('names nested fields by their path', async () => {
    const res = await t.http().post('/api/v1/organizations').send({ name: '某街道', kind: 'street', contactEmails: ['a@example.com', 'not-mail'] }).expect(400);
    expect(res.body.fields).toEqual([{ field: 'contactEmails', constraint: 'isEmail' }]);
  });

  it('gives a score out of range and a score that is no number their own constraints', async () => {
    const res = await t.http().post('/api/v1/assessments/00000000-0000-4000-8000-000000000000/result').send({ grade: 'excellent', assessedOn: '2025-01-01', score: 900 }).expect(400);
    expect(res.body.fields).toEqual([{ field: 'score', constraint: 'max' }]);
    const words = await t.http().post('/api/v1/assessments/00000000-0000-4000-8000-000000000000/result').send({ grade: 'excellent', assessedOn: '2025-01-01', score: '九十' }).expect(400);
    expect(words.body.fields).toEqual([{ field: 'score', constraint: 'isNumber' }]);
    expect(words.body.message).toEqual([expect.stringContaining('score must be a number')]);
  });

  it('says a required field left out is missing, not of the wrong type', async () => {
    const res = await t.http().post('/api/v1/assessments/00000000-0000-4000-8000-000000000000/result').send({ score: 50 }).expect(400);
    expect(res.body.fields).toEqual(expect.arrayContaining([{ field: 'grade', constraint: 'isDefined' }, { field: 'assessedOn', constraint: 'isDefined' }]));
    expect(JSON.stringify(res.body)).not.toContain('"value"');
  });

  it('gives path parameters and services’ own field checks a field too', async () => {
    const uuid = await t.http().get('/api/v1/designations/not-a-uuid').expect(400);
    expect(uuid.body).toMatchObject({ code: 'INVALID_INPUT', fields: [{ field: 'id', constraint: 'isUuid' }] });
    const period = await t.http().get('/api/v1/payment-runs/2026-13').expect(400);
    expect(period.body).toMatchObject({ code: 'INVALID_INPUT', fields: [{ field: 'period', constraint: 'isPeriod' }] });
    const required = await t.http().post('/api/v1/users').send({ name: '评审员', role: 'assessor' }).expect(400);
    expect(required.body).toMatchObject({ code: 'INVALID_INPUT', fields: [{ field: 'organizationId', constraint: 'required' }] });
    const talent = await given.talent();
    const early = await t.http().post('/api/v1/designations').send({ talentId: talent.id, cohort: '2015', designatedOn: '2015-06-01' }).expect(400);
    expect(early.body).toMatchObject({ code: 'INVALID_INPUT', fields: [{ field: 'designatedOn', constraint: 'tooEarly' }] });
  });

  it('gives business rules and conflicts their domain code (422, 409) and 404s the entity’s', async () => {
    const talent = await given.talent();
    await given.designation({ talentId: talent.id });
    const second = await t.http().post('/api/v1/designations').send({ talentId: talent.id, cohort: '2025', designatedOn: '2025-01-15' }).expect(409);
    expect(second.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'ALREADY_DESIGNATED', fields: [{ field: 'talentId', constraint: 'ALREADY_DESIGNATED' }] });
    const d = await given.designation();
    const outside = await t.http().post(`/api/v1/designations/${d.id}/adjustments`).send({ reason: 'other', effectiveOn: '2000-01-01' }).expect(422);
    expect(outside.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity', code: 'EFFECTIVE_OUTSIDE_TERM' });
    const missing = await t.http().get('/api/v1/designations/00000000-0000-4000-8000-000000000000').expect(404);
    expect(missing.body).toMatchObject({ code: 'DESIGNATION_NOT_FOUND' });
    const notRun = await t.http().get('/api/v1/payment-runs/2020-01').expect(404);
    expect(notRun.body).toMatchObject({ code: 'PAYMENT_RUN_NOT_FOUND' });
  });

  it('codes what HTTP itself refuses', async () => {
    expect((await t.http(null).get('/api/v1/designations').expect(401)).body.code).toBe('UNAUTHENTICATED');
    const wrong = await t.http(null).post('/api/v1/sessions').send({ username: 'nobody', password: 'wrong-password-1' }).expect(401);
    expect(wrong.body.code).toBe('WRONG_CREDENTIALS');
    const json = await t.http().post('/api/v1/users').set('Content-Type', 'application/json').send('{"name": ').expect(400);
    expect(json.body.code).toBe('INVALID_INPUT');
  });
});
