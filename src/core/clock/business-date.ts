/**
 * Business dates are calendar dates in Asia/Shanghai, carried as 'YYYY-MM-DD'
 * strings and periods as 'YYYY-MM'. Arithmetic is done on (year, month, day)
 * integers so no host time zone can shift a date.
 */
export type BusinessDate = string;
export type Period = string;

export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD_RE = /^(\d{4})-(\d{2})$/;

export interface Ymd {
  year: number;
  month: number; // 1-12
  day: number;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True for a real calendar date written as YYYY-MM-DD (2024-02-30 is not). */
export function isBusinessDate(value: unknown): value is BusinessDate {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1900 && year <= 2199 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function isPeriod(value: unknown): value is Period {
  if (typeof value !== 'string') return false;
  const m = PERIOD_RE.exec(value);
  return !!m && Number(m[1]) >= 1900 && Number(m[1]) <= 2199 && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

export function toYmd(date: BusinessDate): Ymd {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`not a business date: ${date}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function fromYmd({ year, month, day }: Ymd): BusinessDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Adds calendar months; a day missing in the target month falls to its last day. */
export function addMonths(date: BusinessDate, months: number): BusinessDate {
  const { year, month, day } = toYmd(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const mo = (index % 12) + 1;
  return fromYmd({ year: y, month: mo, day: Math.min(day, daysInMonth(y, mo)) });
}

export function addDays(date: BusinessDate, days: number): BusinessDate {
  const { year, month, day } = toYmd(date);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return fromYmd({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: BusinessDate, b: BusinessDate): number {
  const x = toYmd(a);
  const y = toYmd(b);
  return Math.round((Date.UTC(y.year, y.month - 1, y.day) - Date.UTC(x.year, x.month - 1, x.day)) / 86_400_000);
}

export function firstOfMonth(date: BusinessDate): BusinessDate {
  return `${date.slice(0, 7)}-01`;
}

export function lastOfMonth(date: BusinessDate): BusinessDate {
  const { year, month } = toYmd(date);
  return fromYmd({ year, month, day: daysInMonth(year, month) });
}

export function periodOf(date: BusinessDate): Period {
  return date.slice(0, 7);
}

export function firstDayOfPeriod(period: Period): BusinessDate {
  return `${period}-01`;
}

export function addPeriods(period: Period, months: number): Period {
  return periodOf(addMonths(firstDayOfPeriod(period), months));
}

/** Months from a to b (b − a), e.g. 2024-12 → 2025-01 is 1. */
export function monthsBetween(a: Period, b: Period): number {
  const [ay, am] = a.split('-').map(Number);
  const [by, bm] = b.split('-').map(Number);
  return by * 12 + bm - (ay * 12 + am);
}

/** The Asia/Shanghai calendar date of an instant. */
export function businessDateOf(instant: Date): BusinessDate {
  // Shanghai has had no daylight saving since 1991: a fixed +08:00 offset is exact.
  const shifted = new Date(instant.getTime() + 8 * 3_600_000);
  return fromYmd({ year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() });
}
