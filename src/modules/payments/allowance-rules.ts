import { addMonths, addPeriods, BusinessDate, firstDayOfPeriod, firstOfMonth, monthsBetween, Period, periodOf } from '../../core/clock/business-date';

/**
 * The allowance and grant rules of SPEC §3.2–3.3, written once as pure
 * functions: no I/O, no clock. The payment run computes the same in set-based
 * SQL (payment-ledger.repository.ts); test/payments/payments-model.spec.ts
 * drives the service with random operations and compares every line it
 * writes with `reconcile` below. Policy: 003 五（一）工作津贴, 五（二）享受期三年,
 * 五（三）工作资助, 六（二）动态调整.
 */

export interface AdjustmentFact {
  state: 'pending' | 'approved' | 'rejected';
  effectiveOn: BusinessDate;
}

/** Another allowance-bearing talent title (区领军人才, 首席教师, …). */
export interface TitleFact {
  talentId: string;
  title: string;
  monthlyAmountFen: number;
  validFrom: BusinessDate;
  validTo: BusinessDate | null;
}

export interface DesignationFact {
  id: string;
  talentId: string;
  /** First day of month 1 of the term. */
  termStart: BusinessDate;
  monthlyAllowanceFen: number;
  adjustments: AdjustmentFact[];
}

export interface WorkshopFact {
  id: string;
  /** The lead's designation. */
  designationId: string;
  registeredOn: BusinessDate;
  /** Fixed when the workshop was registered (§3.3), whatever the setting says later. */
  grantTotalFen: number;
}

/** Everything the rules read; designations in the order they were created. */
export interface Facts {
  designations: DesignationFact[];
  titles: TitleFact[];
  workshops: WorkshopFact[];
}

export const TERM_MONTHS = 36;
export const GRANT_INSTALMENTS = 3;

export type MonthState = 'owed' | 'held' | 'suspended' | 'superseded' | 'duplicate';

export interface MonthVerdict {
  state: MonthState;
  owedFen: number;
  monthIndex: number;
  /** superseded: the title that takes the month; owed: a lower title the roster must say is not paid. */
  title?: string;
}

/** §3.1: month index 1..36 of `period` in the term, or undefined outside it. */
export function monthIndex(termStart: BusinessDate, period: Period): number | undefined {
  const index = monthsBetween(periodOf(termStart), period) + 1;
  return index >= 1 && index <= TERM_MONTHS ? index : undefined;
}

/** §3.2: in force on day X ⇔ no approved adjustment with effectiveOn ≤ X. */
export function inForceOn(adjustments: AdjustmentFact[], day: BusinessDate): boolean {
  return !adjustments.some((a) => a.state === 'approved' && a.effectiveOn <= day);
}

/** §3.2 Held: a pending (undecided) adjustment with effectiveOn ≤ the 1st of the month. */
export function heldOn(adjustments: AdjustmentFact[], day: BusinessDate): boolean {
  return adjustments.some((a) => a.state === 'pending' && a.effectiveOn <= day);
}

/** §3.2 take-the-higher (003 五（一）就高原则，不重复享受): the highest title in force on the day (ties: the first title by name). */
export function highestTitle(titles: TitleFact[], talentId: string, day: BusinessDate): TitleFact | undefined {
  return titles
    .filter((t) => t.talentId === talentId && t.validFrom <= day && (t.validTo === null || t.validTo >= day))
    .sort((a, b) => b.monthlyAmountFen - a.monthlyAmountFen || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0))[0];
}

/**
 * §3.2 one designation, month M (ignoring the person's other designations):
 * not in force first (an approved adjustment has cut the month off, so no
 * pending decision can make it owed: it is clawed back), then held (nothing
 * paid, nothing clawed back), then superseded by a title of an amount ≥ the
 * allowance, else owed.
 */
