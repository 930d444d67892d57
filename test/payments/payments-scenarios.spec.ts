import { PaymentsWorld, periodsBetween, Row, RunLine, withoutId } from '../support/payments-world';

/**
 * SPEC §3.2, §3.3, §3.5 and the payment-runs rows of §5, scenario by scenario,
 * against real PostgreSQL. A designation made on 2024-06-15 has its term from
 * 2024-07 (month 1) to 2027-06 (month 36); 100000 fen (1000 yuan) a month.
 */

const MONTH = 100000;

/** Lines without ids, in a stable order (report rows are rewritten, with new ids, by each run of an open period). */
const comparable = (ls: RunLine[]) =>
  ls.map(withoutId).sort((a, b) => JSON.stringify([a.kind, a.designationId, a.workshopId, a.forPeriod, a.amountFen]).localeCompare(JSON.stringify([b.kind, b.designationId, b.workshopId, b.forPeriod, b.amountFen])));

/** Each scenario has its own timeline, hence its own database. */
async function inWorld(fn: (w: PaymentsWorld) => Promise<void>): Promise<void> {
  const w = await PaymentsWorld.start();
  try {
    await fn(w);
  } finally {
    await w.close();
  }
}

const sum = (xs: Iterable<number>) => [...xs].reduce((a, b) => a + b, 0);

describe('payment runs: the allowance over the term', () => {
  it('pays a late registration its missed months as arrears with the month as regular, then one regular line a month', () =>
    inWorld(async (w) => {
      const d = await w.designate('2024-06-15');
      const name = await w.talentName(d.talentId);

      const first = await w.run('2024-10');
      expect(first).toMatchObject({
        period: '2024-10',
        status: 'open',
        runs: 1,
        totals: { allowanceFen: 4 * MONTH, grantFen: 0, clawbackFen: 0, netFen: 4 * MONTH },
        counts: { regular: 1, arrears: 3, clawback: 0, held: 0, superseded: 0, grant: 0 },
      });
      const line = (forPeriod: string, kind: RunLine['kind'], monthIndex: number, note: string) => ({
        id: expect.any(String),
        designationId: d.id,
        workshopId: null,
        payee: name,
        forPeriod,
        kind,
        amountFen: MONTH,
        monthIndex,
        note,
      });
      expect(await w.lines('2024-10')).toEqual([
        line('2024-07', 'arrears', 1, '补发 2024-07'),
        line('2024-08', 'arrears', 2, '补发 2024-08'),
        line('2024-09', 'arrears', 3, '补发 2024-09'),
        line('2024-10', 'regular', 4, ''),
      ]);

      for (const [i, period] of periodsBetween('2024-11', '2025-02').entries()) {
        const s = await w.run(period);
        expect(s.counts).toEqual({ regular: 1, arrears: 0, clawback: 0, held: 0, superseded: 0, grant: 0 });
        expect(await w.rows(period, {})).toEqual([[period, 'regular', MONTH, 5 + i]]);
      }
    }));

  it('pays a designation registered after runs have happened its arrears in the next run', () =>
    inWorld(async (w) => {
      const early = await w.designate('2024-06-15');
      await w.runPeriods('2024-10', '2025-02');
      w.today('2025-03-10');
      const late = await w.designate('2024-12-20');
      await w.run('2025-03');
      expect(await w.rows('2025-03', { designationId: late.id })).toEqual([
        ['2025-01', 'arrears', MONTH, 1],
        ['2025-02', 'arrears', MONTH, 2],
        ['2025-03', 'regular', MONTH, 3],
      ]);
      expect(await w.rows('2025-03', { designationId: early.id })).toEqual([['2025-03', 'regular', MONTH, 9]]);
    }));

  it('pays 36 and only 36 months when runs go on every month past termEnd', () =>
    inWorld(async (w) => {
      const d = await w.designate('2024-06-15');
      expect(d).toMatchObject({ termStart: '2024-07-01', termEnd: '2027-06-30' });
      await w.runPeriods('2024-07', '2027-10');

      const ledger = await w.ledger({ designationId: d.id });
      expect(ledger.every((l) => l.kind === 'regular' && l.forPeriod === l.runPeriod)).toBe(true);
      const perMonth = await w.paidPerMonth({ designationId: d.id });
      expect([...perMonth.keys()].sort()).toEqual(periodsBetween('2024-07', '2027-06'));
      expect([...perMonth.values()].every((v) => v === MONTH)).toBe(true);
      expect(sum(perMonth.values())).toBe(36 * MONTH);
      expect(ledger.map((l) => l.monthIndex)).toEqual(Array.from({ length: 36 }, (_, i) => i + 1));
      for (const p of periodsBetween('2027-07', '2027-10')) expect(await w.lines(p)).toEqual([]);
    }));

  it('pays the months missed during downtime as arrears, and still only the 36 months of the term', () =>
    inWorld(async (w) => {
      const d = await w.designate('2024-06-15');
      await w.run('2024-10');
      const s = await w.run('2025-03');
      expect(s.counts).toMatchObject({ regular: 1, arrears: 4, clawback: 0 });
      expect(await w.rows('2025-03', { designationId: d.id })).toEqual([
        ['2024-11', 'arrears', MONTH, 5],
        ['2024-12', 'arrears', MONTH, 6],
        ['2025-01', 'arrears', MONTH, 7],
        ['2025-02', 'arrears', MONTH, 8],
        ['2025-03', 'regular', MONTH, 9],
      ]);
      await w.run('2026-01');
      await w.run('2027-04');
      await w.run('2027-12');
      expect(await w.rows('2027-12', { designationId: d.id })).toEqual([
        ['2027-05', 'arrears', MONTH, 35],
        ['2027-06', 'arrears', MONTH, 36],
      ]);
      const perMonth = await w.paidPerMonth({ designationId: d.id });
      expect([...perMonth.keys()].sort()).toEqual(periodsBetween('2024-07', '2027-06'));
      expect(sum(perMonth.values())).toBe(36 * MONTH);
      expect(w.periodsRun).toEqual(['2024-10', '2025-03', '2026-01', '2027-04', '2027-12']);
    }));
});

