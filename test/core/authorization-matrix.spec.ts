import { ADMIN_TOKEN, startTestApp, TestApp } from '../support/test-app';

import { makeCreditCode } from '../../src/modules/organizations/credit-code';

type Role = 'admin' | 'finance' | 'assessor' | 'union' | 'city_office' | 'employer' | 'expert';
const ROLES: Role[] = ['admin', 'finance', 'assessor', 'union', 'city_office', 'employer', 'expert'];

/**
 * Who may call what (SPEC §4, §5). Every route the application serves must be
 * here: a new endpoint without an entry fails this test. Scoped reads (an
 * assessor's or a union's own organisation) are tested in their features;
 * here an allowed role must never get 401/403 and nobody may get a 5xx.
 */
const MATRIX: Record<string, Role[] | 'public' | 'own-tokens'> = {
  'GET /health': 'public',
  'POST /api/v1/users': ['admin'],
  'GET /api/v1/users': ['admin'],
  'PUT /api/v1/users/{id}/password': ['admin'],
  'PATCH /api/v1/users/{id}': ['admin'],
  // Any signed-in user changes their own password (with {} here: 400 for every role).
  'PUT /api/v1/users/me/password': ROLES,
  // Signing in needs no token; what a wrong password gets is tested in sessions.spec.
  'POST /api/v1/sessions': 'public',
  'GET /api/v1/sessions/current': ROLES,
  'DELETE /api/v1/sessions/current': ROLES,
  // Every role manages its own tokens; only an admin another user's (403 for the rest).
  'POST /api/v1/users/{id}/tokens': 'own-tokens',
  'DELETE /api/v1/users/{id}/tokens': 'own-tokens',
  'POST /api/v1/organizations': ['admin', 'city_office'],
  'GET /api/v1/organizations': ['admin', 'city_office'],
  'GET /api/v1/organizations/{id}': ['admin', 'city_office'],
  'PATCH /api/v1/organizations/{id}': ['admin'],
  'POST /api/v1/organizations/import': ['admin'],
  'POST /api/v1/talents': ['admin', 'city_office'],
  // Finance reads one person, never the register (SPEC §5).
  'GET /api/v1/talents': ['admin', 'city_office'],
  'POST /api/v1/talents/lookup': ['admin', 'city_office'],
  'GET /api/v1/talents/{id}': ['admin', 'city_office', 'finance'],
  'PATCH /api/v1/talents/{id}': ['admin'],
  'POST /api/v1/talents/{id}/honours': ['admin', 'city_office'],
  'DELETE /api/v1/talents/{id}/honours/{honourId}': ['admin', 'city_office'],
  'POST /api/v1/talents/{id}/titles': ['admin'],
  'POST /api/v1/designations': ['admin'],
  'POST /api/v1/designations/import': ['admin'],
  'GET /api/v1/designations': ['admin', 'finance', 'employer'],
  'GET /api/v1/designations/{id}': ['admin', 'finance', 'employer'],
  'POST /api/v1/designations/{id}/annual-reviews': ['admin', 'employer'],
  'POST /api/v1/designations/{id}/adjustments': ['admin'],
  'GET /api/v1/adjustments': ['admin'],
  'GET /api/v1/adjustments/counts': ['admin'],
  'POST /api/v1/adjustments/{id}/decision': ['admin'],
  'GET /api/v1/adjustments/{id}/effect': ['admin'],
  'POST /api/v1/social-insurance/import': ['admin'],
  'POST /api/v1/payment-runs': ['admin', 'finance'],
  'GET /api/v1/payment-runs': ['admin', 'finance'],
  'GET /api/v1/designations/{id}/payments': ['admin', 'finance', 'employer'],
  'GET /api/v1/workshops/{id}/payments': ['admin', 'finance', 'employer'],
  // A person's whole ledger over all designations and periods (issue 15 item 7).
  'GET /api/v1/talents/{id}/payments': ['admin', 'finance'],
  'GET /api/v1/payment-runs/{period}': ['admin', 'finance'],
  'GET /api/v1/payment-runs/{period}/lines': ['admin', 'finance'],
  'GET /api/v1/payment-runs/{period}/roster': ['admin', 'finance'],
  'GET /api/v1/templates/{name}': ['admin', 'finance'],
  'POST /api/v1/payment-runs/{period}/close': ['finance'],
  'GET /api/v1/payment-runs/{period}/preview': ['admin', 'finance'],
  'POST /api/v1/payments/opening-ledger': ['admin', 'finance'],
  'GET /api/v1/payments/reconciliation': ['admin', 'finance'],
  'GET /api/v1/assessments': ['admin', 'assessor'],
  'GET /api/v1/assessments/counts': ['admin', 'assessor'],
  'GET /api/v1/assessments/{id}': ['admin', 'assessor'],
  'POST /api/v1/assessments/{id}/result': ['admin', 'assessor'],
  'POST /api/v1/assessments/{id}/correction': ['admin'],
  'POST /api/v1/workshops': ['admin', 'city_office'],
  'GET /api/v1/workshops': ['admin', 'city_office', 'union', 'employer'],
  'GET /api/v1/workshops/{id}': ['admin', 'city_office', 'union', 'employer'],
  'GET /api/v1/workshops/{id}/lead-candidates': ['admin', 'city_office', 'union'],
  'POST /api/v1/workshops/{id}/change-requests': ['union'],
  'POST /api/v1/change-requests/{id}/decisions': ['union', 'city_office'],
  'GET /api/v1/change-requests': ['union', 'city_office', 'admin'],
  'GET /api/v1/change-requests/counts': ['union', 'city_office', 'admin'],
  'GET /api/v1/change-requests/{id}': ['union', 'city_office', 'admin'],
  'GET /api/v1/change-requests/{id}/form': ['union', 'city_office', 'admin'],
  'GET /api/v1/notifications': ['admin'],
  'POST /api/v1/notifications/{id}/retry': ['admin'],
  'POST /api/v1/jobs/{name}/run': ['admin'],
  'GET /api/v1/audit-events': ['admin'],
  'GET /api/v1/reports/dashboard': ['admin', 'finance'],
  'GET /api/v1/reports/assessments/{year}': ['admin'],
  'GET /api/v1/reports/workshops/{unionId}/{year}': ['admin', 'union', 'city_office'],
  'GET /api/v1/reports/payment-history/talents/{id}': ['admin', 'finance'],
  'GET /api/v1/reports/payment-history/employers/{id}': ['admin', 'finance'],
  'POST /api/v1/workshops/{id}/annual-results': ['union', 'admin'],
  'GET /api/v1/workshops/{id}/annual-results': ['admin', 'city_office', 'union'],
  'POST /api/v1/rounds': ['admin'],
  'GET /api/v1/rounds': ['admin', 'employer', 'expert'],
  'GET /api/v1/rounds/{id}': ['admin', 'employer', 'expert'],
  'POST /api/v1/rounds/{id}/applications': ['admin', 'employer'],
  'GET /api/v1/rounds/{id}/applications': ['admin', 'employer', 'assessor', 'expert'],
  'GET /api/v1/rounds/{id}/export': ['admin'],
  'GET /api/v1/applications': ['admin', 'employer', 'assessor'],
  'GET /api/v1/applications/{id}': ['admin', 'employer', 'assessor'],
  'PATCH /api/v1/applications/{id}': ['admin', 'employer'],
  'POST /api/v1/applications/{id}/recommendation': ['assessor'],
  'POST /api/v1/applications/{id}/eligibility': ['admin'],
  // An expert reads the 申报表 of its assigned rounds' applications (masked), others 404 (issue 17).
  'GET /api/v1/applications/{id}/form': ['admin', 'employer', 'expert'],
  'GET /api/v1/application-bans': ['admin', 'employer'],
  // Selection, part 2 (issue 17): the official calendar.
  'GET /api/v1/calendar/{year}': ['admin'],
  'PUT /api/v1/calendar/{year}': ['admin'],
  // Selection, part 2 (issue 17): expert review, shortlist, publicity, naming. Experts reach only rounds they are assigned to (404 otherwise, tested in test/selection-review).
  'PUT /api/v1/rounds/{id}/experts': ['admin'],
  'GET /api/v1/rounds/{id}/experts': ['admin'],
  'GET /api/v1/rounds/{id}/review': ['admin', 'expert'],
  'PUT /api/v1/applications/{id}/scores/me': ['expert'],
  'GET /api/v1/applications/{id}/scores': ['admin', 'expert'],
  'POST /api/v1/rounds/{id}/scoring/close': ['admin'],
  'GET /api/v1/rounds/{id}/scores': ['admin'],
  'GET /api/v1/rounds/{id}/score-sheets/{expertId}': ['admin', 'expert'],
  'POST /api/v1/rounds/{id}/score-sheets/{expertId}': ['admin', 'expert'],
  'GET /api/v1/applications/{id}/score-sheet': ['admin', 'employer', 'expert'],
  'POST /api/v1/rounds/{id}/shortlist': ['admin'],
  'POST /api/v1/rounds/{id}/publicity': ['admin'],
  'GET /api/v1/rounds/{id}/publicity-list': ['admin'],
  'POST /api/v1/applications/{id}/objections': ['admin'],
  'GET /api/v1/rounds/{id}/objections': ['admin'],
  'POST /api/v1/rounds/{id}/naming': ['admin'],
};

