import { Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { userWithRole } from '../support/http';

const WORKSHOPS = '/api/v1/workshops';
const CRAFTSMAN = '上海工匠';

describe('workshops: registration and scoped reading (SPEC §3.3, §3.6, §4)', () => {
  let t: TestApp;
  let given: Given;
  const tokens: Record<string, string> = {};
  let districtUnion: { id: string };
  let unitUnion: { id: string };
  let siblingUnitUnion: { id: string };
  let otherDistrictUnion: { id: string };
  let employer: { id: string };
  let employerWithoutUnion: { id: string };

  const union = (level: 'district' | 'unit', parentId?: string) =>
    given.organization({ name: `${level === 'district' ? '区局（产业）工会' : '本单位工会'}${Math.random().toString(36).slice(2, 8)}`, kind: 'union', level, ...(parentId ? { parentId } : {}) });

  /** A talent at the employer with an active designation, term 2024-07-01 .. 2027-06-30. */
  const designatedLead = async (employerId: string) => {
    const talent = await given.talent({ employerId });
    const designation = await given.designation({ talentId: talent.id, designatedOn: '2024-06-15' });
    return { talent, designation };
  };

  const craftsmanLead = async (employerId: string) => {
    const talent = await given.talent({ employerId });
    const honour = await t.http().post(`/api/v1/talents/${talent.id}/honours`).send({ title: CRAFTSMAN, awardedOn: '2023-05-01' }).expect(201);
    return { talent, honourId: honour.body.id as string };
  };

  const chiefBody = (employerId: string, leadTalentId: string, extra: Record<string, unknown> = {}) => ({
    kind: 'chief_technician',
    name: '张伟首席技师工作室',
    employerId,
    leadTalentId,
    level: 'district',
    namedOn: '2025-03-01',
    ...extra,
  });

  const craftsmanBody = (employerId: string, leadTalentId: string, extra: Record<string, unknown> = {}) => ({
    kind: 'craftsman_innovation',
    name: '李强工匠创新工作室',
    employerId,
    leadTalentId,
    namedOn: '2025-04-01',
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
    districtUnion = await union('district');
    unitUnion = await union('unit', districtUnion.id);
    siblingUnitUnion = await union('unit', districtUnion.id);
    otherDistrictUnion = await union('district');
    const otherUnit = await union('unit', otherDistrictUnion.id);
    employer = await given.employer({ unionId: unitUnion.id });
    employerWithoutUnion = await given.employer();
    const street = await given.street();
    tokens.city = await userWithRole(t, 'city_office');
    tokens.finance = await userWithRole(t, 'finance');
    tokens.assessor = await userWithRole(t, 'assessor', street.id);
    tokens.unit = await userWithRole(t, 'union', unitUnion.id);
    tokens.district = await userWithRole(t, 'union', districtUnion.id);
    tokens.siblingUnit = await userWithRole(t, 'union', siblingUnitUnion.id);
    tokens.otherDistrict = await userWithRole(t, 'union', otherDistrictUnion.id);
    tokens.otherUnit = await userWithRole(t, 'union', otherUnit.id);
  });
  afterAll(() => t.close());

  describe('chief technician workshops (admin)', () => {
    it.each(['district', 'municipal'])('registers a %s workshop led by a designated chief technician', async (level) => {
      const { talent, designation } = await designatedLead(employer.id);
      const res = await t.http().post(WORKSHOPS).send(chiefBody(employer.id, talent.id, { level })).expect(201);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        status: 'active',
        kind: 'chief_technician',
        level,
        employerId: employer.id,
        leadTalentId: talent.id,
        leadTalentName: talent.name,
        designationId: designation.id,
        namedOn: '2025-03-01',
        unionId: unitUnion.id,
      });
      expect(res.body.leadHistory).toEqual([expect.objectContaining({ talentId: talent.id, fromDate: '2025-03-01', toDate: null })]);
      const got = await t.http().get(`${WORKSHOPS}/${res.body.id}`).expect(200);
      expect(got.body).toEqual(res.body);
    });

    it('accepts namedOn on the first and last day of the term', async () => {
      for (const namedOn of ['2024-07-01', '2027-06-30']) {
        const { talent } = await designatedLead(employer.id);
        await t.http().post(WORKSHOPS).send(chiefBody(employer.id, talent.id, { namedOn })).expect(201);
      }
    });

    it('registers one for an employer without a union, with unionId null', async () => {
      const { talent } = await designatedLead(employerWithoutUnion.id);
      const res = await t.http().post(WORKSHOPS).send(chiefBody(employerWithoutUnion.id, talent.id)).expect(201);
      expect(res.body.unionId).toBeNull();
    });

    it('requires level: 400 naming it', async () => {
      const { talent } = await designatedLead(employer.id);
      const body: Record<string, unknown> = chiefBody(employer.id, talent.id);
      delete body.level;
      const res = await t.http().post(WORKSHOPS).send(body).expect(400);
      expect(JSON.stringify(res.body.message)).toContain('level');
    });

    it('refuses a lead without any designation: 422 naming leadTalentId', async () => {
      const talent = await given.talent({ employerId: employer.id });
      const res = await t.http().post(WORKSHOPS).send(chiefBody(employer.id, talent.id)).expect(422);
      expect(res.body.message).toContain('leadTalentId');
    });

    it.each([
      ['before termStart (between designatedOn and the term)', '2024-06-20'],
      ['after termEnd', '2027-07-01'],
      ['long before the designation', '2020-01-01'],
    ])('refuses namedOn %s: 422 naming leadTalentId', async (_label, namedOn) => {
      const { talent } = await designatedLead(employer.id);
      const res = await t.http().post(WORKSHOPS).send(chiefBody(employer.id, talent.id, { namedOn })).expect(422);
      expect(res.body.message).toContain('leadTalentId');
    });

    it('refuses a lead whose designation is suspended: 422 naming leadTalentId', async () => {
      const { talent, designation } = await designatedLead(employer.id);
      const adj = await t.http().post(`/api/v1/designations/${designation.id}/adjustments`).send({ reason: 'violation', effectiveOn: '2025-01-01' }).expect(201);
      await t.http().post(`/api/v1/adjustments/${adj.body.id}/decision`).send({ decision: 'approve' }).expect(200);
      const res = await t.http().post(WORKSHOPS).send(chiefBody(employer.id, talent.id)).expect(422);
      expect(res.body.message).toContain('leadTalentId');
    });

    it('refuses a lead working for another employer: 422', async () => {
      const { talent } = await designatedLead(employerWithoutUnion.id);
      const res = await t.http().post(WORKSHOPS).send(chiefBody(employer.id, talent.id)).expect(422);
      expect(res.body.message).toContain('leadTalentId');
    });

    it('refuses an employerId that names a street, or nothing: 422', async () => {
      const { talent } = await designatedLead(employer.id);
      const street = await given.street();
      const res = await t.http().post(WORKSHOPS).send(chiefBody(street.id, talent.id)).expect(422);
      expect(res.body.message).toContain('employerId');
      const none = await t.http().post(WORKSHOPS).send(chiefBody('00000000-0000-4000-8000-000000000000', talent.id)).expect(422);
      expect(none.body.message).toContain('employerId');
    });

    it('refuses an unknown lead: 422 naming leadTalentId', async () => {
      const res = await t.http().post(WORKSHOPS).send(chiefBody(employer.id, '00000000-0000-4000-8000-000000000000')).expect(422);
      expect(res.body.message).toContain('leadTalentId');
    });

    it('refuses the city office: 403', async () => {
      const { talent } = await designatedLead(employer.id);
      await t.http(tokens.city).post(WORKSHOPS).send(chiefBody(employer.id, talent.id)).expect(403);
      const count = await t.db.query(`SELECT count(*)::int AS n FROM workshops WHERE lead_talent_id = $1`, [talent.id]);
      expect(count).toEqual([{ n: 0 }]);
    });
  });

  describe('craftsman innovation workshops (city office)', () => {
    it('names one whose lead holds 上海工匠; the union defaults to the employer’s unit union', async () => {
      const { talent } = await craftsmanLead(employer.id);
      const res = await t.http(tokens.city).post(WORKSHOPS).send(craftsmanBody(employer.id, talent.id)).expect(201);
      expect(res.body).toMatchObject({
        status: 'active',
        kind: 'craftsman_innovation',
        leadTalentId: talent.id,
        leadTalentName: talent.name,
        unionId: unitUnion.id,
        designationId: null,
        namedOn: '2025-04-01',
      });
      expect(res.body.leadHistory).toEqual([expect.objectContaining({ talentId: talent.id, fromDate: '2025-04-01', toDate: null })]);
    });

    it('takes an explicit unit union', async () => {
      const { talent } = await craftsmanLead(employerWithoutUnion.id);
      const res = await t.http(tokens.city).post(WORKSHOPS).send(craftsmanBody(employerWithoutUnion.id, talent.id, { unionId: siblingUnitUnion.id })).expect(201);
      expect(res.body.unionId).toBe(siblingUnitUnion.id);
    });

    it('refuses a lead without the honour, or with another honour only: 422 naming 上海工匠 and the rule', async () => {
      const talent = await given.talent({ employerId: employer.id });
      const res = await t.http(tokens.city).post(WORKSHOPS).send(craftsmanBody(employer.id, talent.id)).expect(422);
      expect(res.body.message).toContain(CRAFTSMAN);
      expect(res.body.message).toContain('leadTalentId');
      expect(res.body.message).toMatch(/craftsman innovation workshop must hold/);
      await t.http().post(`/api/v1/talents/${talent.id}/honours`).send({ title: '松江工匠', awardedOn: '2023-05-01' }).expect(201);
      const again = await t.http(tokens.city).post(WORKSHOPS).send(craftsmanBody(employer.id, talent.id)).expect(422);
      expect(again.body.message).toContain(CRAFTSMAN);
    });

    it('refuses a lead whose 上海工匠 honour was revoked: 422', async () => {
      const { talent, honourId } = await craftsmanLead(employer.id);
      await t.http().delete(`/api/v1/talents/${talent.id}/honours/${honourId}`).expect(204);
      const res = await t.http(tokens.city).post(WORKSHOPS).send(craftsmanBody(employer.id, talent.id)).expect(422);
      expect(res.body.message).toContain(CRAFTSMAN);
      expect(res.body.message).toMatch(/must hold/);
    });

    it('refuses the admin: 403', async () => {
      const { talent } = await craftsmanLead(employer.id);
      await t.http().post(WORKSHOPS).send(craftsmanBody(employer.id, talent.id)).expect(403);
    });

    it('refuses a district union as unionId, or an organisation that is not a union: 422 naming unionId', async () => {
      const { talent } = await craftsmanLead(employer.id);
      const res = await t.http(tokens.city).post(WORKSHOPS).send(craftsmanBody(employer.id, talent.id, { unionId: districtUnion.id })).expect(422);
      expect(res.body.message).toContain('unionId');
      const notUnion = await t.http(tokens.city).post(WORKSHOPS).send(craftsmanBody(employer.id, talent.id, { unionId: employer.id })).expect(422);
      expect(notUnion.body.message).toContain('unionId');
    });

    it('needs a union: none given and none on the employer is 400 naming unionId', async () => {
      const { talent } = await craftsmanLead(employerWithoutUnion.id);
      const res = await t.http(tokens.city).post(WORKSHOPS).send(craftsmanBody(employerWithoutUnion.id, talent.id)).expect(400);
      expect(res.body.message).toContain('unionId');
    });

    it('refuses a lead working for another employer: 422', async () => {
      const { talent } = await craftsmanLead(employerWithoutUnion.id);
      const res = await t.http(tokens.city).post(WORKSHOPS).send(craftsmanBody(employer.id, talent.id)).expect(422);
      expect(res.body.message).toContain('leadTalentId');
    });
  });

  describe('who may register, and bad input', () => {
    it.each(['finance', 'assessor', 'unit'])('refuses %s: 403', async (who) => {
      const { talent } = await designatedLead(employer.id);
      await t.http(tokens[who]).post(WORKSHOPS).send(chiefBody(employer.id, talent.id)).expect(403);
      await t.http(tokens[who]).post(WORKSHOPS).send(craftsmanBody(employer.id, talent.id)).expect(403);
    });

    it('refuses no token or a bad token: 401', async () => {
      await t.http(null).post(WORKSHOPS).send({}).expect(401);
      await t.http('not-a-real-token').post(WORKSHOPS).send({}).expect(401);
    });

    const bad: Array<[string, string, Record<string, unknown>]> = [
      ['kind', 'an unknown kind', { kind: 'famous_workshop' }],
      ['kind', 'a missing kind', { kind: undefined }],
      ['namedOn', 'an impossible date', { namedOn: '2024-02-30' }],
      ['namedOn', 'a date in another format', { namedOn: '2025/03/01' }],
      ['namedOn', 'a number', { namedOn: 20250301 }],
      ['level', 'an unknown level', { level: 'national' }],
      ['name', 'a missing name', { name: undefined }],
      ['name', 'a name that is not a string', { name: 42 }],
      ['name', 'a blank name', { name: '   ' }],
      ['name', 'an over-long name', { name: '工'.repeat(201) }],
      ['employerId', 'a non-uuid employerId', { employerId: 'abc' }],
      ['leadTalentId', 'a non-uuid leadTalentId', { leadTalentId: 12 }],
      ['unionId', 'a non-uuid unionId', { unionId: 'x' }],
      ['color', 'an unknown field', { color: 'red' }],
    ];
    it.each(bad)('400 naming %s for %s', async (field, _label, patch) => {
      const { talent } = await designatedLead(employer.id);
      const body = { ...chiefBody(employer.id, talent.id), ...patch };
      const res = await t.http().post(WORKSHOPS).send(body).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
      const count = await t.db.query(`SELECT count(*)::int AS n FROM workshops WHERE lead_talent_id = $1`, [talent.id]);
      expect(count).toEqual([{ n: 0 }]);
    });

    it('400 for a malformed JSON body or an array body', async () => {
      await t.http().post(WORKSHOPS).set('Content-Type', 'application/json').send('{"kind":').expect(400);
      await t.http().post(WORKSHOPS).send([{ kind: 'chief_technician' }]).expect(400);
    });
  });

  describe('GET /workshops/{id}', () => {
    let craftsman: { id: string; name: string };
    let chief: { id: string; name: string };
    beforeAll(async () => {
      const lead = await craftsmanLead(employer.id);
      craftsman = (
        await t.http(tokens.city).post(WORKSHOPS).send(craftsmanBody(employer.id, lead.talent.id, { name: '王磊工匠创新工作室保密名' })).expect(201)
      ).body;
      const chiefLead = await designatedLead(employer.id);
      chief = (await t.http().post(WORKSHOPS).send(chiefBody(employer.id, chiefLead.talent.id, { name: '赵刚首席技师工作室保密名' })).expect(201)).body;
    });

    it.each(['admin', 'unit', 'district'])('%s reads it with its lead history', async (who) => {
      for (const w of [craftsman, chief]) {
        const res = await t.http(who === 'admin' ? undefined : tokens[who]).get(`${WORKSHOPS}/${w.id}`).expect(200);
        expect(res.body).toMatchObject({ id: w.id, name: w.name, status: 'active', unionId: unitUnion.id });
        expect(res.body.leadHistory).toHaveLength(1);
      }
    });

    it('the city office reads only craftsman workshops: a chief technician workshop is 404 to it, and absent from its list (issue 13, low)', async () => {
      const res = await t.http(tokens.city).get(`${WORKSHOPS}/${craftsman.id}`).expect(200);
      expect(res.body.leadHistory).toHaveLength(1);
      await t.http(tokens.city).get(`${WORKSHOPS}/${craftsman.id}/lead-candidates`).expect(200);
      const hidden = await t.http(tokens.city).get(`${WORKSHOPS}/${chief.id}`).expect(404);
      expect(hidden.text).not.toContain(chief.name);
      await t.http(tokens.city).get(`${WORKSHOPS}/${chief.id}/lead-candidates`).expect(404);
      const all = async (query: string) => {
        const ids: string[] = [];
        let cursor: string | null = null;
        do {
          const page: { body: { items: Array<{ id: string; kind: string }>; nextCursor: string | null } } = await t
            .http(tokens.city)
            .get(`${WORKSHOPS}?limit=200${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
            .expect(200);
          expect(page.body.items.every((w) => w.kind === 'craftsman_innovation')).toBe(true);
          ids.push(...page.body.items.map((w) => w.id));
          cursor = page.body.nextCursor;
        } while (cursor);
        return ids;
      };
      expect(await all('')).toContain(craftsman.id);
      expect(await all('')).not.toContain(chief.id);
      expect(await all('&kind=chief_technician')).toEqual([]);
      // The district office still sees both.
      const admin = await t.http().get(`${WORKSHOPS}?limit=200&kind=chief_technician`).expect(200);
      expect(admin.body.items.map((w: { id: string }) => w.id)).toContain(chief.id);
    });

    it.each(['siblingUnit', 'otherUnit', 'otherDistrict'])('%s gets 404 that tells nothing about the workshop', async (who) => {
      for (const w of [craftsman, chief]) {
        const res = await t.http(tokens[who]).get(`${WORKSHOPS}/${w.id}`).expect(404);
        expect(res.text).not.toContain(w.name);
        expect(res.text).not.toContain('工作室');
        expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      }
    });

    it('a union sees nothing of a workshop without a union: 404', async () => {
      const { talent } = await designatedLead(employerWithoutUnion.id);
      const w = await t.http().post(WORKSHOPS).send(chiefBody(employerWithoutUnion.id, talent.id)).expect(201);
      await t.http(tokens.district).get(`${WORKSHOPS}/${w.body.id}`).expect(404);
      await t.http(tokens.unit).get(`${WORKSHOPS}/${w.body.id}`).expect(404);
    });

    it.each(['finance', 'assessor'])('%s: 403', async (who) => {
      await t.http(tokens[who]).get(`${WORKSHOPS}/${craftsman.id}`).expect(403);
    });

    it('no token: 401; unknown id: 404; non-uuid id: 400 naming id', async () => {
      await t.http(null).get(`${WORKSHOPS}/${craftsman.id}`).expect(401);
      await t.http().get(`${WORKSHOPS}/00000000-0000-4000-8000-000000000000`).expect(404);
      await t.http(tokens.unit).get(`${WORKSHOPS}/00000000-0000-4000-8000-000000000000`).expect(404);
      const bad = await t.http().get(`${WORKSHOPS}/not-a-uuid`).expect(400);
      expect(bad.body.message).toContain('id');
    });

    it('records workshop.registered in the audit log', async () => {
      for (const w of [craftsman, chief]) {
        const res = await t.http().get(`/api/v1/audit-events?entityType=workshop&entityId=${w.id}`).expect(200);
        expect(res.body.items).toEqual([expect.objectContaining({ action: 'workshop.registered', entityType: 'workshop', entityId: w.id })]);
        expect(res.body.items[0].after).toMatchObject({ id: w.id, name: w.name });
      }
    });
  });
});
