import { readFileSync } from 'node:fs';
import type { BusinessDate } from '../../core/clock/business-date';

/**
 * The calendar data the service ships: the npm package `chinese-days` (MIT),
 * which transcribes the State Council's yearly holiday notices (2004 onwards).
 * Only its JSON is read; the package's code is not used. A year the package
 * lacks, or gets wrong, is entered by the office (PUT /calendar/{year}) and the
 * entered year replaces the package's.
 */
interface PackageData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

export interface PackagedYear {
  holidays: BusinessDate[];
  workdays: BusinessDate[];
}

let byYear: Map<number, PackagedYear> | undefined;

function load(): Map<number, PackagedYear> {
  const file = require.resolve('chinese-days/dist/chinese-days.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as PackageData;
  const years = new Map<number, PackagedYear>();
  const entry = (date: string) => {
    const year = Number(date.slice(0, 4));
    let y = years.get(year);
    if (!y) years.set(year, (y = { holidays: [], workdays: [] }));
    return y;
  };
  for (const date of Object.keys(data.holidays)) entry(date).holidays.push(date);
  for (const date of Object.keys(data.workdays)) entry(date).workdays.push(date);
  for (const y of years.values()) {
    y.holidays.sort();
    y.workdays.sort();
  }
  return years;
}

/** The package's data for one year, or undefined when it has none (a year with no holiday listed is taken as not covered). */
export function packagedYear(year: number): PackagedYear | undefined {
  byYear ??= load();
  const y = byYear.get(year);
  return y && y.holidays.length > 0 ? y : undefined;
}

export function packagedYears(): number[] {
  byYear ??= load();
  return [...byYear.keys()].filter((y) => packagedYear(y) !== undefined).sort((a, b) => a - b);
}
