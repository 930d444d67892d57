import { yuanPlain } from './money';

/**
 * The Chinese wording of the payment ledger and its rosters, in one place: the
 * notes a payment run writes on its lines and reports, and the labels the
 * roster gives kinds and workshop levels. The run's SQL takes the note
 * templates as parameters and fills in their {placeholders}; it holds no
 * wording and formats no amount itself.
 */

/** 类型 of a roster line. */
export const LINE_KIND_LABELS: Readonly<Record<string, string>> = { regular: '正常', arrears: '补发', clawback: '追回', grant: '资助' };

/** 级别 of a chief technician workshop (municipal, else district). */
export const WORKSHOP_LEVEL_LABELS = { municipal: '市级', district: '区级' } as const;

export function workshopLevelLabel(level: string): string {
  return level === 'municipal' ? WORKSHOP_LEVEL_LABELS.municipal : WORKSHOP_LEVEL_LABELS.district;
}

/** 期次 of a workshop on the grant roster: '第1期、第3期' ('' for none). */
export function instalmentsLabel(instalments: number[]): string {
  return instalments.map((i) => `第${i}期`).join('、');
}

/**
 * Notes of allowance lines: {period} the month (YYYY-MM), {title} another
 * title of the person, {yuan} its monthly amount (noteYuan). A regular month
 * with no other title has no note.
 */
export const ALLOWANCE_NOTES = {
  arrears: '补发 {period}',
  clawback: '追回 {period}',
  clawbackSuspended: '追回 {period}：已中止',
  clawbackSuperseded: '追回 {period}：就高，另享{title}',
  /** Paid, and the person's lower title is not (003 五（一）就高原则). */
  lowerTitle: '另享{title} ¥{yuan}/月，按就高原则不得重复发放',
} as const;

/** Notes of grant lines: {level} the workshop's level label, {instalment} 1–3. */
export const GRANT_NOTES = {
  grant: '首席技师工作室资助（{level}）第{instalment}期/共3期',
  clawback: '追回工作室资助第{instalment}期：领衔人已中止',
} as const;

/** Notes of the months a run reports and does not pay. */
export const REPORT_NOTES = {
  held: '暂缓：动态调整待审核',
  superseded: '就高：{title} ¥{yuan}/月',
  grantHeld: '暂缓：领衔人动态调整待审核',
} as const;

/** Notes of the opening ledger (SPEC §3.7): what was paid before the service. */
export const OPENING_NOTES = {
  allowance: '期初：服务启用前已发放',
  grant: '期初：服务启用前已拨付第{instalment}期',
} as const;

/** An amount in a note: yuan, two decimals, no separators (5000000 → '50000.00'). */
export function noteYuan(fen: number): string {
  return yuanPlain(fen);
}

/** The {yuan} of each amount, as JSON keyed by fen: what the run's SQL looks a title's amount up in. */
export function noteYuanTable(amountsFen: number[]): string {
  return JSON.stringify(Object.fromEntries(amountsFen.map((fen) => [String(fen), noteYuan(fen)])));
}
