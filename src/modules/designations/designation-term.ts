import { addMonths, BusinessDate, firstOfMonth, lastOfMonth } from '../../core/clock/business-date';

export const TERM_MONTHS = 36;
export const MID_TERM_MONTH = 18;

export interface Term {
  termStart: BusinessDate;
  termEnd: BusinessDate;
  midTermDue: BusinessDate;
  endTermDue: BusinessDate;
}

export type TermResult = { ok: true; term: Term } | { ok: false; message: string };

/**
 * SPEC §3.1: the term starts on the first of the month after designatedOn
 * unless given (a first-of-month not before designatedOn's month) and runs 36
 * calendar months; §3.4: mid-term is due on the last day of month 18,
 * end-of-term on termEnd.
 */
export function termOf(designatedOn: BusinessDate, termStart?: BusinessDate): TermResult {
  const start = termStart ?? addMonths(firstOfMonth(designatedOn), 1);
  if (start !== firstOfMonth(start)) return { ok: false, message: 'termStart must be the first day of a month' };
  if (start < firstOfMonth(designatedOn)) return { ok: false, message: 'termStart must not be before the month of designatedOn' };
  const termEnd = lastOfMonth(addMonths(start, TERM_MONTHS - 1));
  return {
    ok: true,
    term: { termStart: start, termEnd, midTermDue: lastOfMonth(addMonths(start, MID_TERM_MONTH - 1)), endTermDue: termEnd },
  };
}

/** Month index 1..36 of a month within the term, or undefined outside it. */
export function monthIndexOf(termStart: BusinessDate, month: BusinessDate): number | undefined {
  const [sy, sm] = termStart.split('-').map(Number);
  const [y, m] = month.split('-').map(Number);
  const index = (y - sy) * 12 + (m - sm) + 1;
  return index >= 1 && index <= TERM_MONTHS ? index : undefined;
}