describe('payment runs: adjustments (动态调整)', () => {
  it('claws back months 5–7 when an adjustment effective in month 5 is approved in month 8, and pays nothing after', () =>
    inWorld(async (w) => {
      const d = await w.designate('2024-06-15');
      const midMonth = await w.designate('2024-06-15');
      await w.runPeriods('2024-07', '2025-01');

      w.today('2025-02-10');
      await w.suspend(d.id, '2024-11-01');
      // In force on the 1st of a month ⇔ no approved adjustment effective on or before it: November stays owed.
      await w.suspend(midMonth.id, '2024-11-15');

      const s = await w.run('2025-02');
      expect(s.counts).toMatchObject({ regular: 0, arrears: 0, clawback: 5, held: 0 });
      expect(s.totals).toMatchObject({ allowanceFen: 0, clawbackFen: -5 * MONTH, netFen: -5 * MONTH });
      const clawbacks = await w.lines('2025-02', { designationId: d.id });
      expect(clawbacks.map((l) => [l.forPeriod, l.kind, l.amountFen, l.monthIndex])).toEqual([
        ['2024-11', 'clawback', -MONTH, 5],
        ['2024-12', 'clawback', -MONTH, 6],
        ['2025-01', 'clawback', -MONTH, 7],
      ]);
      for (const l of clawbacks) expect(l.note).toContain('追回');
      expect(await w.rows('2025-02', { designationId: midMonth.id })).toEqual([
        ['2024-12', 'clawback', -MONTH, 6],
        ['2025-01', 'clawback', -MONTH, 7],
      ]);

      for (const p of periodsBetween('2025-03', '2025-06')) {
        await w.run(p);
        expect(await w.lines(p)).toEqual([]);
      }
      expect(sum((await w.paidPerMonth({ designationId: d.id })).values())).toBe(4 * MONTH);
      expect(sum((await w.paidPerMonth({ designationId: midMonth.id })).values())).toBe(5 * MONTH);
    }));

  it('holds months from a pending adjustment’s effectiveOn; rejected → arrears, approved → nothing paid for them', () =>
    inWorld(async (w) => {
      const rejected = await w.designate('2024-06-15'); // effective on a month already paid, then rejected
      const approvedAhead = await w.designate('2024-06-15'); // effective on a month not yet paid, then approved
      const approvedPaid = await w.designate('2024-06-15'); // effective on a month already paid, then approved
      await w.runPeriods('2024-07', '2024-10');

      w.today('2024-10-20');
      const a = await w.fileAdjustment(rejected.id, '2024-10-01');
      const b = await w.fileAdjustment(approvedAhead.id, '2024-11-01');
      const c = await w.fileAdjustment(approvedPaid.id, '2024-10-01', 'moved_out_of_district');

      const nov = await w.run('2024-11');
      expect(nov.counts).toEqual({ regular: 0, arrears: 0, clawback: 0, held: 5, superseded: 0, grant: 0 });
      expect(nov.totals).toEqual({ allowanceFen: 0, grantFen: 0, clawbackFen: 0, netFen: 0 });
      const heldRows = await w.lines('2024-11', { designationId: rejected.id });
      expect(heldRows.map((l) => [l.forPeriod, l.kind, l.amountFen, l.monthIndex])).toEqual([
        ['2024-10', 'held', 0, 4],
        ['2024-11', 'held', 0, 5],
      ]);
      for (const l of heldRows) expect(l.note).toContain('待审核');
      expect(await w.rows('2024-11', { designationId: approvedAhead.id })).toEqual([['2024-11', 'held', 0, 5]]);
      expect(await w.rows('2024-11', { kind: 'held', designationId: approvedPaid.id })).toEqual([
        ['2024-10', 'held', 0, 4],
        ['2024-11', 'held', 0, 5],
      ]);

      const dec = await w.run('2024-12');
      expect(dec.counts).toEqual({ regular: 0, arrears: 0, clawback: 0, held: 8, superseded: 0, grant: 0 });
      expect(await w.rows('2024-12', { designationId: approvedAhead.id })).toEqual([
        ['2024-11', 'held', 0, 5],
        ['2024-12', 'held', 0, 6],
      ]);

      w.today('2024-12-20');
      await w.decide(a, 'reject');
      await w.decide(b, 'approve');
      await w.decide(c, 'approve');

      const jan = await w.run('2025-01');
      expect(jan.counts).toMatchObject({ held: 0 });
      expect(await w.rows('2025-01', { designationId: rejected.id })).toEqual([
        ['2024-11', 'arrears', MONTH, 5],
        ['2024-12', 'arrears', MONTH, 6],
        ['2025-01', 'regular', MONTH, 7],
      ]);
      expect(await w.rows('2025-01', { designationId: approvedAhead.id })).toEqual([]);
      // §3.5: approval claws back what was paid from effectiveOn (October, paid before the hold); the held months were never paid.
      expect(await w.rows('2025-01', { designationId: approvedPaid.id })).toEqual([['2024-10', 'clawback', -MONTH, 4]]);

      await w.run('2025-02');
      expect(await w.rows('2025-02', {})).toEqual([['2025-02', 'regular', MONTH, 8]]);
      expect(sum((await w.paidPerMonth({ designationId: rejected.id })).values())).toBe(8 * MONTH);
      expect(sum((await w.paidPerMonth({ designationId: approvedAhead.id })).values())).toBe(4 * MONTH);
      expect(sum((await w.paidPerMonth({ designationId: approvedPaid.id })).values())).toBe(3 * MONTH);
    }));

  it('never loses a clawback: approved after the paying period is closed, the next period claws it back', () =>
    inWorld(async (w) => {
      const finance = await w.user('finance', { email: 'caiwu@example.com' });
      const d = await w.designate('2024-06-15');
      await w.run('2024-10');
      const closedLines = await w.lines('2024-10');
      const closedSummary = await w.closePeriod('2024-10', finance.token);
      expect(closedSummary.status).toBe('closed');

      w.today('2024-11-05');
      await w.suspend(d.id, '2024-09-01', 'retired');
      w.today('2025-01-01');
      await w.run('2025-01');
      expect(await w.rows('2025-01', { designationId: d.id })).toEqual([
        ['2024-09', 'clawback', -MONTH, 3],
        ['2024-10', 'clawback', -MONTH, 4],
      ]);
      expect(await w.lines('2024-10')).toEqual(closedLines);
      expect(await w.summary('2024-10')).toEqual(closedSummary);
      expect(sum((await w.paidPerMonth({ designationId: d.id })).values())).toBe(2 * MONTH);
    }));
});

