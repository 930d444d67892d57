import type { Grade } from '../annual-reviews/grades';
import { GRADE_LABELS } from '../annual-reviews/grades';

export interface ScoreBands {
  excellent: number;
  qualified: number;
  basicallyQualified: number;
}

/** SPEC §3.4 (settings): 优秀 [excellent, 100], 合格 [qualified, excellent), 基本合格 [basicallyQualified, qualified), 不合格 [0, basicallyQualified). */
export function bandOf(grade: Grade, b: ScoreBands): { min: number; below: number | null } {
  switch (grade) {
    case 'excellent':
      return { min: b.excellent, below: null };
    case 'qualified':
      return { min: b.qualified, below: b.excellent };
    case 'basically_qualified':
      return { min: b.basicallyQualified, below: b.qualified };
    case 'unqualified':
      return { min: 0, below: b.basicallyQualified };
  }
}

/** Why the score does not lie in the grade's band, or undefined when it does (a score is optional). */
export function scoreOutsideBand(grade: Grade, score: number | undefined | null, b: ScoreBands): string | undefined {
  if (score === undefined || score === null) return undefined;
  const band = bandOf(grade, b);
  if (score >= band.min && (band.below === null || score < band.below)) return undefined;
  const range = band.below === null ? `${band.min} to 100` : band.min === 0 ? `under ${band.below}` : `${band.min} to under ${band.below}`;
  return `score must lie in the band of grade ${grade} (${GRADE_LABELS[grade]}: ${range}), got ${score}`;
}
