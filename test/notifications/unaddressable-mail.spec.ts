import { Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 12 item 6: mail that cannot be lost. A mail to an organisation without
 * contact addresses fails; the list says what to fix; once PATCH
 * /organizations/{id} gives the organisation an address, a retry looks the
 * recipients up again and the mail goes out. The relay's own retries re-resolve
 * too. SPEC §3.7, §5.
 */
describe('notifications: an unaddressable mail is fixed and retried', () => {
  let t: TestApp;
  let given: Given;
  let district: { id: string };
  let unitToken: string;
  let employerId: string;
  let unitUnionId: string;

  interface Listed {
    id: string;
    purpose: string;
    to: string[];
    status: string;
    recipient: Record<string, unknown> | null;
    addressProblem: Record<string, unknown> | null;
  }

  const relay = async () => (await t.http().post('/api/v1/jobs/notifications/run').send({}).expect(200)).body.result;
  const listed = async (status?: string): Promise<Listed[]> => (await t.http().get(`/api/v1/notifications?limit=200${status ? `&status=${status}` : ''}`).expect(200)).body.items;

  /** A craftsman workshop of the unit union under `district`; filing a change request mails the district union. */
  const fileChangeRequest = async () => {
    const lead = await given.talent({ employerId });
    await t.http().post(`/api/v1/talents/${lead.id}/honours`).send({ title: '上海工匠', awardedOn: '2020-05-01' }).expect(201);
    const next = await given.talent({ employerId });
    await t.http().post(`/api/v1/talents/${next.id}/honours`).send({ title: '上海工匠', awardedOn: '2020-05-01' }).expect(201);
    const w = await t.http(cityToken).post('/api/v1/workshops').send({ kind: 'craftsman_innovation', name: `工作室${lead.id.slice(0, 4)}`, employerId, leadTalentId: lead.id, namedOn: '2022-05-01', unionId: unitUnionId }).expect(201);
    const cr = await t.http(unitToken).post(`/api/v1/workshops/${w.body.id}/change-requests`).send({ reason: 'resigned', action: 'change_lead', newLeadTalentId: next.id }).expect(201);
    return cr.body.id as string;
  };
  let cityToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
    district = await given.organization({ name: '松江区总工会', kind: 'union', level: 'district' }); // no contact address
    const unit = await given.organization({ name: '某公司工会', kind: 'union', level: 'unit', parentId: district.id, contactEmails: ['unit@example.com'] });
    unitUnionId = unit.id;
    employerId = (await given.employer({ unionId: unit.id })).id;
    unitToken = (await t.http().post('/api/v1/users').send({ name: '单位工会', role: 'union', organizationId: unit.id }).expect(201)).body.token;
    cityToken = (await t.http().post('/api/v1/users').send({ name: '市办', role: 'city_office' }).expect(201)).body.token;
  });
  afterAll(() => t.close());

  it('shows the failed mail with what to fix, refuses a retry that would fail again (422), and sends it after PATCH and retry', async () => {
    const requestId = await fileChangeRequest();
    const [mail] = (await listed('failed')).filter((n) => n.purpose === 'change_request.submitted');
    expect(mail).toMatchObject({
      to: [],
      status: 'failed',
      recipient: { organizationId: district.id, organizationName: '松江区总工会' },
      addressProblem: { code: 'ORGANIZATION_WITHOUT_CONTACT', organizationId: district.id, organizationName: '松江区总工会', fixed: false },
    });
    expect(requestId).toEqual(expect.any(String));

    const refused = await t.http().post(`/api/v1/notifications/${mail.id}/retry`).expect(422);
    expect(refused.body.message).toMatch(/no e-mail address for organisation .*PATCH \/organizations/);
    expect((await listed('failed')).map((n) => n.id)).toContain(mail.id);

    await t.http().patch(`/api/v1/organizations/${district.id}`).send({ contactEmails: ['district@example.com'] }).expect(200);
    const [fixed] = (await listed('failed')).filter((n) => n.id === mail.id);
    expect(fixed.addressProblem).toMatchObject({ code: 'ORGANIZATION_WITHOUT_CONTACT', fixed: true });

    const retried = await t.http().post(`/api/v1/notifications/${mail.id}/retry`).expect(200);
    expect(retried.body).toMatchObject({ id: mail.id, status: 'pending', to: ['district@example.com'], attempts: 0 });
    expect(await relay()).toMatchObject({ sent: 1, failed: 0 });
    const [sent] = (await listed('sent')).filter((n) => n.id === mail.id);
    expect(sent).toMatchObject({ to: ['district@example.com'], addressProblem: null });
    const audit = await t.http().get(`/api/v1/audit-events?entityType=notification&entityId=${mail.id}`).expect(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'notification.retried', before: expect.objectContaining({ to: [] }), after: expect.objectContaining({ to: ['district@example.com'] }) })]);
  });

  it('the relay’s own retries go to the address as it is now', async () => {
    await t.http().patch(`/api/v1/organizations/${district.id}`).send({ contactEmails: ['old@example.com'] }).expect(200);
    await fileChangeRequest();
    const [mail] = (await listed('pending')).filter((n) => n.purpose === 'change_request.submitted');
    expect(mail.to).toEqual(['old@example.com']);
    await t.http().patch(`/api/v1/organizations/${district.id}`).send({ contactEmails: ['new@example.com'] }).expect(200);
    expect(await relay()).toMatchObject({ sent: 1 });
    expect((await listed('sent')).find((n) => n.id === mail.id)).toMatchObject({ to: ['new@example.com'] });
  });

  it('a pending mail whose organisation lost its addresses fails at once with what to fix', async () => {
    await fileChangeRequest();
    const [mail] = (await listed('pending')).filter((n) => n.purpose === 'change_request.submitted');
    await t.http().patch(`/api/v1/organizations/${district.id}`).send({ contactEmails: [] }).expect(200);
    expect(await relay()).toMatchObject({ sent: 0, failed: 1 });
    expect((await listed('failed')).find((n) => n.id === mail.id)).toMatchObject({ to: [], addressProblem: { code: 'ORGANIZATION_WITHOUT_CONTACT', fixed: false } });
  });

  it('names a role without any e-mail, and an office kind with no organisation', async () => {
    // Written as the outbox writes them when nobody can be found (this world has no finance e-mail and no district office).
    await t.db.query(
      `INSERT INTO notifications (purpose, to_addresses, subject, text_body, status, last_error, recipient)
       VALUES ('test.role', '{}', '测试', '测试', 'failed', 'no e-mail address for role finance', '{"role":"finance"}'),
              ('test.kind', '{}', '测试', '测试', 'failed', 'no e-mail address for organisations of kind district_office', '{"organizationKind":"district_office"}')`,
    );
    const failed = await listed('failed');
    expect(failed.find((n) => n.purpose === 'test.role')?.addressProblem).toMatchObject({ code: 'ROLE_WITHOUT_EMAIL', role: 'finance', fixed: false });
    expect(failed.find((n) => n.purpose === 'test.kind')?.addressProblem).toMatchObject({ code: 'NO_ORGANIZATION_OF_KIND', organizationKind: 'district_office', fixed: false });
  });
});
