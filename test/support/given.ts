import { ok } from './http';
import { creditCode, idNumberFor } from './ids';
import type { TestApp } from './test-app';

// Specs import the ID generators from here as well as from ids.ts.
export { creditCode, idNumberFor };

let counter = 0;
const next = () => ++counter;

/** The name the service's own texts and the demo give the district office. */
export const DISTRICT_OFFICE_NAME = '松江区首席技师工作协调小组办公室';

/** Builds the world a test needs through the public API, as an admin would. */
export class Given {
  constructor(private readonly t: TestApp) {}

  async organization(body: Record<string, unknown>): Promise<{ id: string } & Record<string, unknown>> {
    return ok(await this.t.http().post('/api/v1/organizations').send(body), 201);
  }

  /** The 区协调小组办公室, which the jobs write to (it needs an address for the mails addressed to it). */
  async districtOffice(contactEmails: string[] = ['office@songjiang.example']): Promise<{ id: string } & Record<string, unknown>> {
    return this.organization({ name: DISTRICT_OFFICE_NAME, kind: 'district_office', contactEmails });
  }

  async street(name = `街道${next()}`): Promise<{ id: string }> {
    return this.organization({ name, kind: 'street', contactEmails: [`street${next()}@example.com`] });
  }

  async employer(fields: Record<string, unknown> = {}): Promise<{ id: string; creditCode: string }> {
    const streetId = fields.streetId ?? (await this.street()).id;
    return this.organization({ name: `上海某某精密机械有限公司${next()}`, kind: 'employer', creditCode: creditCode(), streetId, ...fields }) as Promise<{
      id: string;
      creditCode: string;
    }>;
  }

  async talent(fields: { birthDate?: string; gender?: 'male' | 'female'; employerId?: string } & Record<string, unknown> = {}): Promise<{ id: string } & Record<string, unknown>> {
    const { birthDate = '1980-05-10', gender = 'male', employerId, ...rest } = fields;
    return ok(
      await this.t.http().post('/api/v1/talents').send({
        name: `技师${next()}`,
        idNumber: idNumberFor(birthDate, gender),
        employerId: employerId ?? (await this.employer()).id,
        ...rest,
      }),
      201,
    );
  }

  async designation(fields: { talentId?: string; designatedOn?: string; cohort?: string } & Record<string, unknown> = {}): Promise<DesignationBody> {
    const { talentId, designatedOn = '2024-06-15', cohort, ...rest } = fields;
    return ok(
      await this.t.http().post('/api/v1/designations').send({
        talentId: talentId ?? (await this.talent()).id,
        cohort: cohort ?? designatedOn.slice(0, 4),
        designatedOn,
        ...rest,
      }),
      201,
    );
  }
}

export interface DesignationBody {
  id: string;
  talentId: string;
  status: string;
  termStart: string;
  termEnd: string;
  midTermDue: string;
  endTermDue: string;
  monthlyAllowanceFen: number;
}
