import {
  retirementAge,
  retirementDelayMonths,
  statutoryRetirementDate,
  type RetirementCategory,
} from '../../src/modules/talents/retirement-date';

/**
 * The rule restated from SPEC §3.5 on purpose rather than imported, so a wrong
 * constant in the implementation shows up here.
 */
const RULES: Record<RetirementCategory, { base: number; step: number; cap: number }> = {
  male: { base: 60, step: 4, cap: 36 },
  female_cadre: { base: 55, step: 4, cap: 36 },
  female_worker: { base: 50, step: 2, cap: 60 },
};
const CATEGORIES = Object.keys(RULES) as RetirementCategory[];

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function lastDay(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/**
 * Delay by original retirement month, built by walking the calendar the way the
 * 对照表 reads: from 2025-01 the delay goes up by one month, holds for `step`
 * months, goes up again, and stops at `cap`. Months before 2025 are absent (no delay).
 */
function delayByOriginalMonth(step: number, cap: number): Map<string, number> {
  const table = new Map<string, number>();
  let delay = 0;
  let monthsAtThisDelay = step;
  for (let year = 2025; year <= 2080; year++) {
    for (let month = 1; month <= 12; month++) {
      if (monthsAtThisDelay === step && delay < cap) {
        delay += 1;
        monthsAtThisDelay = 0;
      }
      monthsAtThisDelay += 1;
      table.set(`${year}-${pad(month)}`, delay);
    }
  }
  return table;
}

interface Row {
  birthDate: string;
  years: number;
  months: number;
  retiresOn: string;
}

function expectedRows(category: RetirementCategory): Row[] {
  const { base, step, cap } = RULES[category];
  const delays = delayByOriginalMonth(step, cap);
  // Birth days cycle through month ends so the table exercises clamping too.
  const dayCycle = [31, 15, 30, 29, 1, 28];
  const rows: Row[] = [];
  let i = 0;
  for (let birthYear = 1950; birthYear <= 2009; birthYear++) {
    for (let birthMonth = 1; birthMonth <= 12; birthMonth++, i++) {
      const birthDay = Math.min(dayCycle[i % dayCycle.length], lastDay(birthYear, birthMonth));
      const delay = delays.get(`${birthYear + base}-${pad(birthMonth)}`) ?? 0;
      let year = birthYear + base;
      let month = birthMonth;
      for (let k = 0; k < delay; k++) {
        month += 1;
        if (month === 13) {
          month = 1;
          year += 1;
        }
      }
      rows.push({
        birthDate: `${birthYear}-${pad(birthMonth)}-${pad(birthDay)}`,
        years: base + Math.floor(delay / 12),
        months: delay % 12,
        retiresOn: `${year}-${pad(month)}-${pad(Math.min(birthDay, lastDay(year, month)))}`,
      });
    }
  }
  return rows;
}

describe.each(CATEGORIES)('every birth month 1950-01..2009-12, %s', (category) => {
  it.each(expectedRows(category))('born $birthDate retires at $years y $months m on $retiresOn', (row) => {
    expect(retirementAge(row.birthDate.slice(0, 7), category)).toEqual({ years: row.years, months: row.months });
    expect(statutoryRetirementDate(row.birthDate, category)).toBe(row.retiresOn);
  });
});

describe('the table builder itself', () => {
  // Guards the independent algorithm against drifting from the spec's own examples.
  it.each([
    ['male', '1964-12', 0],
    ['male', '1965-01', 1],
    ['male', '1966-05', 5],
    ['male', '1976-08', 35],
    ['male', '1976-09', 36],
    ['female_worker', '1975-01', 1],
    ['female_worker', '1984-10', 59],
    ['female_worker', '1984-11', 60],
    ['female_cadre', '1970-01', 1],
  ] as const)('%s born %s is delayed %i months', (category, birthMonth, delay) => {
    const { base, step, cap } = RULES[category];
    const original = `${Number(birthMonth.slice(0, 4)) + base}${birthMonth.slice(4)}`;
    expect(delayByOriginalMonth(step, cap).get(original) ?? 0).toBe(delay);
  });
});

describe('statutoryRetirementDate, literal rows', () => {
  it.each([
    // SPEC §3.5 checked examples.
    ['male', '1964-12-15', 60, 0, '2024-12-15'],
    ['male', '1965-01-10', 60, 1, '2025-02-10'],
    ['male', '1966-05-20', 60, 5, '2026-10-20'],
    ['female_worker', '1975-01-01', 50, 1, '2025-02-01'],
    ['female_cadre', '1970-01-15', 55, 1, '2025-02-15'],
    ['male', '1976-09-01', 63, 0, '2039-09-01'],
    ['male', '1990-03-15', 63, 0, '2053-03-15'],
    ['male', '2009-12-31', 63, 0, '2072-12-31'],
    ['female_worker', '1984-11-05', 55, 0, '2039-11-05'],
    ['female_worker', '2000-06-30', 55, 0, '2055-06-30'],
    // Boundaries: last undelayed / first delayed, and last below cap / first at cap.
    ['male', '1964-12-31', 60, 0, '2024-12-31'],
    ['male', '1965-01-31', 60, 1, '2025-02-28'],
    ['male', '1976-08-15', 62, 11, '2039-07-15'],
    ['male', '1976-09-15', 63, 0, '2039-09-15'],
    ['female_worker', '1974-12-31', 50, 0, '2024-12-31'],
    ['female_worker', '1984-10-15', 54, 11, '2039-09-15'],
    ['female_worker', '1984-11-15', 55, 0, '2039-11-15'],
    ['female_cadre', '1969-12-15', 55, 0, '2024-12-15'],
    ['female_cadre', '1970-01-15', 55, 1, '2025-02-15'],
    ['female_cadre', '1981-08-15', 57, 11, '2039-07-15'],
    ['female_cadre', '1981-09-15', 58, 0, '2039-09-15'],
    // Long before the reform.
    ['female_cadre', '1966-12-31', 55, 0, '2021-12-31'],
    ['female_worker', '1950-06-30', 50, 0, '2000-06-30'],
    // A day missing in the retirement month falls to its last day.
    ['male', '1965-03-31', 60, 1, '2025-04-30'],
    ['female_worker', '1975-07-31', 50, 4, '2025-11-30'],
    ['male', '1966-05-31', 60, 5, '2026-10-31'],
    ['male', '1964-02-29', 60, 0, '2024-02-29'],
    ['male', '1968-02-29', 60, 10, '2028-12-29'],
    ['male', '1980-02-29', 63, 0, '2043-02-28'],
    ['female_worker', '1988-02-29', 55, 0, '2043-02-28'],
    ['female_cadre', '1972-02-29', 55, 7, '2027-09-29'],
  ] as const)('%s born %s retires at %iy%im on %s', (category, birthDate, years, months, retiresOn) => {
    expect(retirementAge(birthDate.slice(0, 7), category)).toEqual({ years, months });
    expect(statutoryRetirementDate(birthDate, category)).toBe(retiresOn);
  });
});

describe('retirementDelayMonths', () => {
  it('never lets a later-born person retire earlier', () => {
    for (const category of CATEGORIES) {
      let previous = '';
      for (const { birthDate } of expectedRows(category)) {
        const firstOfMonth = `${birthDate.slice(0, 7)}-01`;
        const retiresOn = statutoryRetirementDate(firstOfMonth, category);
        expect(retiresOn >= previous).toBe(true);
        previous = retiresOn;
      }
    }
  });

  it('refuses malformed input', () => {
    expect(() => retirementDelayMonths('1965-13', 'male')).toThrow();
    expect(() => retirementDelayMonths('1965-01-01', 'male')).toThrow();
    expect(() => statutoryRetirementDate('1965-02-30', 'male')).toThrow();
    expect(() => statutoryRetirementDate('1965-01-15', 'female' as unknown as RetirementCategory)).toThrow();
    expect(() => statutoryRetirementDate('1965-01-15', 'toString' as unknown as RetirementCategory)).toThrow();
  });
});
