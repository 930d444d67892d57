import type { SheetColumn } from '../../core/sheet/uploaded-sheet';

/**
 * The columns of the opening-ledger import (SPEC §3.7) and of its templates
 * (GET /templates/opening-ledger-allowance, …-grant): either heading is accepted.
 * The import reads them with readUploadedSheet(body, contentType, columns, …).
 */
export const OPENING_ALLOWANCE_COLUMNS = [
  { key: 'idNumber', label: '身份证号', kind: 'idNumber' },
  { key: 'forPeriod', label: '所属月份', kind: 'month' },
  { key: 'amountFen', label: '金额（分）' },
] as const satisfies ReadonlyArray<SheetColumn>;

export const OPENING_GRANT_COLUMNS = [
  { key: 'creditCode', label: '统一社会信用代码' },
  { key: 'workshopName', label: '工作室名称' },
  { key: 'instalment', label: '期次' },
  { key: 'amountFen', label: '金额（分）' },
] as const satisfies ReadonlyArray<SheetColumn>;
