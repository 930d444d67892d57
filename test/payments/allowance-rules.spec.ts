import {
  DesignationFact,
  ExpectedLine,
  Facts,
  grantInstalments,
  personMonth,
  reconcile,
  TitleFact,
  WorkshopFact,
} from '../../src/modules/payments/allowance-rules';

/** The reference rules (SPEC §3.2–3.3) on the checked examples of the scenario tests, no database. */

const MONTH = 100000;
const d = (fields: Partial<DesignationFact> = {}): DesignationFact => ({ id: 'd1', talentId: 't1', termStart: '2024-07-01', monthlyAllowanceFen: MONTH, adjustments: [], ...fields });
const facts = (fields: Partial<Facts>): Facts => ({ designations: [], titles: [], workshops: [], ...fields });
const rows = (ls: ExpectedLine[]) => ls.map((l) => [l.forPeriod, l.kind, l.amountFen, l.monthIndex]);
const paidAs = (ls: ExpectedLine[]) => ls.filter((l) => l.kind !== 'held' && l.kind !== 'superseded');

describe('allowance rules (reference)', () => {
  it('pays missed months as arrears and the month as regular, once, and only the 36 months of the term', () => {
    const f = facts({ designations: [d()] });
    const first = reconcile(f, { period: '2024-10', previousRun: null }, []);
    expect(rows(first)).toEqual([
      ['2024-07', 'arrears', MONTH, 1],
      ['2024-08', 'arrears', MONTH, 2],
      ['2024-09', 'arrears', MONTH, 3],
      ['2024-10', 'regular', MONTH, 4],
    ]);
    expect(reconcile(f, { period: '2024-10', previousRun: null }, first)).toEqual([]);
    const late = reconcile(f, { period: '2027-12', previousRun: '2024-10' }, first);
    expect(late).toHaveLength(32);
    expect(late.at(-1)).toMatchObject({ forPeriod: '2027-06', kind: 'arrears', monthIndex: 36 });
  });

  it('claws back from the first month whose 1st is on or after effectiveOn', () => {
    const paid = reconcile(facts({ designations: [d()] }), { period: '2025-01', previousRun: null }, []);
    const onTheFirst = facts({ designations: [d({ adjustments: [{ state: 'approved', effectiveOn: '2024-11-01' }] })] });
    expect(rows(reconcile(onTheFirst, { period: '2025-02', previousRun: '2025-01' }, paid))).toEqual([
      ['2024-11', 'clawback', -MONTH, 5],
      ['2024-12', 'clawback', -MONTH, 6],
      ['2025-01', 'clawback', -MONTH, 7],
    ]);
    const midMonth = facts({ designations: [d({ adjustments: [{ state: 'approved', effectiveOn: '2024-11-15' }] })] });
    expect(rows(reconcile(midMonth, { period: '2025-02', previousRun: '2025-01' }, paid))).toEqual([
      ['2024-12', 'clawback', -MONTH, 6],
      ['2025-01', 'clawback', -MONTH, 7],
    ]);
  });

  it('holds months from a pending adjustment: nothing paid, nothing clawed back; rejected → arrears', () => {
    const paid = reconcile(facts({ designations: [d()] }), { period: '2024-10', previousRun: null }, []);
    const pending = facts({ designations: [d({ adjustments: [{ state: 'pending', effectiveOn: '2024-10-01' }] })] });
    expect(rows(reconcile(pending, { period: '2024-11', previousRun: '2024-10' }, paid))).toEqual([
      ['2024-10', 'held', 0, 4],
      ['2024-11', 'held', 0, 5],
    ]);
    const rejected = facts({ designations: [d({ adjustments: [{ state: 'rejected', effectiveOn: '2024-10-01' }] })] });
    expect(rows(reconcile(rejected, { period: '2025-01', previousRun: '2024-12' }, paid))).toEqual([
      ['2024-11', 'arrears', MONTH, 5],
      ['2024-12', 'arrears', MONTH, 6],
      ['2025-01', 'regular', MONTH, 7],
    ]);
  });

  it('takes the higher: a title ≥ the allowance supersedes the month (reported once), a lower one is named on the paid line', () => {
    const title = (t: Partial<TitleFact>): TitleFact => ({ talentId: 't1', title: '区领军人才', monthlyAmountFen: 150000, validFrom: '2024-01-01', validTo: null, ...t });
    const higher = facts({ designations: [d()], titles: [title({ validTo: '2024-08-15' })] });
    const oct = reconcile(higher, { period: '2024-10', previousRun: null }, []);
    expect(rows(oct)).toEqual([
      ['2024-07', 'superseded', 0, 1],
      ['2024-08', 'superseded', 0, 2],
      ['2024-09', 'arrears', MONTH, 3],
      ['2024-10', 'regular', MONTH, 4],
    ]);
    expect(oct[0].title).toBe('区领军人才');
    expect(reconcile(higher, { period: '2024-11', previousRun: '2024-10' }, paidAs(oct)).map((l) => l.kind)).toEqual(['regular']);

    const equal = facts({ designations: [d()], titles: [title({ title: '首席医生', monthlyAmountFen: MONTH })] });
    expect(personMonth(equal, 't1', '2024-07').get('d1')).toEqual({ state: 'superseded', owedFen: 0, monthIndex: 1, title: '首席医生' });
    const lower = facts({ designations: [d()], titles: [title({ title: '区拔尖人才', monthlyAmountFen: 80000 })] });
    expect(reconcile(lower, { period: '2024-07', previousRun: null }, [])).toEqual([
      { designationId: 'd1', workshopId: null, forPeriod: '2024-07', kind: 'regular', amountFen: MONTH, monthIndex: 1, title: '区拔尖人才' },
    ]);

    // Recorded late: months already paid come back, naming the title; only the new month is reported superseded.
    const paid = reconcile(facts({ designations: [d()] }), { period: '2024-09', previousRun: null }, []);
    const late = facts({ designations: [d()], titles: [title({ title: '首席教师', monthlyAmountFen: 120000, validFrom: '2024-08-01' })] });
    const lines = reconcile(late, { period: '2024-10', previousRun: '2024-09' }, paid);
    expect(rows(lines)).toEqual([
      ['2024-08', 'clawback', -MONTH, 2],
      ['2024-09', 'clawback', -MONTH, 3],
      ['2024-10', 'superseded', 0, 4],
    ]);
    expect(lines.every((l) => l.title === '首席教师')).toBe(true);
  });

  it('owes a person-month once: a second designation in force in the same month is a duplicate', () => {
    const first = d({ adjustments: [{ state: 'approved', effectiveOn: '2025-04-10' }] });
    const second = d({ id: 'd2', termStart: '2025-04-01' });
    const f = facts({ designations: [first, second] });
    expect(personMonth(f, 't1', '2025-04')).toEqual(
      new Map([
        ['d1', { state: 'owed', owedFen: MONTH, monthIndex: 10 }],
        ['d2', { state: 'duplicate', owedFen: 0, monthIndex: 1 }],
      ]),
    );
    expect(personMonth(f, 't1', '2025-05').get('d2')).toMatchObject({ state: 'owed', owedFen: MONTH });
  });

  it('pays a grant in 3 instalments from the month after registration, the remainder in the last, while the lead is in force', () => {
    const w = (fields: Partial<WorkshopFact> = {}): WorkshopFact => ({ id: 'w1', designationId: 'd1', registeredOn: '2024-08-20', grantTotalFen: 8000000, ...fields });
    expect(grantInstalments(w())).toEqual([
      { instalment: 1, period: '2024-09', amountFen: 2666666 },
      { instalment: 2, period: '2025-09', amountFen: 2666666 },
      { instalment: 3, period: '2026-09', amountFen: 2666668 },
    ]);
    expect(grantInstalments(w({ grantTotalFen: 5000000 })).map((i) => i.amountFen)).toEqual([1666666, 1666666, 1666668]);

    const f = facts({ designations: [d()], workshops: [w()] });
    const grants = (ls: ExpectedLine[]) => rows(ls.filter((l) => l.workshopId !== null));
    const sep = reconcile(f, { period: '2025-09', previousRun: null }, []);
    expect(grants(sep)).toEqual([
      ['2024-09', 'grant', 2666666, 1],
      ['2025-09', 'grant', 2666666, 2],
    ]);
    const retro = facts({ designations: [d({ adjustments: [{ state: 'approved', effectiveOn: '2025-09-01' }] })], workshops: [w()] });
    expect(grants(reconcile(retro, { period: '2026-09', previousRun: '2025-09' }, paidAs(sep)))).toEqual([['2025-09', 'clawback', -2666666, 2]]);
    const held = facts({ designations: [d({ adjustments: [{ state: 'pending', effectiveOn: '2026-05-01' }] })], workshops: [w()] });
    expect(grants(reconcile(held, { period: '2026-09', previousRun: '2025-09' }, paidAs(sep)))).toEqual([['2026-09', 'held', 0, 3]]);
  });
});
