import { makeCreditCode } from '../../src/modules/organizations/credit-code';
import { makeIdNumber } from '../../src/modules/talents/id-number';
import type { TestApp } from './test-app';

let counter = 0;
const next = () => ++counter;

/** A valid, unique ID number for someone born on birthDate. */
export function idNumberFor(birthDate: string, gender: 'male' | 'female' = 'male'): string {
  const n = next() % 500;
  const seq = String(n * 2 + (gender === 'male' ? 1 : 0)).padStart(3, '0').slice(-3);
  const region = ['310117', '310101', '310104', '320102'][Math.floor(next() / 500) % 4];
  return makeIdNumber(region, birthDate, seq);
}

/** A valid, unique 统一社会信用代码. */
export function creditCode(): string {
  return makeCreditCode(`91310117MA1${String(next()).padStart(6, '0')}`);
}

function ok<T>(res: { status: number; body: T; text: string }, expected: number): T {
  if (res.status !== expected) throw new Error(`expected ${expected}, got ${res.status}: ${res.text}`);
  return res.body;
}

/** Builds the world a test needs through the public API, as an admin would. */
export class Given {
  constructor(private readonly t: TestApp) {}

  async organization(body: Record<string, unknown>): Promise<{ id: string } & Record<string, unknown>> {
    return ok(await this.t.http().post('/api/v1/organizations').send(body), 201);
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
