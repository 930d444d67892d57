import { loadConfig } from '../../src/core/config/config';
import { packagedYear, packagedYears } from '../../src/modules/calendar/packaged-calendar';
import { CalendarYearMissing, isWorkingDay, lastOfWorkingDays, YearCalendar } from '../../src/modules/calendar/working-days';

function shipped(year: number): YearCalendar | undefined {
  const y = packagedYear(year);
  return y && { year, holidays: new Set(y.holidays), workdays: new Set(y.workdays) };
}

describe('the official calendar shipped with the service (chinese-days)', () => {
  it('holds the 2025 National Day arrangement as the State Council published it: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 worked', () => {
    const y2025 = shipped(2025)!;
    for (const day of ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08']) {
      expect([day, isWorkingDay(day, y2025)]).toEqual([day, false]);
    }
    expect(isWorkingDay('2025-09-28', y2025)).toBe(true);
    expect(isWorkingDay('2025-10-11', y2025)).toBe(true);
    expect(isWorkingDay('2025-10-12', y2025)).toBe(false);
    expect(isWorkingDay('2025-09-27', y2025)).toBe(false);
  });

  it('covers 2004 to 2026 and nothing later', () => {
    const years = packagedYears();
    expect(years[0]).toBe(2004);
    expect(years).toContain(2026);
    expect(packagedYear(2027)).toBeUndefined();
  });
});

describe('lastOfWorkingDays', () => {
  it('counts five working days from Monday 2025-09-29 across National Day, the 调休 Saturday 10-11 included', () => {
    // 09-29, 09-30, (10-01..10-08 off), 10-09, 10-10, 10-11 (Saturday worked).
    expect(lastOfWorkingDays('2025-09-29', 5, shipped)).toBe('2025-10-11');
  });

  it('without the 调休 Saturday the period would end on the Monday after', () => {
    const y = shipped(2025)!;
    const noSwap: YearCalendar = { ...y, workdays: new Set([...y.workdays].filter((d) => d !== '2025-10-11')) };
    expect(lastOfWorkingDays('2025-09-29', 5, (year) => (year === 2025 ? noSwap : undefined))).toBe('2025-10-13');
  });

  it('counts the start day when it is a working day, and starts on the next working day otherwise', () => {
    expect(lastOfWorkingDays('2025-06-02', 1, shipped)).toBe('2025-06-03'); // 06-02 is the Dragon Boat holiday
    expect(lastOfWorkingDays('2025-06-03', 1, shipped)).toBe('2025-06-03');
    expect(lastOfWorkingDays('2025-06-07', 5, shipped)).toBe('2025-06-13'); // Saturday start: Mon 09 .. Fri 13
    expect(lastOfWorkingDays('2025-09-28', 1, shipped)).toBe('2025-09-28'); // a worked Sunday counts
  });

  it('crosses into the next year, and names a year with no calendar', () => {
    expect(lastOfWorkingDays('2025-12-29', 5, shipped)).toBe('2026-01-05'); // 12-29..31, 2026-01-01..03 off, Sunday 01-04 worked, Monday 01-05
    expect(() => lastOfWorkingDays('2026-12-28', 5, shipped)).toThrow(CalendarYearMissing);
    try {
      lastOfWorkingDays('2026-12-28', 5, shipped);
    } catch (e) {
      expect((e as CalendarYearMissing).year).toBe(2027);
    }
  });
});

describe('PUBLICITY_WORKING_DAYS', () => {
  it('defaults to the policy’s 5 working days and refuses a value that is not a day count, naming the setting', () => {
    expect(loadConfig({}).review.publicityWorkingDays).toBe(5);
    expect(loadConfig({ PUBLICITY_WORKING_DAYS: '7' }).review.publicityWorkingDays).toBe(7);
    for (const bad of ['0', '-1', 'five', '61']) expect(() => loadConfig({ PUBLICITY_WORKING_DAYS: bad })).toThrow(/PUBLICITY_WORKING_DAYS/);
  });
});
