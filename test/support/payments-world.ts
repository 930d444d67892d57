import { addPeriods } from '../../src/core/clock/business-date';
import { DesignationBody, Given } from './given';
import { startTestApp, TestApp } from './test-app';

/** A line of a payment run as GET /payment-runs/{period}/lines lists it. */
export interface RunLine {
  id: string;
  designationId: string | null;
  workshopId: string | null;
  payee: string;
  forPeriod: string;
  kind: 'regular' | 'arrears' | 'clawback' | 'grant' | 'held' | 'superseded';
  amountFen: number;
  monthIndex: number;
  note: string;
}

export interface RunSummary {
  period: string;
  status: 'open' | 'closed';
  runs: number;
  totals: { allowanceFen: number; grantFen: number; clawbackFen: number; netFen: number };
  counts: { regular: number; arrears: number; clawback: number; held: number; superseded: number; grant: number };
}

/** [forPeriod, kind, amountFen, monthIndex]: a line as the tests read it. */
export type Row = [string, RunLine['kind'], number, number];
export const row = (l: RunLine): Row => [l.forPeriod, l.kind, l.amountFen, l.monthIndex];

/** Every month from `from` through `to`, both included. */
export function periodsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let p = from; p <= to; p = addPeriods(p, 1)) out.push(p);
  return out;
}

function expectStatus(res: { status: number; text: string }, expected: number, what: string): void {
  if (res.status !== expected) throw new Error(`${what}: expected ${expected}, got ${res.status}: ${res.text}`);
}

/**
 * One programme world on a database of its own (payment periods are global:
 * each scenario with its own timeline needs its own world), spoken in the
 * domain's words: designate, suspend, record a title, run a period.
 */
export class PaymentsWorld {
  readonly given: Given;
  /** Periods run so far, in order, each once. */
  readonly periodsRun: string[] = [];

  private constructor(readonly t: TestApp) {
    this.given = new Given(t);
  }

  static async start(): Promise<PaymentsWorld> {
    return new PaymentsWorld(await startTestApp());
  }

  close(): Promise<void> {
    return this.t.close();
  }

  /** Sets "today". */
  today(date: string): void {
    this.t.clock.setDate(date);
  }

  /** A chief technician designated on the date (term from the 1st of the next month). */
  designate(designatedOn: string, fields: Record<string, unknown> = {}): Promise<DesignationBody> {
    return this.given.designation({ designatedOn, ...fields });
  }

  async talentName(talentId: string): Promise<string> {
    const res = await this.t.http().get(`/api/v1/talents/${talentId}`);
    expectStatus(res, 200, 'talent');
    return res.body.name;
  }

  /** Files a 动态调整 (pending) and returns its id. */
  async fileAdjustment(designationId: string, effectiveOn: string, reason = 'violation'): Promise<string> {
    const res = await this.t.http().post(`/api/v1/designations/${designationId}/adjustments`).send({ reason, effectiveOn });
    expectStatus(res, 201, 'adjustment');
    return res.body.id;
  }

  async decide(adjustmentId: string, decision: 'approve' | 'reject'): Promise<void> {
    const res = await this.t.http().post(`/api/v1/adjustments/${adjustmentId}/decision`).send({ decision });
    expectStatus(res, 200, 'decision');
  }

  /** Files an adjustment and approves it: the designation is suspended from effectiveOn. */
  async suspend(designationId: string, effectiveOn: string, reason = 'violation'): Promise<void> {
    await this.decide(await this.fileAdjustment(designationId, effectiveOn, reason), 'approve');
  }

  /** Records another allowance-bearing talent title (take-the-higher). */
  async recordTitle(talentId: string, title: string, monthlyAmountFen: number, validFrom: string, validTo?: string): Promise<void> {
    const res = await this.t.http().post(`/api/v1/talents/${talentId}/titles`).send({ title, monthlyAmountFen, validFrom, validTo });
    expectStatus(res, 201, 'title');
  }

