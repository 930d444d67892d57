import type { DesignationRow } from './designations.repository';
import type { DesignationStatus } from './dto/designation-query.dto';

export interface DesignationView {
  id: string;
  talentId: string;
  talentName: string;
  employerId: string;
  cohort: string;
  designatedOn: string;
  status: DesignationStatus;
  termStart: string;
  termEnd: string;
  midTermDue: string;
  endTermDue: string;
  monthlyAllowanceFen: number;
  suspendedFrom: string | null;
  completedOn: string | null;
  /** SPEC §5: the effective day of an approved adjustment that has not yet suspended this active designation, else null. */
  suspendsOn: string | null;
  createdAt: string;
}

export function designationView(r: DesignationRow): DesignationView {
  return {
    id: r.id,
    talentId: r.talent_id,
    talentName: r.talent_name,
    employerId: r.employer_id,
    cohort: r.cohort,
    designatedOn: r.designated_on,
    status: r.status,
    termStart: r.term_start,
    termEnd: r.term_end,
    midTermDue: r.mid_term_due,
    endTermDue: r.end_term_due,
    monthlyAllowanceFen: Number(r.monthly_allowance_fen),
    suspendedFrom: r.suspended_from,
    completedOn: r.completed_on,
    suspendsOn: r.suspends_on,
    createdAt: r.created_at.toISOString(),
  };
}
