import { QueryFailedError, QueryRunner } from 'typeorm';
import { Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

const ONE_ALLOWANCE = 'payment_lines_one_allowance';
const CHAIN = 'payment_lines_person_month';
const PLACE_TAKEN = 'payment_lines_person_month_once';

/** The PostgreSQL error a statement failed with. */
async function failure(statement: Promise<unknown>): Promise<{ code?: string; constraint?: string; message: string }> {
  try {
    await statement;
  } catch (error) {
    expect(error).toBeInstanceOf(QueryFailedError);
    const driver = (error as QueryFailedError).driverError as { code?: string; constraint?: string };
    return { code: driver.code, constraint: driver.constraint, message: (error as Error).message };
  }
  throw new Error('the statement succeeded');
}

/**
 * SPEC §3.2 "per person, never twice", issue 12 item 1: the ledger itself
 * refuses a person's net allowance for a month above one allowance, however
 * the lines get there.
 */
describe('payments: one allowance a month per person, by constraint', () => {
  let t: TestApp;
  let given: Given;
  let talentId: string;
  let first: string;
  let second: string;
  let other: { talentId: string; designationId: string };
  /** Designated in March, after the run: April to September of its term are owed and unpaid. */
  let early: { talentId: string; designationId: string };

  type Runner = { query(sql: string, params: unknown[]): Promise<unknown> };
  interface Line {
    designationId: string;
    talentId: string;
    forPeriod: string;
    amountFen: number;
    kind?: string;
    /** The line's place and the net after it; by default the next place and the true net, as a careful writer would. */
    personSeq?: number;
    personNetFen?: number;
  }

  /** An allowance line written straight into the ledger, around the service. */
  const insertLine = async (runner: Runner, l: Line) => {
    const [last] = (await runner.query(
      `SELECT COALESCE(max(person_seq), 0)::int AS seq, COALESCE(sum(amount_fen), 0)::int AS net FROM payment_lines WHERE payee_talent_id = $1 AND for_period = $2`,
      [l.talentId, l.forPeriod],
    )) as Array<{ seq: number; net: number }>;
    return runner.query(
      `INSERT INTO payment_lines (run_period, designation_id, payee_talent_id, for_period, kind, amount_fen, month_index, seq, person_seq, person_net_fen)
       VALUES ($8, $1, $2, $3, $4, $5, (SELECT payment_month_index(term_start, to_date($3, 'YYYY-MM')) FROM designations WHERE id = $1), 1, $6, $7)`,
      [l.designationId, l.talentId, l.forPeriod, l.kind ?? (l.amountFen < 0 ? 'clawback' : 'arrears'), l.amountFen, l.personSeq ?? last.seq + 1, l.personNetFen ?? last.net + l.amountFen, l.kind === 'opening' ? 'opening' : '2024-09'],
    );
  };

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
    t.clock.setDate('2024-09-02');
    const employer = await given.employer();
    const talent = await given.talent({ employerId: employer.id });
    talentId = talent.id;
    first = (await given.designation({ talentId, designatedOn: '2024-06-15' })).id;
    const o = await given.talent({ employerId: employer.id });
    other = { talentId: o.id, designationId: (await given.designation({ talentId: o.id, designatedOn: '2024-06-15' })).id };
    // July, August and September paid to both.
    await t.http().post('/api/v1/payment-runs').send({ period: '2024-09' }).expect(200);
    // The first designation ends from September; a second one, from September, does not overlap it.
    const adj = (await t.http().post(`/api/v1/designations/${first}/adjustments`).send({ reason: 'position_changed', effectiveOn: '2024-09-01', note: '调岗' }).expect(201)).body;
    await t.http().post(`/api/v1/adjustments/${adj.id}/decision`).send({ decision: 'approve' }).expect(200);
    second = (await given.designation({ talentId, designatedOn: '2024-08-20' })).id;
    const e = await given.talent({ employerId: employer.id });
    early = { talentId: e.id, designationId: (await given.designation({ talentId: e.id, designatedOn: '2024-03-15' })).id };
  });
  afterAll(() => t.close());

  it('refuses a second allowance for a month already paid, inserted around the service, however the line is written', async () => {
    const again = await failure(insertLine(t.db, { designationId: first, talentId, forPeriod: '2024-08', amountFen: 100000 }));
    expect(again).toMatchObject({ code: '23514', constraint: ONE_ALLOWANCE });
    expect(again.message).toContain(talentId);
    expect(again.message).toContain('2024-08');
    expect((await failure(insertLine(t.db, { designationId: first, talentId, forPeriod: '2024-08', amountFen: 1 }))).constraint).toBe(ONE_ALLOWANCE);
    // Claiming the month was empty, or hiding the net, or taking another line's place.
    expect((await failure(insertLine(t.db, { designationId: first, talentId, forPeriod: '2024-08', amountFen: 100000, personSeq: 1, personNetFen: 100000 }))).constraint).toBe(PLACE_TAKEN);
    expect((await failure(insertLine(t.db, { designationId: first, talentId, forPeriod: '2024-08', amountFen: 100000, personSeq: 2, personNetFen: 100000 }))).constraint).toBe(CHAIN);
    expect((await failure(insertLine(t.db, { designationId: first, talentId, forPeriod: '2024-08', amountFen: 100000, personSeq: 5, personNetFen: 100000 }))).constraint).toBe(CHAIN);
  });

  it('refuses lines of two designations of one person for one month', async () => {
    // September is in both terms: the first's (paid by the run, its adjustment not yet run) and the second's.
    const twice = await failure(insertLine(t.db, { designationId: second, talentId, forPeriod: '2024-09', amountFen: 100000 }));
    expect(twice).toMatchObject({ code: '23514', constraint: ONE_ALLOWANCE });
    // Nothing of the refused statements stayed.
    const [row] = await t.db.query(`SELECT sum(amount_fen)::int AS net, count(*)::int AS n FROM payment_lines WHERE payee_talent_id = $1 AND for_period = '2024-09'`, [talentId]);
    expect(row).toEqual({ net: 100000, n: 1 });
  });

  it('takes a correction that leaves the month at one allowance: a clawback, then a re-payment', async () => {
    await insertLine(t.db, { designationId: first, talentId, forPeriod: '2024-07', amountFen: -100000 });
    await insertLine(t.db, { designationId: first, talentId, forPeriod: '2024-07', amountFen: 100000 });
    const rows = await t.db.query(`SELECT person_seq, person_net_fen::int AS net FROM payment_lines WHERE payee_talent_id = $1 AND for_period = '2024-07' ORDER BY person_seq`, [talentId]);
    expect(rows).toEqual([
      { person_seq: 1, net: 100000 },
      { person_seq: 2, net: 0 },
      { person_seq: 3, net: 100000 },
    ]);
  });

  it('holds under concurrent transactions: the second waits for the first and is refused', async () => {
    const a: QueryRunner = t.db.createQueryRunner();
    const b: QueryRunner = t.db.createQueryRunner();
    try {
      await a.startTransaction();
      await b.startTransaction();
      // A month nobody has been paid for yet: neither transaction sees the other's line.
      await insertLine(a, { designationId: early.designationId, talentId: early.talentId, forPeriod: '2024-06', amountFen: 100000 });
      const second = insertLine(b, { designationId: early.designationId, talentId: early.talentId, forPeriod: '2024-06', amountFen: 100000 });
      const settled = second.then(
        () => 'inserted',
        (e: QueryFailedError) => (e.driverError as { constraint?: string }).constraint,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      await a.commitTransaction();
      // b saw an empty month and took its first place, which a committed first line now holds.
      expect(await settled).toBe(PLACE_TAKEN);
      await b.rollbackTransaction();
    } finally {
      await a.release();
      await b.release();
    }
    const [row] = await t.db.query(`SELECT sum(amount_fen)::int AS net FROM payment_lines WHERE payee_talent_id = $1 AND for_period = '2024-06'`, [early.talentId]);
    expect(row.net).toBe(100000);
  });

  it('fails a run that would pay two overlapping designations of one person cleanly: 409 naming the person-month, nothing written', async () => {
    // The first designation is in force again (its adjustment undone behind the service's back): from
    // September both designations of the person owe the month.
    await t.db.query(`UPDATE adjustments SET status = 'rejected' WHERE designation_id = $1`, [first]);
    t.clock.setDate('2024-10-02');
    const res = await t.http().post('/api/v1/payment-runs').send({ period: '2024-10' }).expect(409);
    expect(res.body.message).toContain(talentId);
    expect(res.body.message).toContain(first);
    expect(res.body.message).toContain(second);
    expect(res.body.errors).toEqual([{ talentId, forPeriod: '2024-09', designationIds: [first, second] }]);
    expect(res.body.message).toContain(res.body.errors[0].forPeriod);
    await t.http().get('/api/v1/payment-runs/2024-10').expect(404);
    const [row] = await t.db.query(`SELECT count(*)::int AS n FROM payment_lines WHERE run_period = '2024-10'`);
    expect(row.n).toBe(0);
  });

  it('lets opening lines (issue 14) record more than one allowance; the service may then only lower the month', async () => {
    // Opening lines belong to no period (run_period 'opening', migration 1764000900000).
    const line = (amountFen: number, kind?: string) => insertLine(t.db, { designationId: early.designationId, talentId: early.talentId, forPeriod: '2024-05', amountFen, kind });
    await line(200000, 'opening');
    expect((await failure(line(1))).constraint).toBe(ONE_ALLOWANCE);
    await line(-50000);
    expect((await failure(line(1))).constraint).toBe(ONE_ALLOWANCE);
    await line(-50000);
    expect((await failure(line(1))).constraint).toBe(ONE_ALLOWANCE);
  });

  it('refuses an allowance line whose month is not month month_index of its designation\'s term (its lines are found by their months)', async () => {
    /** The first allowance of an unpaid month of the early designation, numbered month_index whatever its month. */
    const numbered = (forPeriod: string, monthIndex: number) =>
      failure(
        t.db.query(
          `INSERT INTO payment_lines (run_period, designation_id, payee_talent_id, for_period, kind, amount_fen, month_index, seq, person_seq, person_net_fen)
           VALUES ('2024-09', $1, $2, $3, 'arrears', 100000, $4, 1, 1, 100000)`,
          [early.designationId, early.talentId, forPeriod, monthIndex],
        ),
      );
    // March is before the term (it starts in April); July is its month 4, not 3.
    expect(await numbered('2024-03', 1)).toMatchObject({ code: '23514', constraint: 'payment_lines_month_in_term' });
    expect(await numbered('2024-07', 3)).toMatchObject({ code: '23514', constraint: 'payment_lines_month_in_term' });
  });

  it('refuses to move a designation to another person or term once made: its lines are found by them', async () => {
    for (const change of [`talent_id = $2`, `term_start = term_start + 31`]) {
      const refused = await failure(t.db.query(`UPDATE designations SET ${change} WHERE id = $1`, change.includes('$2') ? [first, other.talentId] : [first]));
      expect(refused).toMatchObject({ code: '23001' });
      expect(refused.message).toContain('never change');
    }
    // Other columns still change (the adjustment in beforeAll wrote suspended_from).
    await t.db.query(`UPDATE designations SET talent_id = talent_id, term_start = term_start WHERE id = $1`, [first]);
  });
});
