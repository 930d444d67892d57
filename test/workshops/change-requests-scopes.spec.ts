import { Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { userWithRole } from '../support/http';

/**
 * Who may do what with 管理变更申请 (SPEC §4, §5; issue 6): a union sees its own
 * (unit) or those of unions under it (district), anything else is 404; the
 * wrong actor in scope is 403; finance and assessors are refused everywhere.
 */
const WS = '/api/v1/workshops';
const CR = '/api/v1/change-requests';
const CRAFTSMAN = '上海工匠';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

interface View {
  id: string;
  workshopId: string;
  unionId: string;
  status: string;
}

describe('change requests: scopes, roles and the scoped list', () => {
  let t: TestApp;
  let given: Given;
  const tokens: Record<string, string> = {};
  const unions: Record<string, { id: string }> = {};
  const employers: Record<string, { id: string }> = {};

  const craftsman = async (employerId: string) => {
    const talent = await given.talent({ employerId });
    await t.http().post(`/api/v1/talents/${talent.id}/honours`).send({ title: CRAFTSMAN, awardedOn: '2020-05-01' }).expect(201);
    return talent.id;
  };

  let seq = 0;
  const workshop = async (unit: 'u1' | 'u1b' | 'u2') => {
    const employerId = employers[unit].id;
    const res = await t
      .http(tokens.city)
      .post(WS)
      .send({ kind: 'craftsman_innovation', name: `工作室${unit}-${++seq}`, employerId, leadTalentId: await craftsman(employerId), namedOn: '2023-01-01' })
      .expect(201);
    return res.body.id as string;
  };

  const file = (workshopId: string, token: string, body: Record<string, unknown> = { reason: 'retired', action: 'exit_keep_title' }) =>
    t.http(token).post(`${WS}/${workshopId}/change-requests`).send(body);
  const list = async (token: string, query = ''): Promise<View[]> => {
    const items: View[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: View[]; nextCursor: string | null } } = await t.http(token).get(`${CR}?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  };
  const ids = (views: View[]) => views.map((v) => v.id).sort();

  let w1: string;
  let r1: string;

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
    await given.organization({ name: '市工匠创新工作室创建命名办公室', kind: 'city_office', contactEmails: ['city@example.com'] });
    unions.d1 = await given.organization({ name: '松江区总工会', kind: 'union', level: 'district', contactEmails: ['d1@example.com'] });
    unions.d2 = await given.organization({ name: '上海市机电工会', kind: 'union', level: 'district', contactEmails: ['d2@example.com'] });
    unions.u1 = await given.organization({ name: '甲公司工会', kind: 'union', level: 'unit', parentId: unions.d1.id, contactEmails: ['u1@example.com'] });
    unions.u1b = await given.organization({ name: '乙公司工会', kind: 'union', level: 'unit', parentId: unions.d1.id, contactEmails: ['u1b@example.com'] });
    unions.u2 = await given.organization({ name: '丙公司工会', kind: 'union', level: 'unit', parentId: unions.d2.id, contactEmails: ['u2@example.com'] });
    for (const u of ['u1', 'u1b', 'u2']) employers[u] = await given.employer({ unionId: unions[u].id });
    tokens.city = await userWithRole(t, 'city_office');
    tokens.admin = await userWithRole(t, 'admin');
    tokens.finance = await userWithRole(t, 'finance');
    tokens.assessor = await userWithRole(t, 'assessor', (await given.street()).id);
    for (const u of ['d1', 'd2', 'u1', 'u1b', 'u2']) tokens[u] = await userWithRole(t, 'union', unions[u].id);

    w1 = await workshop('u1');
    r1 = (await file(w1, tokens.u1).expect(201)).body.id;
  });
  afterAll(() => t.close());

  describe.each([
    ['a unit union of another district', 'u2'],
    ['a district union above another unit union', 'd2'],
    ['a sibling unit union under the same district union', 'u1b'],
  ])('%s: 404 everywhere, never the data', (_label, who) => {
    it('GET workshop, filing, GET request, form, decisions are all 404', async () => {
      const token = tokens[who];
      const refusals = [
        await t.http(token).get(`${WS}/${w1}`),
        await file(w1, token),
        await t.http(token).get(`${CR}/${r1}`),
        await t.http(token).get(`${CR}/${r1}/form`),
        await t.http(token).post(`${CR}/${r1}/decisions`).send({ decision: 'approve' }),
        await t.http(token).post(`${CR}/${r1}/decisions`).send({ decision: 'reject' }),
      ];
      for (const res of refusals) {
        expect(res.status).toBe(404);
        expect(res.text).not.toContain('工作室u1');
      }
      expect((await t.http(tokens.city).get(`${CR}/${r1}`).expect(200)).body.status).toBe('submitted');
    });
  });

  it('the workshop’s own unions read it: the unit union and the district union above it', async () => {
    for (const who of ['u1', 'd1']) {
      await t.http(tokens[who]).get(`${WS}/${w1}`).expect(200);
      expect((await t.http(tokens[who]).get(`${CR}/${r1}`).expect(200)).body).toMatchObject({ id: r1, workshopId: w1, unionId: unions.u1.id });
      await t.http(tokens[who]).get(`${CR}/${r1}/form`).expect(200);
    }
    for (const who of ['city', 'admin']) await t.http(tokens[who]).get(`${CR}/${r1}/form`).expect(200);
  });

  it('the unit union trying to decide its own request: 403', async () => {
    for (const decision of ['approve', 'reject']) await t.http(tokens.u1).post(`${CR}/${r1}/decisions`).send({ decision }).expect(403);
  });

  it('the admin trying to decide: 403, at either stage', async () => {
    const w = await workshop('u1');
    const r = (await file(w, tokens.u1).expect(201)).body.id;
    await t.http(tokens.admin).post(`${CR}/${r}/decisions`).send({ decision: 'approve' }).expect(403);
    await t.http(tokens.d1).post(`${CR}/${r}/decisions`).send({ decision: 'approve' }).expect(200);
    await t.http(tokens.admin).post(`${CR}/${r}/decisions`).send({ decision: 'approve' }).expect(403);
    await t.http(tokens.admin).post(`${CR}/${r}/decisions`).send({ decision: 'reject' }).expect(403);
    expect((await t.http(tokens.admin).get(`${CR}/${r}`).expect(200)).body.status).toBe('union_reviewed');
  });

  it('filing by anyone but the workshop’s unit union: district union 403, city office 403, admin 403', async () => {
    const w = await workshop('u1');
    await file(w, tokens.d1).expect(403);
    await file(w, tokens.city).expect(403);
    await file(w, tokens.admin).expect(403);
    expect((await list(tokens.admin, `&workshopId=${w}`)).length).toBe(0);
  });

  it('finance and assessors: 403 on every change-request endpoint and on the workshop', async () => {
    for (const who of ['finance', 'assessor']) {
      const token = tokens[who];
      await t.http(token).get(`${WS}/${w1}`).expect(403);
      await file(w1, token).expect(403);
      await t.http(token).post(`${CR}/${r1}/decisions`).send({ decision: 'approve' }).expect(403);
      await t.http(token).get(CR).expect(403);
      await t.http(token).get(`${CR}/${r1}`).expect(403);
      await t.http(token).get(`${CR}/${r1}/form`).expect(403);
    }
  });

  it('no token or a bad token: 401', async () => {
    for (const token of [null, 'sjct_not_a_token']) {
      await t.http(token).get(CR).expect(401);
      await t.http(token).get(`${CR}/${r1}/form`).expect(401);
      await t.http(token).post(`${CR}/${r1}/decisions`).send({ decision: 'approve' }).expect(401);
      await file(w1, token as string).expect(401);
    }
  });

  it('unknown ids: 404; malformed ids: 400', async () => {
    await t.http(tokens.u1).get(`${CR}/${UNKNOWN}`).expect(404);
    await t.http(tokens.u1).get(`${CR}/${UNKNOWN}/form`).expect(404);
    await t.http(tokens.city).get(`${CR}/not-a-uuid/form`).expect(400);
    await file('not-a-uuid', tokens.u1).expect(400);
  });

  describe('GET /change-requests', () => {
    const byUnion: Record<string, string[]> = { u1: [], u1b: [], u2: [] };
    let reviewed: string;
    let rejected: string;
    let wMany: string;

    beforeAll(async () => {
      // u1: r1 (submitted) plus the requests the tests above filed; read them back from the admin's list
      wMany = await workshop('u1');
      reviewed = (await file(wMany, tokens.u1).expect(201)).body.id;
      await t.http(tokens.d1).post(`${CR}/${reviewed}/decisions`).send({ decision: 'reject' }).expect(200);
      rejected = reviewed;
      reviewed = (await file(wMany, tokens.u1, { reason: 'deceased', action: 'exit_revoke' }).expect(201)).body.id;
      await t.http(tokens.d1).post(`${CR}/${reviewed}/decisions`).send({ decision: 'approve' }).expect(200);
      for (const u of ['u1b', 'u1b', 'u2', 'u2', 'u2'] as const) byUnion[u].push((await file(await workshop(u), tokens[u]).expect(201)).body.id);
      const all = await list(tokens.admin);
      byUnion.u1 = all.filter((v) => v.unionId === unions.u1.id).map((v) => v.id);
    });

    it('the admin and the city office see all, one page of ≤ limit at a time, each exactly once', async () => {
      const expected = [...byUnion.u1, ...byUnion.u1b, ...byUnion.u2].sort();
      expect(byUnion.u1.length).toBeGreaterThanOrEqual(4);
      for (const who of ['admin', 'city']) {
        const seen = await list(tokens[who]);
        expect(ids(seen)).toEqual(expected);
        expect(new Set(seen.map((v) => v.id)).size).toBe(seen.length);
      }
    });

    it('a unit union sees only its own', async () => {
      expect(ids(await list(tokens.u1))).toEqual([...byUnion.u1].sort());
      expect(ids(await list(tokens.u1b))).toEqual([...byUnion.u1b].sort());
      expect(ids(await list(tokens.u2))).toEqual([...byUnion.u2].sort());
    });

    it('a district union sees those of the unions under it', async () => {
      expect(ids(await list(tokens.d1))).toEqual([...byUnion.u1, ...byUnion.u1b].sort());
      expect(ids(await list(tokens.d2))).toEqual([...byUnion.u2].sort());
    });

    it('filters by status and workshopId, within the scope', async () => {
      const all = await list(tokens.admin);
      for (const status of ['submitted', 'union_reviewed', 'rejected', 'approved']) {
        expect(ids(await list(tokens.admin, `&status=${status}`))).toEqual(ids(all.filter((v) => v.status === status)));
      }
      expect(ids(await list(tokens.admin, '&status=union_reviewed'))).toContain(reviewed);
      expect(ids(await list(tokens.d1, '&status=rejected'))).toEqual([rejected]);
      expect(ids(await list(tokens.u1, `&workshopId=${wMany}`))).toEqual([rejected, reviewed].sort());
      expect(ids(await list(tokens.u1, `&workshopId=${wMany}&status=union_reviewed`))).toEqual([reviewed]);
      // another union's workshop: an empty list, never its requests
      expect(await list(tokens.u2, `&workshopId=${wMany}`)).toEqual([]);
      expect(await list(tokens.d2, `&workshopId=${wMany}`)).toEqual([]);
      expect(await list(tokens.u2, '&status=union_reviewed')).toEqual([]);
    });

    it('the last page has nextCursor null; bad query values are 400', async () => {
      const first = await t.http(tokens.admin).get(`${CR}?limit=200`).expect(200);
      expect(first.body.nextCursor).toBeNull();
      for (const q of ['limit=0', 'limit=201', 'status=open', 'workshopId=x', 'cursor=garbage']) await t.http(tokens.admin).get(`${CR}?${q}`).expect(400);
    });
  });

  it('GET /workshops lists what each caller may see: a unit union its own, a district union those under it, the offices all', async () => {
    const w1b = await workshop('u1b');
    const w2 = await workshop('u2');
    const listed = async (who: string, query = '') => {
      const items: Array<{ id: string; leadHistory?: unknown }> = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: typeof items; nextCursor: string | null } } = await t.http(tokens[who]).get(`${WS}?limit=1${query}${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
        items.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      return items;
    };
    const ofMine = (items: Array<{ id: string }>) => items.map((w) => w.id).filter((id) => [w1, w1b, w2].includes(id)).sort();
    expect(ofMine(await listed('u1'))).toEqual([w1].sort());
    expect(ofMine(await listed('u1b'))).toEqual([w1b].sort());
    expect(ofMine(await listed('d1'))).toEqual([w1, w1b].sort());
    expect(ofMine(await listed('d2'))).toEqual([w2].sort());
    expect(ofMine(await listed('city'))).toEqual([w1, w1b, w2].sort());
    expect(ofMine(await listed('admin', '&kind=craftsman_innovation&status=active'))).toEqual([w1, w1b, w2].sort());
    expect(ofMine(await listed('admin', '&kind=chief_technician'))).toEqual([]);
    const [one] = await listed('u1');
    expect(one).toMatchObject({ id: w1, kind: 'craftsman_innovation', status: 'active', unionId: unions.u1.id });
    expect(one.leadHistory).toBeUndefined();
    await t.http(tokens.finance).get(WS).expect(403);
    for (const q of ['kind=x', 'status=open', 'limit=0', 'cursor=garbage']) await t.http(tokens.admin).get(`${WS}?${q}`).expect(400);
  });

  it('lead candidates: people of the workshop’s employer holding 上海工匠, the current lead aside; 404 outside the scope', async () => {
    const employerId = employers.u1.id;
    const a = await craftsman(employerId);
    const b = await craftsman(employerId);
    const plain = (await given.talent({ employerId })).id;
    const elsewhere = await craftsman(employers.u2.id);
    const lead = (await t.http(tokens.admin).get(`${WS}/${w1}`).expect(200)).body.leadTalentId as string;
    for (const who of ['u1', 'd1', 'city', 'admin']) {
      const res = await t.http(tokens[who]).get(`${WS}/${w1}/lead-candidates`).expect(200);
      const ids: string[] = res.body.items.map((c: { talentId: string }) => c.talentId);
      expect(ids).toEqual(expect.arrayContaining([a, b]));
      expect(ids).not.toContain(lead);
      expect(ids).not.toContain(plain);
      expect(ids).not.toContain(elsewhere);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items[0]).toEqual({ talentId: expect.any(String), name: expect.any(String), idNumberMasked: expect.stringMatching(/^\d{2}\*{12}\d{3}[\dX]$/) });
    }
    for (const who of ['u1b', 'u2', 'd2']) await t.http(tokens[who]).get(`${WS}/${w1}/lead-candidates`).expect(404);
    await t.http(tokens.finance).get(`${WS}/${w1}/lead-candidates`).expect(403);
  });
});
