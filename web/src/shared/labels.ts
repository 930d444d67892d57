/**
 * Chinese words for the API's codes, in one place for the service and the console.
 *
 * The console compiles this file with the rest of web/src (served as
 * /console/app/shared/labels.js); the service imports it from its source
 * (tsconfig.build.json emits it under dist/web/src/shared/). It imports
 * nothing, so both builds can take it as it is. Where the two sides had
 * drifted, the policy's wording is kept: a workshop change request's reasons
 * are those of 004 附件3 (领衔工匠已故、离职、退休); an adjustment's deceased stays 身故
 * (both sides had it, and 004 (六) writes 身故; 003 names no wording).
 */
export const ROLE: Record<string, string> = {
  admin: '区协调小组办公室',
  finance: '人社财务',
  assessor: '考核组织单位',
  union: '工会',
  city_office: '市工匠创新工作室创建命名办公室',
  employer: '用人单位',
  expert: '评审专家',
};
export const CHANNEL: Record<string, string> = { employer: '单位推荐', expert_or_association: '专家或社会团体举荐', self: '个人自荐' };
export const SKILL_LEVEL = { senior_technician: '高级技师', technician: '技师', senior_worker: '高级工', other: '其他', equivalent: '相当水平' } as const;
export const INDUSTRY: Record<string, string> = {
  ai: '人工智能',
  integrated_circuits: '集成电路',
  biomedicine: '生物医药',
  smart_security: '智能安防',
  new_energy: '新能源',
  new_materials: '新材料',
  modern_services: '现代服务业',
  other: '其他',
};
export const APPLICATION_STAGE: Record<string, string> = {
  submitted: '待推荐意见',
  recommended: '已推荐',
  declined: '不推荐',
  eligible: '资格审查通过',
  ineligible: '资格审查未通过',
  scoring: '专业评审中',
  shortlisted: '入围',
  publicised: '公示中',
  named: '已命名',
  removed: '公示异议成立，已移出',
};
export const ROUND_STATUS: Record<string, string> = { open: '申报中', reviewing: '审查中', scoring_closed: '评分结束', shortlisted: '已入围', publicity: '公示中', named: '已命名' };
export const DESIGNATION_STATUS = { active: '在期', suspended: '中止', completed: '届满' } as const;
export const LINE_KIND: Record<string, string> = { regular: '正常', arrears: '补发', clawback: '追回', grant: '资助', opening: '期初已发', held: '暂缓', superseded: '就高不发' };
export const PERIOD_STATUS: Record<string, string> = { open: '未关账', closed: '已关账' };
export const ASSESSMENT_KIND = { mid_term: '届中考核', end_term: '届满考核' } as const;
export const TASK_STATUS: Record<string, string> = { open: '待考核', overdue: '已逾期', done: '已完成', cancelled: '已取消' };
export const GRADE = { excellent: '优秀', qualified: '合格', basically_qualified: '基本合格', unqualified: '不合格' } as const;
export const ADJUSTMENT_REASON = {
  violation: '违法违纪',
  annual_review_failed: '日常考查不合格',
  assessment_failed: '考核不合格',
  position_changed: '岗位变动',
  moved_out_of_district: '流动到外区',
  retired: '退休',
  deceased: '身故',
  other: '其他',
} as const;
export const ADJUSTMENT_STATUS: Record<string, string> = { pending: '待决定', approved: '已批准', rejected: '已驳回' };
export const WORKSHOP_KIND = { chief_technician: '首席技师工作室', craftsman_innovation: '上海市工匠创新工作室' } as const;
export const WORKSHOP_STATUS = { active: '正常', attention_required: '需关注', exited: '退出管理序列', revoked: '摘牌' } as const;
export const CHANGE_REASON = { deceased: '领衔工匠已故', resigned: '领衔工匠离职', retired: '领衔工匠退休', other: '其他' } as const;
export const CHANGE_ACTION: Record<string, string> = { change_lead: '变更领衔人', exit_keep_title: '退出管理序列（保留称号）', exit_revoke: '摘牌' };
export const CHANGE_STATUS: Record<string, string> = { submitted: '已提交，待区（产业）工会审核', union_reviewed: '工会已审核，待市办公室决定', approved: '已批准', rejected: '已驳回' };
export const JOB: Record<string, string> = { payments: '月度津贴发放', assessments: '考核任务', lifecycle: '届满、退休与工作室状态', notifications: '邮件发送' };