export function designationMonth(facts: Facts, d: DesignationFact, period: Period): MonthVerdict | undefined {
  const index = monthIndex(d.termStart, period);
  if (index === undefined) return undefined;
  const first = firstDayOfPeriod(period);
  const title = highestTitle(facts.titles, d.talentId, first);
  if (!inForceOn(d.adjustments, first)) return { state: 'suspended', owedFen: 0, monthIndex: index };
  if (heldOn(d.adjustments, first)) return { state: 'held', owedFen: 0, monthIndex: index };
  if (title && title.monthlyAmountFen >= d.monthlyAllowanceFen) return { state: 'superseded', owedFen: 0, monthIndex: index, title: title.title };
  return { state: 'owed', owedFen: d.monthlyAllowanceFen, monthIndex: index, title: title?.title };
}

/**
 * §3.2 Per person, never twice: a person-month is owed once whatever the
 * designations. (§3.1 refuses a designation overlapping an earlier one in
 * force, so this binds only if that rule was bypassed: the earliest
 * designation keeps the month, the later ones are `duplicate`, owed nothing.)
 */
export function personMonth(facts: Facts, talentId: string, period: Period): Map<string, MonthVerdict> {
  const out = new Map<string, MonthVerdict>();
  let owedBy: string | undefined;
  for (const d of facts.designations.filter((x) => x.talentId === talentId)) {
    const v = designationMonth(facts, d, period);
    if (!v) continue;
    if (v.state === 'owed' && owedBy !== undefined) out.set(d.id, { state: 'duplicate', owedFen: 0, monthIndex: v.monthIndex });
    else out.set(d.id, v);
    if (v.state === 'owed') owedBy ??= d.id;
  }
  return out;
}

export interface Instalment {
  instalment: number;
  period: Period;
  amountFen: number;
}

/** §3.3: 3 yearly instalments from the month after registration (+12, +24), floor(total/3), the remainder in the last. */
export function grantInstalments(w: WorkshopFact): Instalment[] {
  const part = Math.floor(w.grantTotalFen / GRANT_INSTALMENTS);
  return Array.from({ length: GRANT_INSTALMENTS }, (_, i) => ({
    instalment: i + 1,
    period: periodOf(addMonths(firstOfMonth(w.registeredOn), 1 + 12 * i)),
    amountFen: i < GRANT_INSTALMENTS - 1 ? part : w.grantTotalFen - (GRANT_INSTALMENTS - 1) * part,
  }));
}

/** §3.3: an instalment is owed only if the lead's designation is in force on the 1st of its month (held like an allowance month). */
export function grantMonth(facts: Facts, w: WorkshopFact, i: Instalment): { state: 'owed' | 'held' | 'suspended'; owedFen: number } {
  const lead = facts.designations.find((d) => d.id === w.designationId);
  const adjustments = lead?.adjustments ?? [];
  const first = firstDayOfPeriod(i.period);
  if (!inForceOn(adjustments, first)) return { state: 'suspended', owedFen: 0 };
  if (heldOn(adjustments, first)) return { state: 'held', owedFen: 0 };
  return { state: 'owed', owedFen: i.amountFen };
}

export type LineKind = 'regular' | 'arrears' | 'clawback' | 'grant' | 'held' | 'superseded';

/** A line of a run as GET /payment-runs/{p}/lines lists it (held and superseded: reports, amount 0). */
export interface ExpectedLine {
  kind: LineKind;
  designationId: string | null;
  workshopId: string | null;
  forPeriod: Period;
  amountFen: number;
  monthIndex: number;
  /** A title the line's note must name. */
  title?: string;
}

/** A line already in the ledger (any earlier run, earlier runs of this period included). */
export type PaidLine = Pick<ExpectedLine, 'designationId' | 'workshopId' | 'forPeriod' | 'monthIndex' | 'amountFen'>;

export interface RunOf {
  period: Period;
  /** The latest earlier period that was run: superseded months are reported by the first run that covers them. */
  previousRun: Period | null;
}

