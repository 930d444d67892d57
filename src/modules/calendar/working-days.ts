import { addDays, BusinessDate, toYmd } from '../../core/clock/business-date';

/**
 * One year of the official calendar of mainland China as the State Council
 * publishes it (国务院办公厅关于…部分节假日安排的通知): the public holidays (放假)
 * and the weekend days worked in exchange (调休上班).
 */
export interface YearCalendar {
  year: number;
  holidays: ReadonlySet<BusinessDate>;
  workdays: ReadonlySet<BusinessDate>;
}

/** A computation needed a year nobody has published a calendar for (yet). */
export class CalendarYearMissing extends Error {
  constructor(readonly year: number) {
    super(`no official calendar for ${year}`);
  }
}

export function isWeekend(date: BusinessDate): boolean {
  const { year, month, day } = toYmd(date);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** A working day: a weekday that is no public holiday, or a weekend day worked (调休). */
export function isWorkingDay(date: BusinessDate, calendar: YearCalendar): boolean {
  if (calendar.workdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  return !isWeekend(date);
}

/**
 * The day on which a period of `count` working days that starts on `start`
 * ends: `start` counts as the first if it is a working day, else the first
 * working day after it does. A period that reaches into a year with no
 * calendar throws CalendarYearMissing naming that year.
 */
export function lastOfWorkingDays(start: BusinessDate, count: number, calendarOf: (year: number) => YearCalendar | undefined): BusinessDate {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive whole number, got ${count}`);
  let day = start;
  let counted = 0;
  // 60 days of holiday in a row never happens; the bound keeps a bad calendar (every day a holiday) from looping forever.
  for (let guard = 0; guard < count + 60 * Math.ceil(count / 5 + 1); guard++) {
    const year = toYmd(day).year;
    const calendar = calendarOf(year);
    if (!calendar) throw new CalendarYearMissing(year);
    if (isWorkingDay(day, calendar)) {
      counted++;
      if (counted === count) return day;
    }
    day = addDays(day, 1);
  }
  throw new RangeError(`no ${count} working days found from ${start}`);
}
