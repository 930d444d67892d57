import { addMonths, BusinessDate } from '../../core/clock/business-date';
import type { EmployerSector } from '../organizations/entities/organization.entity';
import type { ApplicationWarning, SkillLevel } from './entities/selection-application.entity';
import { SKILL_LEVEL } from '../../../web/src/shared/labels';

/** 003 三: 一般应距法定退休年龄 3 年以上 — a warning, not a refusal ("一般"). */
export const YEARS_BEFORE_RETIREMENT = 3;
/** 003 三: 一般应具有技师及以上职业资格 — levels below it warn. */
const BELOW_TECHNICIAN: readonly SkillLevel[] = ['senior_worker', 'other'];

/** The console shows the same words (one module for both). */
export { CHANNEL as CHANNEL_LABELS, INDUSTRY as INDUSTRY_LABELS, SKILL_LEVEL as SKILL_LEVEL_LABELS, APPLICATION_STAGE as STAGE_LABELS } from '../../../web/src/shared/labels';

/** The warnings an application carries (SPEC §3.8 step 1), worked out on the filing day. */
export function warningsFor(a: { skillLevel: SkillLevel; statutoryRetirementDate: BusinessDate; filedOn: BusinessDate }): ApplicationWarning[] {
  const warnings: ApplicationWarning[] = [];
  if (addMonths(a.filedOn, YEARS_BEFORE_RETIREMENT * 12) > a.statutoryRetirementDate) {
    warnings.push({ code: 'NEAR_RETIREMENT', message: `距法定退休年龄不足${YEARS_BEFORE_RETIREMENT}年（申报之日）` });
  }
  if (BELOW_TECHNICIAN.includes(a.skillLevel)) {
    warnings.push({ code: 'SKILL_BELOW_TECHNICIAN', message: `技能等级${SKILL_LEVEL[a.skillLevel]}，低于技师` });
  }
  return warnings;
}

/** 003 四: enterprises by their street, public institutions by their industry authority (their street when they have none). */
export function recommenderOf(employer: { sector: EmployerSector | null; streetId: string | null; industryAuthorityId: string | null }): string | null {
  if (employer.sector === 'public_institution' && employer.industryAuthorityId) return employer.industryAuthorityId;
  return employer.streetId;
}
