import { startTestApp, TestApp } from '../support/test-app';

describe('the official calendar (GET/PUT /calendar/{year})', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('gives a year the package covers, marked as shipped', async () => {
    const res = await t.http().get('/api/v1/calendar/2025').expect(200);
    expect(res.body).toMatchObject({ year: 2025, source: 'package', updatedAt: null });
    expect(res.body.holidays).toEqual(expect.arrayContaining(['2025-10-01', '2025-10-08']));
    expect(res.body.workdays).toEqual(expect.arrayContaining(['2025-09-28', '2025-10-11']));
  });

  it('is 404 for a year nobody has entered, and 400 for a year that is not one', async () => {
    const res = await t.http().get('/api/v1/calendar/2031').expect(404);
    expect(res.body.message).toContain('2031');
    for (const bad of ['20x5', '99', '3000', '2025.5']) {
      const r = await t.http().get(`/api/v1/calendar/${bad}`).expect(400);
      expect(r.body.message).toContain('year');
    }
  });

  it('lets the office enter a new year, audited, and replace it again', async () => {
    const body = { holidays: ['2027-01-01', '2027-02-06', '2027-02-07', '2027-02-08'], workdays: ['2027-02-14'] };
    const put = await t.http().put('/api/v1/calendar/2027').send(body).expect(200);
    expect(put.body).toMatchObject({ year: 2027, source: 'office', ...body });
    expect((await t.http().get('/api/v1/calendar/2027').expect(200)).body).toMatchObject({ source: 'office', ...body });
    await t.http().put('/api/v1/calendar/2027').send({ holidays: ['2027-01-01'], workdays: [] }).expect(200);
    const audit = (await t.http().get('/api/v1/audit-events?entityType=calendar_year&entityId=2027').expect(200)).body.items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['calendar.replaced', 'calendar.replaced']);
    const last = audit.find((e: { after: { holidays: string[] } }) => e.after.holidays.length === 1);
    expect(last.before).toMatchObject({ source: 'office', holidays: body.holidays });
  });

  it('lets the office correct a shipped year: its year wins over the package', async () => {
    const shipped = (await t.http().get('/api/v1/calendar/2024').expect(200)).body;
    await t.http().put('/api/v1/calendar/2024').send({ holidays: shipped.holidays.slice(1), workdays: shipped.workdays }).expect(200);
    const now = (await t.http().get('/api/v1/calendar/2024').expect(200)).body;
    expect(now.source).toBe('office');
    expect(now.holidays).toHaveLength(shipped.holidays.length - 1);
  });

  it.each([
    [{ holidays: ['2027-13-01'], workdays: [] }, 'holidays'],
    [{ holidays: ['2028-01-01'], workdays: [] }, 'holidays: 2028-01-01 is not in 2027'],
    [{ holidays: [], workdays: ['2027-03-03'] }, 'workdays: 2027-03-03 is not a Saturday or Sunday'],
    [{ holidays: ['2027-02-14'], workdays: ['2027-02-14'] }, 'workdays: 2027-02-14 is also listed as a holiday'],
    [{ holidays: '2027-01-01', workdays: [] }, 'holidays'],
    [{ workdays: [] }, 'holidays'],
  ])('refuses %j with 400 naming the field', async (body, message) => {
    const res = await t.http().put('/api/v1/calendar/2027').send(body).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(message);
  });

  it('is for the district office only', async () => {
    const finance = (await t.http().post('/api/v1/users').send({ name: '财务', role: 'finance' }).expect(201)).body.token;
    await t.http(finance).get('/api/v1/calendar/2025').expect(403);
    await t.http(finance).put('/api/v1/calendar/2027').send({ holidays: [], workdays: [] }).expect(403);
    await t.http(null).get('/api/v1/calendar/2025').expect(401);
  });
});