describe('payment runs: take-the-higher (就高原则，不重复享受)', () => {
  it('supersedes, pays with a warning, claws back late-recorded titles and resumes when a title ends', () =>
    inWorld(async (w) => {
      const higher = await w.designate('2024-06-15');
      const equal = await w.designate('2024-06-15');
      const lower = await w.designate('2024-06-15');
      const lateTitle = await w.designate('2024-06-15');
      const ending = await w.designate('2024-06-15');
      await w.recordTitle(higher.talentId, '区领军人才', 150000, '2024-01-01');
      await w.recordTitle(equal.talentId, '首席医生', 100000, '2024-01-01');
      await w.recordTitle(lower.talentId, '区拔尖人才', 80000, '2024-01-01');
      await w.recordTitle(ending.talentId, '青年英才', 150000, '2024-01-01', '2024-08-31');

      const jul = await w.run('2024-07');
      expect(jul.counts).toEqual({ regular: 2, arrears: 0, clawback: 0, held: 0, superseded: 3, grant: 0 });
      expect(jul.totals.allowanceFen).toBe(2 * MONTH);
      const superseded = await w.lines('2024-07', { designationId: higher.id });
      expect(superseded.map((l) => [l.forPeriod, l.kind, l.amountFen, l.monthIndex])).toEqual([['2024-07', 'superseded', 0, 1]]);
      expect(superseded[0].note).toContain('区领军人才');
      expect(await w.rows('2024-07', { designationId: equal.id })).toEqual([['2024-07', 'superseded', 0, 1]]);
      expect((await w.lines('2024-07', { designationId: equal.id }))[0].note).toContain('首席医生');
      const paidWithWarning = await w.lines('2024-07', { designationId: lower.id });
      expect(paidWithWarning.map((l) => [l.forPeriod, l.kind, l.amountFen, l.monthIndex])).toEqual([['2024-07', 'regular', MONTH, 1]]);
      expect(paidWithWarning[0].note).toContain('区拔尖人才');
      expect(paidWithWarning[0].note).toContain('不得重复发放');
      expect(await w.rows('2024-07', { designationId: ending.id })).toEqual([['2024-07', 'superseded', 0, 1]]);

      await w.runPeriods('2024-08', '2024-09');
      expect(await w.rows('2024-08', { designationId: ending.id })).toEqual([['2024-08', 'superseded', 0, 2]]);
      expect(await w.rows('2024-09', { designationId: ending.id })).toEqual([['2024-09', 'regular', MONTH, 3]]);

      // 首席教师 from August recorded in October: August and September were paid and must come back.
      w.today('2024-10-08');
      await w.recordTitle(lateTitle.talentId, '首席教师', 120000, '2024-08-01');
      const oct = await w.run('2024-10');
      const late = await w.lines('2024-10', { designationId: lateTitle.id });
      expect(late.map((l) => [l.forPeriod, l.kind, l.amountFen, l.monthIndex])).toEqual([
        ['2024-08', 'clawback', -MONTH, 2],
        ['2024-09', 'clawback', -MONTH, 3],
        ['2024-10', 'superseded', 0, 4],
      ]);
      for (const l of late) expect(l.note).toContain('首席教师');
      expect(oct.counts).toEqual({ regular: 2, arrears: 0, clawback: 2, held: 0, superseded: 3, grant: 0 });

      // Re-running the open period changes nothing, the superseded report included.
      const octLines = await w.lines('2024-10');
      const again = await w.run('2024-10');
      expect(again.counts).toEqual(oct.counts);
      expect(comparable(await w.lines('2024-10'))).toEqual(comparable(octLines));
      expect((await w.lines('2024-10', { kind: 'superseded' })).map((l) => l.designationId).sort()).toEqual([higher.id, equal.id, lateTitle.id].sort());

      expect(await w.ledger({ designationId: higher.id })).toEqual([]);
      expect(await w.ledger({ designationId: equal.id })).toEqual([]);
      expect(sum((await w.paidPerMonth({ designationId: lower.id })).values())).toBe(4 * MONTH);
      expect(sum((await w.paidPerMonth({ designationId: lateTitle.id })).values())).toBe(1 * MONTH);
      expect(sum((await w.paidPerMonth({ designationId: ending.id })).values())).toBe(2 * MONTH);
    }));
});

