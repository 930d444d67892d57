/**
 * Statutory retirement under 全国人大常委会关于实施渐进式延迟法定退休年龄的决定
 * (2024-09-13, in force 2025-01-01) and its 附件 对照表, as SPEC §3.5 states it:
 * the delay grows by one month every `step` months of original retirement
 * month from 2025-01 on, until `cap` months.
 */
import { addMonths, addPeriods, isBusinessDate, isPeriod, monthsBetween, periodOf, type BusinessDate, type Period } from '../../core/clock/business-date';

export type RetirementCategory = 'male' | 'female_cadre' | 'female_worker';

export const RETIREMENT_CATEGORIES: readonly RetirementCategory[] = ['male', 'female_cadre', 'female_worker'];

export interface RetirementRule {
  /** Retirement age in years before the reform. */
  baseYears: number;
  /** Months of original retirement month per extra month of delay. */
  stepMonths: number;
  /** Largest delay in months. */
  capMonths: number;
}

export const RETIREMENT_RULES: Readonly<Record<RetirementCategory, RetirementRule>> = {
  male: { baseYears: 60, stepMonths: 4, capMonths: 36 },
  female_cadre: { baseYears: 55, stepMonths: 4, capMonths: 36 },
  female_worker: { baseYears: 50, stepMonths: 2, capMonths: 60 },
};

/** The last month in which people retired at the old age. */
const LAST_UNDELAYED_MONTH: Period = '2024-12';

export interface RetirementAge {
  years: number;
  months: number;
}

/** Months added to the base age for someone born in `birthMonth` ('YYYY-MM'). */
export function retirementDelayMonths(birthMonth: Period, category: RetirementCategory): number {
  if (!isPeriod(birthMonth)) throw new Error(`birthMonth must be YYYY-MM: ${birthMonth}`);
  const { baseYears, stepMonths, capMonths } = ruleFor(category);
  const originalMonth = addPeriods(birthMonth, baseYears * 12);
  const n = monthsBetween(LAST_UNDELAYED_MONTH, originalMonth);
  return n <= 0 ? 0 : Math.min(Math.ceil(n / stepMonths), capMonths);
}

export function retirementAge(birthMonth: Period, category: RetirementCategory): RetirementAge {
  const totalMonths = ruleFor(category).baseYears * 12 + retirementDelayMonths(birthMonth, category);
  return { years: Math.floor(totalMonths / 12), months: totalMonths % 12 };
}

/** The day the person reaches the retirement age; born on the 31st or 29 Feb, it falls to the month's last day when needed. */
export function statutoryRetirementDate(birthDate: BusinessDate, category: RetirementCategory): BusinessDate {
  if (!isBusinessDate(birthDate)) throw new Error(`birthDate must be a real YYYY-MM-DD date: ${birthDate}`);
  const { years, months } = retirementAge(periodOf(birthDate), category);
  return addMonths(birthDate, years * 12 + months);
}

function ruleFor(category: RetirementCategory): RetirementRule {
  // Categories arrive from requests and rows too, where the type is only a promise.
  const rule = Object.hasOwn(RETIREMENT_RULES, category) ? RETIREMENT_RULES[category] : undefined;
  if (!rule) throw new Error(`unknown retirement category: ${String(category)}`);
  return rule;
}