/**
 * §3.2 reconcile: for every designation month and grant instalment up to the
 * period, owed − paid becomes a line if non-zero — `regular` for the month
 * itself, `arrears` for an earlier month, `clawback` when negative, `grant`
 * for a positive instalment. Held months are skipped and reported;
 * superseded months are reported once, by the first run that covers them.
 */
export function reconcile(facts: Facts, run: RunOf, earlier: PaidLine[]): ExpectedLine[] {
  const paid = new Map<string, number>();
  for (const l of earlier) {
    const key = l.designationId !== null ? `d:${l.designationId}:${l.forPeriod}` : `w:${l.workshopId}:${l.monthIndex}`;
    paid.set(key, (paid.get(key) ?? 0) + l.amountFen);
  }
  const out: ExpectedLine[] = [];
  for (const d of facts.designations) {
    for (let m = periodOf(d.termStart); m <= run.period && monthIndex(d.termStart, m) !== undefined; m = addPeriods(m, 1)) {
      const v = personMonth(facts, d.talentId, m).get(d.id)!;
      const subject = { designationId: d.id, workshopId: null, forPeriod: m, monthIndex: v.monthIndex };
      if (v.state === 'held') out.push({ ...subject, kind: 'held', amountFen: 0 });
      if (v.state === 'superseded' && (run.previousRun === null || m > run.previousRun)) out.push({ ...subject, kind: 'superseded', amountFen: 0, title: v.title });
      const delta = v.owedFen - (paid.get(`d:${d.id}:${m}`) ?? 0);
      if (v.state === 'held' || delta === 0) continue;
      const kind = delta < 0 ? 'clawback' : m === run.period ? 'regular' : 'arrears';
      const title = delta < 0 ? (v.state === 'superseded' ? v.title : undefined) : v.title;
      out.push({ ...subject, kind, amountFen: delta, ...(title ? { title } : {}) });
    }
  }
  for (const w of facts.workshops) {
    for (const i of grantInstalments(w).filter((x) => x.period <= run.period)) {
      const g = grantMonth(facts, w, i);
      const subject = { designationId: null, workshopId: w.id, forPeriod: i.period, monthIndex: i.instalment };
      if (g.state === 'held') {
        out.push({ ...subject, kind: 'held', amountFen: 0 });
        continue;
      }
      const delta = g.owedFen - (paid.get(`w:${w.id}:${i.instalment}`) ?? 0);
      if (delta !== 0) out.push({ ...subject, kind: delta < 0 ? 'clawback' : 'grant', amountFen: delta });
    }
  }
  return out;
}

/**
 * §3.2 stale: the designations whose lines a run of the period would now
 * change, given what that run would write (`now`, from `reconcile`) and the
 * held/superseded reports of the period's last run: any new ledger line, or a
 * report that differs; a grant line or report counts as its lead's designation.
 */
export function staleDesignations(facts: Facts, now: ExpectedLine[], lastReports: ExpectedLine[]): string[] {
  const designationOf = (l: ExpectedLine) => l.designationId ?? facts.workshops.find((w) => w.id === l.workshopId)?.designationId ?? `workshop:${l.workshopId}`;
  const reportKey = (l: ExpectedLine) => `${designationOf(l)} ${l.workshopId ?? '-'} ${l.kind} ${l.forPeriod} #${l.monthIndex}`;
  const isReport = (l: ExpectedLine) => l.kind === 'held' || l.kind === 'superseded';
  const changed = new Set(now.filter((l) => !isReport(l)).map(designationOf));
  const before = new Map<string, number>();
  for (const l of lastReports) before.set(reportKey(l), (before.get(reportKey(l)) ?? 0) + 1);
  const after = new Map<string, number>();
  for (const l of now.filter(isReport)) after.set(reportKey(l), (after.get(reportKey(l)) ?? 0) + 1);
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    if (before.get(key) !== after.get(key)) changed.add(key.split(' ')[0]);
  }
  return [...changed];
}
