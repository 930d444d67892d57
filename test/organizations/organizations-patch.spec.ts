import { creditCode, Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

/** PATCH /organizations/{id} (SPEC §3.7, §5; issue 12 item 6): any create field but kind, validated like create, audited. */
describe('PATCH /organizations/{id}', () => {
  let t: TestApp;
  let given: Given;

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
  });
  afterAll(() => t.close());

  const patch = (id: string, body: Record<string, unknown>, token?: string) => t.http(token).patch(`/api/v1/organizations/${id}`).send(body);
  const auditOf = async (id: string) => (await t.http().get(`/api/v1/audit-events?entityType=organization&entityId=${id}`).expect(200)).body.items as Array<{ action: string; before: Record<string, unknown> | null; after: Record<string, unknown> }>;

  it('sets an organisation’s contact e-mails and name, audited with before and after', async () => {
    const street = await given.organization({ name: '永丰街道', kind: 'street' });
    const res = await patch(street.id, { contactEmails: ['YongFeng@Example.com', 'yongfeng@example.com', 'office@example.com'], name: '永丰街道办事处' }).expect(200);
    expect(res.body).toMatchObject({ id: street.id, kind: 'street', name: '永丰街道办事处', contactEmails: ['yongfeng@example.com', 'office@example.com'] });
    expect((await t.http().get(`/api/v1/organizations/${street.id}`).expect(200)).body).toEqual(res.body);
    const [updated] = await auditOf(street.id);
    expect(updated).toMatchObject({ action: 'organization.updated', before: { name: '永丰街道', contactEmails: [] }, after: res.body });
  });

  it('changes an employer’s street and credit code, checked like a new one', async () => {
    const employer = await given.employer();
    const street = await given.street();
    const code = creditCode();
    expect((await patch(employer.id, { streetId: street.id, creditCode: code.toLowerCase() }).expect(200)).body).toMatchObject({ streetId: street.id, creditCode: code });
    expect((await patch(employer.id, { creditCode: code.slice(0, 17) + (code[17] === '0' ? '1' : '0') }).expect(400)).body.message).toContain('creditCode');
    expect((await patch(employer.id, { streetId: employer.id }).expect(422)).body.message).toContain('streetId');
    const other = await given.employer();
    expect((await patch(other.id, { creditCode: code }).expect(409)).body.message).toContain('creditCode');
    expect((await t.http().get(`/api/v1/organizations/${employer.id}`).expect(200)).body).toMatchObject({ streetId: street.id, creditCode: code });
  });

  it.each([
    ['kind', { kind: 'district_office' }, 400],
    ['name', { name: '   ' }, 400],
    ['contactEmails', { contactEmails: ['not-an-email'] }, 400],
    ['level', { level: 'unit' }, 400], // a street has no level
    ['creditCode', { creditCode: '91310117MA1J3B0X4Q' }, 400], // only employers have one
    ['manager', { manager: '王五' }, 400],
  ])('refuses %s (%j): %i, and changes nothing', async (field, body, status) => {
    const street = await given.organization({ name: '车墩镇', kind: 'street', contactEmails: ['chedun@example.com'] });
    const res = await patch(street.id, body).expect(status);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect((await t.http().get(`/api/v1/organizations/${street.id}`).expect(200)).body).toMatchObject({ name: '车墩镇', kind: 'street', contactEmails: ['chedun@example.com'], level: null });
    expect((await auditOf(street.id)).map((e) => e.action)).toEqual(['organization.created']);
  });

  it('refuses making an organisation its own parent, and a union level change while others hang under it (409)', async () => {
    const district = await given.organization({ name: '区总工会', kind: 'union', level: 'district' });
    await patch(district.id, { parentId: district.id }).expect(400);
    await given.organization({ name: '某公司工会', kind: 'union', level: 'unit', parentId: district.id });
    const res = await patch(district.id, { level: 'unit', parentId: (await given.organization({ name: '另一区总工会', kind: 'union', level: 'district' })).id }).expect(409);
    expect(res.body.message).toContain('level');
  });

  it('404 for an unknown organisation, 400 for a malformed id; city_office and finance get 403', async () => {
    await patch('00000000-0000-4000-8000-000000000000', { name: '某单位' }).expect(404);
    await patch('not-a-uuid', { name: '某单位' }).expect(400);
    const street = await given.street();
    for (const role of ['city_office', 'finance']) {
      const token = (await t.http().post('/api/v1/users').send({ name: role, role }).expect(201)).body.token;
      await patch(street.id, { contactEmails: ['attacker@example.com'] }, token).expect(403);
    }
    expect((await t.http().get(`/api/v1/organizations/${street.id}`).expect(200)).body.contactEmails).not.toContain('attacker@example.com');
  });
});