  /** A chief technician workshop led by a newly designated talent of a new employer. */
  async workshop(fields: { level: 'municipal' | 'district'; namedOn: string; designatedOn?: string }): Promise<{
    id: string;
    employer: { id: string; name: string };
    lead: DesignationBody;
  }> {
    const employer = (await this.given.employer()) as unknown as { id: string; name: string };
    const talent = await this.given.talent({ employerId: employer.id });
    const lead = await this.designate(fields.designatedOn ?? '2024-06-15', { talentId: talent.id });
    const res = await this.t
      .http()
      .post('/api/v1/workshops')
      .send({ kind: 'chief_technician', name: `首席技师工作室${talent.id.slice(0, 6)}`, employerId: employer.id, leadTalentId: talent.id, level: fields.level, namedOn: fields.namedOn });
    expectStatus(res, 201, 'workshop');
    return { id: res.body.id, employer, lead };
  }

  /** A user of the role, with a token. */
  async user(role: string, fields: Record<string, unknown> = {}): Promise<{ id: string; token: string; email: string | null }> {
    const res = await this.t.http().post('/api/v1/users').send({ name: `${role}用户`, role, ...fields });
    expectStatus(res, 201, 'user');
    return res.body;
  }

  /** Runs the period as the monthly job would, on its 1st (unless today is already later in that month). */
  async run(period: string, token?: string): Promise<RunSummary> {
    if (this.t.clock.today().slice(0, 7) !== period) this.today(`${period}-01`);
    const res = await this.t.http(token).post('/api/v1/payment-runs').send({ period });
    expectStatus(res, 200, `run ${period}`);
    if (!this.periodsRun.includes(period)) this.periodsRun.push(period);
    return res.body;
  }

  /** Runs every month from `from` through `to`, each on its 1st. */
  async runPeriods(from: string, to: string): Promise<RunSummary[]> {
    const out: RunSummary[] = [];
    for (const p of periodsBetween(from, to)) out.push(await this.run(p));
    return out;
  }

  async closePeriod(period: string, financeToken: string): Promise<RunSummary> {
    const res = await this.t.http(financeToken).post(`/api/v1/payment-runs/${period}/close`);
    expectStatus(res, 200, `close ${period}`);
    return res.body;
  }

  async summary(period: string): Promise<RunSummary> {
    const res = await this.t.http().get(`/api/v1/payment-runs/${period}`);
    expectStatus(res, 200, `summary ${period}`);
    return res.body;
  }

  /** Every line listed for the run period (ledger lines, then held and superseded months), all pages. */
  async lines(period: string, filter: { kind?: RunLine['kind']; designationId?: string; workshopId?: string } = {}): Promise<RunLine[]> {
    const out: RunLine[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=200${filter.kind ? `&kind=${filter.kind}` : ''}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await this.t.http().get(`/api/v1/payment-runs/${period}/lines?${query}`);
      expectStatus(res, 200, `lines ${period}`);
      out.push(...(res.body.items as RunLine[]));
      cursor = res.body.nextCursor;
    } while (cursor !== null);
    return out.filter(
      (l) => (filter.designationId === undefined || l.designationId === filter.designationId) && (filter.workshopId === undefined || l.workshopId === filter.workshopId),
    );
  }

  /** The lines of one designation or workshop in a run, as rows. */
  async rows(period: string, filter: { kind?: RunLine['kind']; designationId?: string; workshopId?: string }): Promise<Row[]> {
    return (await this.lines(period, filter)).map(row);
  }

  /** Everything ever written to the ledger (no held/superseded reports) for a designation, over every period run. */
  async ledger(filter: { designationId?: string; workshopId?: string }): Promise<Array<RunLine & { runPeriod: string }>> {
    const out: Array<RunLine & { runPeriod: string }> = [];
    for (const p of this.periodsRun) {
      for (const l of await this.lines(p, filter)) if (l.kind !== 'held' && l.kind !== 'superseded') out.push({ ...l, runPeriod: p });
    }
    return out;
  }

  /** Sum of the ledger per month it is for. */
  async paidPerMonth(filter: { designationId?: string; workshopId?: string }): Promise<Map<string, number>> {
    const per = new Map<string, number>();
    for (const l of await this.ledger(filter)) per.set(l.forPeriod, (per.get(l.forPeriod) ?? 0) + l.amountFen);
    return per;
  }
}

/** A line without its id (report rows are rewritten by each run of an open period). */
export const withoutId = ({ id: _id, ...rest }: RunLine): Omit<RunLine, 'id'> => rest;
