import { addMonths, BusinessDate } from '../../core/clock/business-date';
import type { EmployerSector } from '../organizations/entities/organization.entity';
import type { ApplicationWarning, SkillLevel } from './entities/selection-application.entity';

/** 003 三: 一般应距法定退休年龄 3 年以上 — a warning, not a refusal ("一般"). */
export const YEARS_BEFORE_RETIREMENT = 3;
/** 003 三: 一般应具有技师及以上职业资格 — levels below it warn. */
const BELOW_TECHNICIAN: readonly SkillLevel[] = ['senior_worker', 'other'];

export const SKILL_LEVEL_LABELS: Record<SkillLevel, string> = {
  senior_technician: '高级技师',
  technician: '技师',
  senior_worker: '高级工',
  other: '其他',
  equivalent: '相当水平',
};

export const INDUSTRY_LABELS: Record<string, string> = {
  ai: '人工智能',
  integrated_circuits: '集成电路',
  biomedicine: '生物医药',
  smart_security: '智能安防',
  new_energy: '新能源',
  new_materials: '新材料',
  modern_services: '现代服务业',
  other: '其他',
};

export const CHANNEL_LABELS: Record<string, string> = { employer: '单位推荐', expert_or_association: '专家或社会团体举荐', self: '个人自荐' };

export const STAGE_LABELS: Record<string, string> = {
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

/** The warnings an application carries (SPEC §3.8 step 1), worked out on the filing day. */
export function warningsFor(a: { skillLevel: SkillLevel; statutoryRetirementDate: BusinessDate; filedOn: BusinessDate }): ApplicationWarning[] {
  const warnings: ApplicationWarning[] = [];
  if (addMonths(a.filedOn, YEARS_BEFORE_RETIREMENT * 12) > a.statutoryRetirementDate) {
    warnings.push({ code: 'NEAR_RETIREMENT', message: `距法定退休年龄不足${YEARS_BEFORE_RETIREMENT}年（申报之日）` });
  }
  if (BELOW_TECHNICIAN.includes(a.skillLevel)) {
    warnings.push({ code: 'SKILL_BELOW_TECHNICIAN', message: `技能等级${SKILL_LEVEL_LABELS[a.skillLevel]}，低于技师` });
  }
  return warnings;
}

/** 003 四: enterprises by their street, public institutions by their industry authority (their street when they have none). */
export function recommenderOf(employer: { sector: EmployerSector | null; streetId: string | null; industryAuthorityId: string | null }): string | null {
  if (employer.sector === 'public_institution' && employer.industryAuthorityId) return employer.industryAuthorityId;
  return employer.streetId;
}
