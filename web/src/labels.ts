/** Chinese words for the API's codes, in one place. */
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
export const SKILL_LEVEL: Record<string, string> = { senior_technician: '高级技师', technician: '技师', senior_worker: '高级工', other: '其他', equivalent: '相当水平' };
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
};
export const ROUND_STATUS: Record<string, string> = { open: '申报中', reviewing: '审查中', scoring_closed: '评分结束', shortlisted: '已入围', publicity: '公示中', named: '已命名' };
export const DESIGNATION_STATUS: Record<string, string> = { active: '在期', suspended: '中止', completed: '届满' };
export const LINE_KIND: Record<string, string> = { regular: '正常', arrears: '补发', clawback: '追回', grant: '资助', opening: '期初已发', held: '暂缓', superseded: '就高不发' };
export const PERIOD_STATUS: Record<string, string> = { open: '未关账', closed: '已关账' };
export const ASSESSMENT_KIND: Record<string, string> = { mid_term: '届中考核', end_term: '届满考核' };
export const TASK_STATUS: Record<string, string> = { open: '待考核', overdue: '已逾期', done: '已完成', cancelled: '已取消' };
export const GRADE: Record<string, string> = { excellent: '优秀', qualified: '合格', basically_qualified: '基本合格', unqualified: '不合格' };
export const ADJUSTMENT_REASON: Record<string, string> = {
  violation: '违法违纪',
  annual_review_failed: '日常考查不合格',
  assessment_failed: '考核不合格',
  position_changed: '岗位变动',
  moved_out_of_district: '流动到外区',
  retired: '退休',
  deceased: '身故',
  other: '其他',
};
export const ADJUSTMENT_STATUS: Record<string, string> = { pending: '待决定', approved: '已批准', rejected: '已驳回' };
export const WORKSHOP_KIND: Record<string, string> = { chief_technician: '首席技师工作室', craftsman_innovation: '上海市工匠创新工作室' };
export const WORKSHOP_STATUS: Record<string, string> = { active: '正常', attention_required: '需关注', exited: '退出管理序列', revoked: '摘牌' };
export const CHANGE_REASON: Record<string, string> = { deceased: '去世', resigned: '离职', retired: '退休', other: '其他' };
export const CHANGE_ACTION: Record<string, string> = { change_lead: '变更领衔人', exit_keep_title: '退出管理序列（保留称号）', exit_revoke: '摘牌' };
export const CHANGE_STATUS: Record<string, string> = { submitted: '已提交，待区（产业）工会审核', union_reviewed: '工会已审核，待市办公室决定', approved: '已批准', rejected: '已驳回' };
export const JOB: Record<string, string> = { payments: '月度津贴发放', assessments: '考核任务', lifecycle: '届满、退休与工作室状态', notifications: '邮件发送' };

export const label = (words: Record<string, string>, code: string | null | undefined) => (code ? (words[code] ?? code) : '—');

export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100).toLocaleString('zh-CN')}.${String(abs % 100).padStart(2, '0')}`;
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

/** Today in Asia/Shanghai as YYYY-MM-DD (business dates are Shanghai dates). */
export function shanghaiToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