describe('payment runs: in force on the 1st of the month', () => {
  it('reads titles and adjustments on the 1st of each month', () =>
    inWorld(async (w) => {
      const titleEndsMidMonth = await w.designate('2024-06-15');
      const titleStartsOnTheSecond = await w.designate('2024-06-15');
      const suspendedBeforeTermStart = await w.designate('2024-06-15');
      await w.recordTitle(titleEndsMidMonth.talentId, '区领军人才', 150000, '2024-01-01', '2024-08-15');
      await w.recordTitle(titleStartsOnTheSecond.talentId, '青年英才', 150000, '2024-09-02');
      await w.suspend(suspendedBeforeTermStart.id, '2024-06-20', 'deceased');
      await w.run('2024-10');
      expect(await w.rows('2024-10', { designationId: titleEndsMidMonth.id })).toEqual([
        ['2024-09', 'arrears', MONTH, 3],
        ['2024-10', 'regular', MONTH, 4],
        ['2024-07', 'superseded', 0, 1],
        ['2024-08', 'superseded', 0, 2],
      ]);
      expect(await w.rows('2024-10', { designationId: titleStartsOnTheSecond.id })).toEqual([
        ['2024-07', 'arrears', MONTH, 1],
        ['2024-08', 'arrears', MONTH, 2],
        ['2024-09', 'arrears', MONTH, 3],
        ['2024-10', 'superseded', 0, 4],
      ]);
      expect(await w.rows('2024-10', { designationId: suspendedBeforeTermStart.id })).toEqual([]);
    }));
});

