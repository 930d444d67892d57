import { ConflictError } from '../../core/errors/domain-error';

/** SPEC §3.3: one chief technician workshop per designation; a second would earn a second grant. */
export class SecondChiefTechnicianWorkshopError extends ConflictError {
  constructor(designationId: string, existing: { id: string; name: string } | undefined) {
    super(
      'CHIEF_TECHNICIAN_WORKSHOP_EXISTS',
      `leadTalentId: designation ${designationId} already has a chief technician workshop${existing ? ` (${existing.id}, ${existing.name})` : ''}; one per designation`,
    );
  }
}
