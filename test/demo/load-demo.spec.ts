import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DemoAlreadyLoadedError, DemoSummary, DISTRICT_OFFICE_NAME, formatSummary, loadDemo } from '../../scripts/load-demo';
import { ADMIN_TOKEN, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(180_000);

describe('demo data (scripts/load-demo.ts)', () => {
  let t: TestApp;
  let baseUrl: string;
  let summary: DemoSummary;

  const countRows = async (): Promise<Record<string, number>> => {
    const tables = ['organizations', 'talents', 'designations', 'honours', 'talent_titles', 'workshops', 'adjustments', 'users', 'api_tokens', 'audit_events'];
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM ${table}`);
      counts[table] = n;
    }
    return counts;
  };

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    summary = await loadDemo(baseUrl, ADMIN_TOKEN);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('reports what it created', () => {
    expect(summary.organizations).toMatchObject({ district_office: 1, city_office: 1, street: 18, industry_authority: 2, employer: 7 });
    expect(summary.organizations.union).toBe(8);
    expect(summary.talents).toBe(75);
    expect(summary.designations).toEqual({ '2020': 25, '2022': 25, '2024': 25, total: 75 });
    expect(summary.workshops).toEqual({ chief_technician: 3, craftsman_innovation: 2 });
    expect(summary.pendingAdjustments).toBe(2);
    expect(summary.honours).toBeGreaterThan(0);
    expect(summary.titles).toBeGreaterThan(0);
    expect(new Set(summary.users.map((u) => u.role))).toEqual(new Set(['admin', 'finance', 'assessor', 'union', 'city_office']));
    expect(formatSummary(summary).endsWith('\n')).toBe(true);
  });

  it('names three cohorts of 25 through the API', async () => {
    for (const cohort of ['2020', '2022', '2024']) {
      const res = await t.http().get(`/api/v1/designations?cohort=${cohort}&limit=200`);
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(25);
      expect(res.body.items.every((d: { talentName: string }) => /^[\u4e00-\u9fff]{2,4}$/.test(d.talentName))).toBe(true);
    }
    // The lifecycle job run at the end completed the terms that ended before the test clock's 2026-11-23.
    const active = await t.http().get('/api/v1/designations?status=active&limit=200');
    expect(active.body.items).toHaveLength(25);
    expect(active.body.items.every((d: { cohort: string }) => d.cohort === '2024')).toBe(true);
  });

  it('registers the streets and towns of 松江区 and the district office', async () => {
    const streets = await t.http().get('/api/v1/organizations?kind=street&limit=200');
    const names = streets.body.items.map((o: { name: string }) => o.name);
    expect(names).toEqual(expect.arrayContaining(['岳阳街道', '九里亭街道', '泗泾镇', '小昆山镇', '松江经济技术开发区']));
    const offices = await t.http().get('/api/v1/organizations?kind=district_office');
    expect(offices.body.items.map((o: { name: string }) => o.name)).toEqual([DISTRICT_OFFICE_NAME]);
    expect(offices.body.items[0].contactEmails.length).toBeGreaterThan(0);
  });

  it('creates workshops of both kinds, a craftsman lead holding 上海工匠', async () => {
    const rows: Array<{ id: string; kind: string }> = await t.db.query('SELECT id, kind FROM workshops');
    expect(rows.filter((w) => w.kind === 'chief_technician')).toHaveLength(3);
    const craftsman = rows.filter((w) => w.kind === 'craftsman_innovation');
    expect(craftsman).toHaveLength(2);
    const workshop = await t.http().get(`/api/v1/workshops/${craftsman[0].id}`);
    expect(workshop.status).toBe(200);
    const lead = await t.http().get(`/api/v1/talents/${workshop.body.leadTalentId}`);
    expect(lead.body.honours.map((h: { title: string }) => h.title)).toContain('上海工匠');
  });

  it('leaves pending adjustments for the district office', async () => {
    const res = await t.http().get('/api/v1/adjustments?status=pending');
    expect(res.status).toBe(200);
    expect(res.body.items.map((a: { reason: string }) => a.reason).sort()).toEqual(['other', 'position_changed']);
  });

  it('gives each demo user a working token', async () => {
    const finance = summary.users.find((u) => u.role === 'finance')!;
    expect((await t.http(finance.token).get('/api/v1/designations?cohort=2024')).status).toBe(200);
    const union = summary.users.find((u) => u.role === 'union' && u.organization?.endsWith('有限公司工会'))!;
    const rows: Array<{ id: string }> = await t.db.query(`SELECT id FROM workshops WHERE union_id = (SELECT organization_id FROM users WHERE email = $1)`, [union.email]);
    expect(rows.length).toBeGreaterThan(0);
    expect((await t.http(union.token).get(`/api/v1/workshops/${rows[0].id}`)).status).toBe(200);
  });

  it('gives each demo user a console password that signs in, and prints it', async () => {
    const printed = formatSummary(summary);
    expect(summary.users.map((u) => u.role).sort()).toEqual(['admin', 'assessor', 'assessor', 'city_office', 'finance', 'union', 'union']);
    for (const u of summary.users) {
      expect(printed).toContain(`username ${u.username}   password ${u.password}`);
      expect(printed).toContain(u.token);
      const res = await request(baseUrl).post('/api/v1/sessions').send({ username: u.username, password: u.password });
      expect({ user: u.username, status: res.status }).toEqual({ user: u.username, status: 201 });
      expect(res.body.user).toMatchObject({ role: u.role });
      // The session works, and the printed API token still does (minted after the password was set).
      expect((await request(baseUrl).get('/api/v1/sessions/current').set('Authorization', `Bearer ${res.body.token}`)).status).toBe(200);
      expect((await request(baseUrl).get('/api/v1/sessions/current').set('Authorization', `Bearer ${u.token}`)).status).toBe(200);
    }
    // Both union users (unit and district) and both assessors are there, and the passwords differ.
    expect(summary.users.filter((u) => u.role === 'union').map((u) => u.organization)).toEqual([`${'上海泗泾电气设备有限公司'}工会`, '松江区总工会']);
    expect(new Set(summary.users.map((u) => u.password)).size).toBe(summary.users.length);
  });

  it('stores women cadres and phones as given', async () => {
    const rows: Array<{ id: string }> = await t.db.query(`SELECT id FROM talents WHERE name = '陶静'`);
    const res = await t.http().get(`/api/v1/talents/${rows[0].id}`);
    expect(res.body).toMatchObject({ gender: 'female', retirementCategory: 'female_cadre', occupation: '化学检验员' });
    expect(res.body.phoneMasked).toMatch(/^135\*{4}\d{4}$/);
  });

  it('refuses a second load without creating anything', async () => {
    const before = await countRows();
    await expect(loadDemo(baseUrl, ADMIN_TOKEN)).rejects.toBeInstanceOf(DemoAlreadyLoadedError);
    expect(await countRows()).toEqual(before);
  });
});
