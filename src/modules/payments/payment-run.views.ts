export const LINE_KINDS = ['regular', 'arrears', 'clawback', 'grant'] as const;
export const REPORT_KINDS = ['held', 'superseded'] as const;
export const LIST_KINDS = [...LINE_KINDS, ...REPORT_KINDS] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export interface RunSummary {
  period: string;
  status: 'open' | 'closed';
  runs: number;
  /** SPEC §3.2: the number of the period's latest run (1 for the first); rosters carry it. */
  runNumber: number;
  /** SPEC §3.2: a re-run would now change the lines of `staleDesignations` designations; closing is 409 until it is run again. */
  stale: boolean;
  staleDesignations: number;
  lastRunAt: string | null;
  closedAt: string | null;
  /** Fen. allowanceFen: regular + arrears; grantFen: grant instalments; clawbackFen: the (negative) sum of clawbacks. */
  totals: { allowanceFen: number; grantFen: number; clawbackFen: number; netFen: number };
  counts: { regular: number; arrears: number; clawback: number; held: number; superseded: number; grant: number };
}

export interface LineView {
  id: string;
  designationId: string | null;
  workshopId: string | null;
  payee: string;
  forPeriod: string;
  kind: ListKind;
  amountFen: number;
  monthIndex: number;
  note: string;
}