describe('payment runs: workshop grants (工作资助)', () => {
  it('pays three instalments in months named+1, +13, +25 to the employer, and not while the lead is suspended', () =>
    inWorld(async (w) => {
      const municipal = await w.workshop({ level: 'municipal', namedOn: '2024-08-20' });
      const district = await w.workshop({ level: 'district', namedOn: '2024-08-20' });
      const suspendedLead = await w.workshop({ level: 'municipal', namedOn: '2024-08-20' });
      const pendingRejected = await w.workshop({ level: 'municipal', namedOn: '2024-08-20' });
      const pendingApproved = await w.workshop({ level: 'municipal', namedOn: '2024-08-20' });
      const retroSuspended = await w.workshop({ level: 'district', namedOn: '2024-08-20' });
      const all = [municipal, district, suspendedLead, pendingRejected, pendingApproved, retroSuspended];

      const first = await w.run('2024-09');
      expect(first.counts.grant).toBe(6);
      expect(first.totals.grantFen).toBe(4 * 2666666 + 2 * 1666666);
      const m1 = await w.lines('2024-09', { workshopId: municipal.id });
      expect(m1).toEqual([
        {
          id: expect.any(String),
          designationId: null,
          workshopId: municipal.id,
          payee: municipal.employer.name,
          forPeriod: '2024-09',
          kind: 'grant',
          amountFen: 2666666,
          monthIndex: 1,
          note: expect.stringContaining('第1期'),
        },
      ]);
      expect(await w.rows('2024-09', { workshopId: district.id })).toEqual([['2024-09', 'grant', 1666666, 1]]);

      await w.run('2025-08');
      expect(await w.lines('2025-08', { kind: 'grant' })).toEqual([]);
      await w.run('2025-09');
      expect(await w.rows('2025-09', { workshopId: municipal.id })).toEqual([['2025-09', 'grant', 2666666, 2]]);
      expect(await w.rows('2025-09', { workshopId: district.id })).toEqual([['2025-09', 'grant', 1666666, 2]]);

      w.today('2026-04-10');
      await w.suspend(suspendedLead.lead.id, '2026-05-01', 'moved_out_of_district');
      // Recorded late: the lead was out of force since before the second instalment, which comes back.
      await w.suspend(retroSuspended.lead.id, '2025-09-01', 'position_changed');
      const rejectLater = await w.fileAdjustment(pendingRejected.lead.id, '2026-05-01');
      const approveLater = await w.fileAdjustment(pendingApproved.lead.id, '2026-05-01');

      const third = await w.run('2026-09');
      expect(await w.rows('2026-09', { workshopId: municipal.id })).toEqual([['2026-09', 'grant', 2666668, 3]]);
      expect(await w.rows('2026-09', { workshopId: district.id })).toEqual([['2026-09', 'grant', 1666668, 3]]);
      expect(await w.rows('2026-09', { workshopId: suspendedLead.id })).toEqual([]);
      expect(await w.rows('2026-09', { workshopId: pendingRejected.id })).toEqual([['2026-09', 'held', 0, 3]]);
      expect(await w.rows('2026-09', { workshopId: pendingApproved.id })).toEqual([['2026-09', 'held', 0, 3]]);
      expect((await w.lines('2026-09', { workshopId: pendingApproved.id }))[0].payee).toBe(pendingApproved.employer.name);
      const retro = await w.lines('2026-09', { workshopId: retroSuspended.id });
      expect(retro.map((l) => [l.forPeriod, l.kind, l.amountFen, l.monthIndex])).toEqual([['2025-09', 'clawback', -1666666, 2]]);
      expect(retro[0].payee).toBe(retroSuspended.employer.name);
      expect(third.counts.grant).toBe(2);
      expect(third.totals.grantFen).toBe(2666668 + 1666668);

      w.today('2026-09-15');
      await w.decide(rejectLater, 'reject');
      await w.decide(approveLater, 'approve');
      const after = await w.run('2026-10');
      expect(await w.rows('2026-10', { kind: 'grant' })).toEqual([['2026-09', 'grant', 2666668, 3]]);
      expect((await w.lines('2026-10', { kind: 'grant' }))[0].workshopId).toBe(pendingRejected.id);
      expect(after.counts).toMatchObject({ grant: 1, clawback: 0 });
      expect(await w.lines('2026-10', { kind: 'held' })).toEqual([]);

      const totals = await Promise.all(all.map(async (x) => sum((await w.paidPerMonth({ workshopId: x.id })).values())));
      expect(totals).toEqual([8000000, 5000000, 2 * 2666666, 8000000, 2 * 2666666, 1666666]);
    }));
});

