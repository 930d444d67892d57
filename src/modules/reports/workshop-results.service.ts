import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import type { Principal } from '../../core/context/request-context';
import { ForbiddenError, NotFoundError } from '../../core/errors/domain-error';
import type { RecordAnnualResultsDto } from './dto/report-query.dto';
import { canSee } from '../workshops/workshops.service';
import { WorkshopResultsRepository, WorkshopScopeRow } from './workshop-results.repository';
import { AnnualResultsView } from './workshop-results.views';

/**
 * SPEC §3.9, §5: a unit union records its own workshops' yearly results, the
 * district office any workshop's. Who cannot see the workshop gets 404 (as for
 * the workshop itself); a district union or the city office, who may see it but
 * do not file for it, get 403.
 */
@Injectable()
export class WorkshopResultsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: WorkshopResultsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async record(workshopId: string, dto: RecordAnnualResultsDto, principal: Principal): Promise<AnnualResultsView> {
    return this.db.transaction(async (manager) => {
      const w = await this.visible(manager, workshopId, principal);
      if (principal.role === 'union' && w.union_id !== principal.organizationId) {
        throw new ForbiddenError('only the workshop’s unit union (or the district office) records its results');
      }
      const before = await this.repo.find(manager, workshopId, dto.year, true);
      const after = await this.repo.upsert(
        manager,
        { workshopId, year: dto.year, results: dto.results, patents: { invention: dto.patents.invention, utilityModel: dto.patents.utilityModel, design: dto.patents.design }, activities: dto.activities },
        principal.userId,
        this.clock.now(),
      );
      await this.audit.record(manager, { action: before ? 'workshop.annual_results_corrected' : 'workshop.annual_results_recorded', entityType: 'workshop', entityId: workshopId, before, after });
      return after;
    });
  }

  async list(workshopId: string, principal: Principal): Promise<{ items: AnnualResultsView[]; nextCursor: null }> {
    await this.visible(this.db.manager, workshopId, principal);
    return { items: await this.repo.list(this.db.manager, workshopId), nextCursor: null };
  }

  private async visible(manager: DataSource['manager'], workshopId: string, principal: Principal): Promise<WorkshopScopeRow> {
    const w = await this.repo.workshop(manager, workshopId);
    if (!w || !canSee(principal, w)) throw new NotFoundError('workshop', workshopId);
    return w;
  }
}
