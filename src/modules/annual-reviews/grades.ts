import { GRADE } from '../../../web/src/shared/labels';

/** SPEC §3.4: 优秀, 合格, 基本合格, 不合格. */
export const GRADES = ['excellent', 'qualified', 'basically_qualified', 'unqualified'] as const;
export type Grade = (typeof GRADES)[number];

/** The console shows the same words. */
export const GRADE_LABELS: Record<Grade, string> = GRADE;
