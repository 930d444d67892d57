import { ADJUSTMENT_REASON } from '../../../web/src/shared/labels';

export const ADJUSTMENT_REASONS = [
  'violation',
  'annual_review_failed',
  'assessment_failed',
  'position_changed',
  'moved_out_of_district',
  'retired',
  'deceased',
  'other',
] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export const ADJUSTMENT_SOURCES = ['manual', 'assessment', 'annual_review', 'lifecycle', 'social_insurance'] as const;
export type AdjustmentSource = (typeof ADJUSTMENT_SOURCES)[number];

export const ADJUSTMENT_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type AdjustmentStatus = (typeof ADJUSTMENT_STATUSES)[number];

/** 动态调整 reasons as the district office writes them (policy 003, 六); the console shows the same words. */
export const REASON_LABELS: Record<AdjustmentReason, string> = ADJUSTMENT_REASON;