describe('payment runs: periods and access', () => {
  it('re-runs an open period without adding anything, then refuses closed, earlier, future and malformed periods', () =>
    inWorld(async (w) => {
      const finance = await w.user('finance', { email: 'caiwu@example.com' });
      const street = await w.given.street();
      const assessor = await w.user('assessor', { organizationId: street.id });
      const union = await w.given.organization({ name: '区总工会机电产业工会', kind: 'union', level: 'district' });
      const unionUser = await w.user('union', { organizationId: union.id });
      const http = (token?: string | null) => w.t.http(token);

      await w.designate('2024-06-15'); // paid: 3 arrears and the month
      const superseded = await w.designate('2024-06-15');
      await w.recordTitle(superseded.talentId, '区领军人才', 150000, '2024-01-01');
      const held = await w.designate('2024-06-15');
      await w.fileAdjustment(held.id, '2024-09-01');

      const first = await w.run('2024-10');
      expect(first.counts).toEqual({ regular: 1, arrears: 5, clawback: 0, held: 2, superseded: 4, grant: 0 });
      const firstLines = await w.lines('2024-10');
      const second = await w.run('2024-10', finance.token);
      expect(second.runs).toBe(2);
      expect(second.totals).toEqual(first.totals);
      expect(second.counts).toEqual(first.counts);
      const secondLines = await w.lines('2024-10');
      expect(comparable(secondLines)).toEqual(comparable(firstLines));
      const ledgerIds = (ls: RunLine[]) => ls.filter((l) => l.kind !== 'held' && l.kind !== 'superseded').map((l) => l.id);
      expect(ledgerIds(secondLines)).toEqual(ledgerIds(firstLines));
      expect(ledgerIds(firstLines)).toHaveLength(6);
      expect((await http(finance.token).get('/api/v1/payment-runs/2024-10').expect(200)).body).toMatchObject({ period: '2024-10', status: 'open', runs: 2 });

      // A future period is a business rule (422); a period never run is 404; a malformed one is 400 naming period.
      w.today('2024-10-15');
      const future = await http().post('/api/v1/payment-runs').send({ period: '2024-11' }).expect(422);
      expect(future.body).toMatchObject({ statusCode: 422 });
      expect(JSON.stringify(future.body.message)).toContain('2024-11');
      await http().get('/api/v1/payment-runs/2024-09').expect(404);
      await http().get('/api/v1/payment-runs/2024-09/lines').expect(404);
      for (const body of [{ period: '2024-13' }, { period: '202410' }, { period: '2024-1' }, { period: 202410 }, {}]) {
        const res = await http().post('/api/v1/payment-runs').send(body).expect(400);
        expect(JSON.stringify(res.body.message)).toContain('period');
      }
      const badGet = await http().get('/api/v1/payment-runs/2024-13').expect(400);
      expect(JSON.stringify(badGet.body.message)).toContain('period');
      await http().get('/api/v1/payment-runs/2024-10/lines?kind=bonus').expect(400);

      // Only admin and finance run; only finance closes.
      await http(assessor.token).post('/api/v1/payment-runs').send({ period: '2024-10' }).expect(403);
      await http(unionUser.token).post('/api/v1/payment-runs').send({ period: '2024-10' }).expect(403);
      await http(assessor.token).get('/api/v1/payment-runs/2024-10').expect(403);
      await http(unionUser.token).get('/api/v1/payment-runs/2024-10/lines').expect(403);
      await http(null).post('/api/v1/payment-runs').send({ period: '2024-10' }).expect(401);
      await http().post('/api/v1/payment-runs/2024-10/close').expect(403);
      await http(assessor.token).post('/api/v1/payment-runs/2024-10/close').expect(403);
      expect((await w.summary('2024-10')).runs).toBe(2);

      // Periods only move forward.
      await w.run('2024-11');
      const earlier = await http().post('/api/v1/payment-runs').send({ period: '2024-10' }).expect(409);
      expect(JSON.stringify(earlier.body.message)).toContain('2024-10');
      expect((await w.summary('2024-10')).runs).toBe(2);

      // Closed is closed.
      const closed = await w.closePeriod('2024-11', finance.token);
      expect(closed).toMatchObject({ period: '2024-11', status: 'closed' });
      const closedLines = await w.lines('2024-11');
      await http().post('/api/v1/payment-runs').send({ period: '2024-11' }).expect(409);
      await http(finance.token).post('/api/v1/payment-runs').send({ period: '2024-11' }).expect(409);
      await http(finance.token).post('/api/v1/payment-runs/2024-11/close').expect(409);
      await http(finance.token).post('/api/v1/payment-runs/2024-12/close').expect(404);
      expect(await w.summary('2024-11')).toEqual(closed);
      expect(await w.lines('2024-11')).toEqual(closedLines);

      // The next period still runs.
      const dec = await w.run('2024-12');
      expect(dec).toMatchObject({ period: '2024-12', status: 'open', runs: 1 });
    }));

  it('re-running an open period after a change adds only the change, and keeps the other reports', () =>
    inWorld(async (w) => {
      const suspended = await w.designate('2024-06-15');
      const titled = await w.designate('2024-06-15');
      const superseded = await w.designate('2024-06-15');
      await w.recordTitle(superseded.talentId, '区领军人才', 150000, '2024-01-01');
      const first = await w.run('2024-10');
      expect(first.counts).toEqual({ regular: 2, arrears: 6, clawback: 0, held: 0, superseded: 4, grant: 0 });

      w.today('2024-10-20');
      await w.suspend(suspended.id, '2024-10-01');
      await w.recordTitle(titled.talentId, '首席教师', 120000, '2024-10-01');
      const second = await w.run('2024-10');
      expect(second).toMatchObject({
        runs: 2,
        counts: { regular: 2, arrears: 6, clawback: 2, held: 0, superseded: 5, grant: 0 },
        totals: { allowanceFen: 8 * MONTH, clawbackFen: -2 * MONTH, netFen: 6 * MONTH },
      });
      expect(await w.rows('2024-10', { designationId: suspended.id })).toEqual([
        ['2024-07', 'arrears', MONTH, 1],
        ['2024-08', 'arrears', MONTH, 2],
        ['2024-09', 'arrears', MONTH, 3],
        ['2024-10', 'regular', MONTH, 4],
        ['2024-10', 'clawback', -MONTH, 4],
      ]);
      expect((await w.rows('2024-10', { designationId: titled.id })).slice(4)).toEqual([
        ['2024-10', 'clawback', -MONTH, 4],
        ['2024-10', 'superseded', 0, 4],
      ]);
      expect(await w.rows('2024-10', { designationId: superseded.id })).toEqual(periodsBetween('2024-07', '2024-10').map((p, i) => [p, 'superseded', 0, i + 1]));

      const linesNow = await w.lines('2024-10');
      const third = await w.run('2024-10');
      expect(third.runs).toBe(3);
      expect(third.counts).toEqual(second.counts);
      expect(comparable(await w.lines('2024-10'))).toEqual(comparable(linesNow));
    }));

  it('lists a run page by page with the same lines as in one page', () =>
    inWorld(async (w) => {
      for (const title of [undefined, '区领军人才']) {
        const d = await w.designate('2024-06-15');
        if (title) await w.recordTitle(d.talentId, title, 150000, '2024-01-01');
      }
      const held = await w.designate('2024-06-15');
      await w.fileAdjustment(held.id, '2024-09-01');
      await w.run('2024-10');
      const all = await w.lines('2024-10');
      expect(all).toHaveLength(6 + 2 + 4);
      const paged: RunLine[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: RunLine[]; nextCursor: string | null } } = await w.t
          .http()
          .get(`/api/v1/payment-runs/2024-10/lines?limit=5${cursor ? `&cursor=${cursor}` : ''}`)
          .expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(5);
        paged.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor !== null);
      expect(paged).toEqual(all);
      expect((await w.lines('2024-10', { kind: 'held' })).map((l) => l.forPeriod)).toEqual(['2024-09', '2024-10']);
      await w.t.http().get('/api/v1/payment-runs/2024-10/lines?limit=201').expect(400);
      await w.t.http().get('/api/v1/payment-runs/2024-10/lines?cursor=nonsense').expect(400);
    }));

  it('writes an audit event and one e-mail to finance for every run', () =>
    inWorld(async (w) => {
      await w.user('finance', { email: 'Zhang.CW@example.com' });
      await w.user('finance', { email: 'li.cw@example.com' });
      await w.user('finance');
      await w.user('admin', { email: 'office@example.com' });
      await w.designate('2024-06-15');

      await w.run('2024-10');
      await w.run('2024-10');
      await w.run('2024-11');

      const audit = async (period: string) =>
        (await w.t.http().get(`/api/v1/audit-events?entityType=payment_run&entityId=${period}&limit=200`).expect(200)).body.items as Array<{ action: string; after: { run: number } }>;
      const oct = (await audit('2024-10')).filter((e) => e.action === 'payment_run.completed');
      expect(oct.map((e) => e.after.run).sort()).toEqual([1, 2]);
      expect((await audit('2024-11')).filter((e) => e.action === 'payment_run.completed')).toHaveLength(1);

      const mails: Array<{ to_addresses: string[]; subject: string; text_body: string }> = await w.t.db.query(
        `SELECT to_addresses, subject, text_body FROM notifications WHERE purpose = 'payment_run.completed' ORDER BY created_at, subject`,
      );
      expect(mails).toHaveLength(3);
      for (const m of mails) expect(m.to_addresses).toEqual(['li.cw@example.com', 'zhang.cw@example.com']);
      expect(mails.filter((m) => m.subject.includes('2024-10'))).toHaveLength(2);
      for (const m of mails.filter((m) => m.subject.includes('2024-10'))) expect(m.subject).toContain('4,000.00');
      const nov = mails.filter((m) => m.subject.includes('2024-11'));
      expect(nov).toHaveLength(1);
      expect(nov[0].subject).toContain('1,000.00');
      expect(nov[0].text_body).toContain('/api/v1/payment-runs/2024-11/roster');
    }));
});

