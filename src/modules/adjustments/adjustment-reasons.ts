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

/** 动态调整 reasons as the district office writes them (policy 003, 六). */
export const REASON_LABELS: Record<AdjustmentReason, string> = {
  violation: '违法违纪',
  annual_review_failed: '日常考查不合格',
  assessment_failed: '考核不合格',
  position_changed: '岗位变动',
  moved_out_of_district: '流动到外区',
  retired: '退休',
  deceased: '身故',
  other: '其他',
};