const PARAMS: Record<string, string> = { id: '00000000-0000-4000-8000-000000000001', honourId: '00000000-0000-4000-8000-000000000002', period: '2026-01', name: 'notifications', year: '2025', unionId: '00000000-0000-4000-8000-000000000003', expertId: '00000000-0000-4000-8000-000000000004' };

describe('authorization matrix', () => {
  let t: TestApp;
  let routes: string[];
  const tokens = {} as Record<Role, string>;
  const userIds = {} as Record<Role, string>;

  beforeAll(async () => {
    t = await startTestApp({ queue: false });
    const street = await t.http().post('/api/v1/organizations').send({ name: '岳阳街道', kind: 'street' }).expect(201);
    const district = await t.http().post('/api/v1/organizations').send({ name: '区总工会', kind: 'union', level: 'district' }).expect(201);
    const unit = await t.http().post('/api/v1/organizations').send({ name: '单位工会', kind: 'union', level: 'unit', parentId: district.body.id }).expect(201);
    const employer = await t.http().post('/api/v1/organizations').send({ name: '某用人单位', kind: 'employer', creditCode: makeCreditCode('91310117MA1000001'), streetId: street.body.id }).expect(201);
    const org: Partial<Record<Role, string>> = { assessor: street.body.id, union: unit.body.id, employer: employer.body.id };
    tokens.admin = ADMIN_TOKEN;
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const user = (await t.http().post('/api/v1/users').send({ name: role, role, organizationId: org[role] }).expect(201)).body;
      [tokens[role], userIds[role]] = [user.token, user.id];
    }
    userIds.admin = userIds.finance; // an admin manages anyone's tokens
    const doc = (await t.http(null).get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
  });
  afterAll(() => t.close());

  it('has an entry for every route the application serves, and no stale entry', () => {
    expect(routes.filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !routes.includes(r))).toEqual([]);
  });

  const call = (route: string, token: string | null, params: Record<string, string> = PARAMS) => {
    const [method, template] = route.split(' ');
    const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => params[name]);
    const http = t.http(token);
    const req = method === 'GET' ? http.get(path) : method === 'DELETE' ? http.delete(path) : method === 'PUT' ? http.put(path) : method === 'PATCH' ? http.patch(path) : http.post(path);
    return method === 'POST' || method === 'PUT' || method === 'PATCH' ? req.send({}) : req;
  };

  it.each(Object.keys(MATRIX))('%s: 401 without or with a bad token, 403 for other roles, never a 5xx', async (route) => {
    const allowed = MATRIX[route];
    t.clock.advance(61_000); // a fresh minute for the failed-authentication limiter
    if (allowed === 'public') {
      const status = (await call(route, null)).status;
      expect(status).toBeLessThan(500);
      expect([401, 403]).not.toContain(status);
      return;
    }
    expect((await call(route, null)).status).toBe(401);
    expect((await call(route, 'sjct_bad_token')).status).toBe(401);
    if (allowed === 'own-tokens') {
      for (const role of ROLES) {
        const own = await call(route, tokens[role], { ...PARAMS, id: userIds[role] });
        expect({ role, status: own.status }).toEqual({ role, status: route.startsWith('POST') ? 201 : 204 });
        // Whatever the call did to the target's tokens, give the target a working one again.
        const target = role === 'admin' ? 'finance' : role;
        tokens[target] = (await t.http().post(`/api/v1/users/${userIds[target]}/tokens`).expect(201)).body.token;
        if (role !== 'admin') expect((await call(route, tokens[role], { ...PARAMS, id: role === 'finance' ? userIds.assessor : userIds.finance })).status).toBe(403);
      }
      return;
    }
    for (const role of ROLES) {
      const res = await call(route, tokens[role]);
      expect(res.status).toBeLessThan(500);
      if (allowed.includes(role)) expect([401, 403]).not.toContain(res.status);
      else expect({ role, status: res.status }).toEqual({ role, status: 403 });
    }
  });
});