describe('payment runs: the ledger is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of lines and an INSERT into a closed period', () =>
    inWorld(async (w) => {
      const finance = await w.user('finance', { email: 'caiwu@example.com' });
      await w.designate('2024-06-15');
      await w.run('2024-10');
      await w.closePeriod('2024-10', finance.token);
      await w.run('2024-11');
      const before: Row[] = [...(await w.rows('2024-10', {})), ...(await w.rows('2024-11', {}))];
      expect(before).toHaveLength(5);

      await expect(w.t.db.query(`UPDATE payment_lines SET note = 'edited' WHERE run_period = '2024-11'`)).rejects.toThrow(/append-only/);
      await expect(w.t.db.query(`UPDATE payment_lines SET amount_fen = 1 WHERE run_period = '2024-10'`)).rejects.toThrow(/append-only/);
      await expect(w.t.db.query(`DELETE FROM payment_lines WHERE run_period = '2024-10'`)).rejects.toThrow(/append-only/);
      await expect(w.t.db.query(`DELETE FROM payment_lines`)).rejects.toThrow(/append-only/);
      await expect(w.t.db.query(`TRUNCATE payment_lines`)).rejects.toThrow(/append-only/);
      await expect(
        w.t.db.query(
          `INSERT INTO payment_lines (run_period, designation_id, payee_talent_id, for_period, kind, amount_fen, month_index, seq, person_seq, person_net_fen, note)
           SELECT run_period, designation_id, payee_talent_id, for_period, 'arrears', 100000, month_index, 9, person_seq + 1, person_net_fen + 100000, 'smuggled'
             FROM payment_lines WHERE run_period = '2024-10' LIMIT 1`,
        ),
      ).rejects.toThrow(/closed/);

      expect([...(await w.rows('2024-10', {})), ...(await w.rows('2024-11', {}))]).toEqual(before);
    }));
});
