import { addMonths, BusinessDate } from '../../core/clock/business-date';

/** SPEC §3.1: a chief technician is designated at working age, neither a minor nor retired. */
export const MINIMUM_AGE_YEARS = 16;

/**
 * SPEC §3.1: designatedOn is believable: not before the programme's earliest
 * designation (setting) and not in the future. The message names the field.
 */
export function designationDayProblem(designatedOn: BusinessDate, bounds: { earliest: BusinessDate; today: BusinessDate }): string | undefined {
  if (designatedOn < bounds.earliest) return `designatedOn must not be before ${bounds.earliest} (EARLIEST_DESIGNATION)`;
  if (designatedOn > bounds.today) return `designatedOn must not be after today (${bounds.today})`;
  return undefined;
}

/**
 * SPEC §3.1: on designatedOn the person is at least 16 and has not yet reached
 * the statutory retirement date. Both dates come from the talents module; the
 * message gives neither back (they disclose the birth date).
 */
export function workingAgeProblem(designatedOn: BusinessDate, person: { birthDate: BusinessDate; statutoryRetirementDate: BusinessDate }): string | undefined {
  if (designatedOn < addMonths(person.birthDate, MINIMUM_AGE_YEARS * 12)) return `designatedOn: the person was not yet ${MINIMUM_AGE_YEARS} on that day`;
  if (designatedOn >= person.statutoryRetirementDate) return 'designatedOn: the person had reached the statutory retirement date by that day';
  return undefined;
}
