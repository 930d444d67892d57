import { mailBody } from '../../core/mail/mail-body';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import { PiiCipher } from '../../core/crypto/pii-cipher';
import type { Principal } from '../../core/context/request-context';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, RuleViolationError } from '../../core/errors/domain-error';
import { decodeCursor, Page, pageSize, toPage } from '../../core/http/pagination';
import { MailOutbox, Recipients } from '../../core/mail/mail-outbox.service';
import { SHANGHAI_CRAFTSMAN } from '../talents/dto/create-honour.dto';
import { TalentsRepository } from '../talents/talents.repository';
import { ChangeRequestRow, ChangeRequestsRepository, ChangeStatus } from './change-requests.repository';
import { ChangeDecisionDto, ChangeRequestQuery, FileChangeRequestDto } from './dto/change-request.dto';
import { maskContactPhone, parseContactPhone } from './contact-phone';
import { WorkshopTimeline } from './workshop-timeline';
import { ChangeRequestCounts, changeRequestView, ChangeRequestView } from './change-request.views';
import { canSee } from './workshops.service';
import { WorkshopsRepository } from './workshops.repository';
import { CHANGE_REASON } from '../../../web/src/shared/labels';

/** Who reads the form's contact phone in full: the roles that act on the request. */
const PHONE_READERS: ReadonlySet<string> = new Set(['union', 'city_office']);

/** 004 附件3's reasons; the console shows the same words. */
export const REASON_LABELS = CHANGE_REASON;
export const ACTION_LABELS = { change_lead: '领衔人变更', exit_keep_title: '退出管理序列（保留工作室称号）', exit_revoke: '退出管理序列（摘牌）' } as const;
const STATUS_LABELS: Record<ChangeStatus, string> = { submitted: '待区局（产业）工会审核', union_reviewed: '待市工匠创新工作室创建命名办公室审定', approved: '已审定通过', rejected: '未通过' };

/**
 * 管理变更申请 (SPEC §3.6): filed by the workshop's unit union, approved by its
 * district union, decided by the city office and applied in that transaction.
 */
@Injectable()
export class ChangeRequestsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly requests: ChangeRequestsRepository,
    private readonly workshops: WorkshopsRepository,
    private readonly talents: TalentsRepository,
    private readonly timeline: WorkshopTimeline,
    private readonly outbox: MailOutbox,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async file(workshopId: string, dto: FileChangeRequestDto, principal: Principal): Promise<ChangeRequestView> {
    if (dto.reason === 'other' && dto.reasonDetail === undefined) throw new InvalidInputError('reasonDetail is required when reason is other');
    if (dto.action === 'change_lead' && dto.newLeadTalentId === undefined) throw new InvalidInputError('newLeadTalentId is required for change_lead');
    if (dto.action !== 'change_lead' && dto.newLeadTalentId !== undefined) throw new InvalidInputError('newLeadTalentId applies only to change_lead');
    const phone = dto.contactPhone === undefined ? undefined : parseContactPhone(dto.contactPhone);
    if (phone && !phone.ok) throw new InvalidInputError(phone.reason);
    return this.db.transaction(async (manager) => {
      const w = await this.workshops.findById(manager, workshopId, true);
      if (!w || !canSee(principal, w)) throw new NotFoundError('workshop', workshopId);
      if (principal.role !== 'union' || w.union_id !== principal.organizationId) throw new ForbiddenError('only the workshop’s unit union files a change request');
      if (w.kind !== 'craftsman_innovation') throw new RuleViolationError('NOT_CRAFTSMAN_WORKSHOP', 'change requests apply to craftsman innovation workshops');
      if (w.status === 'exited' || w.status === 'revoked') throw new ConflictError('WORKSHOP_CLOSED', `the workshop is ${w.status}: it takes no further requests`);
      // Checked before anything is written or echoed: the response names the new lead only once it passed.
      if (dto.newLeadTalentId !== undefined) await this.checkNewLead(manager, dto.newLeadTalentId, w);
      if (dto.memberCount !== undefined || dto.address !== undefined) {
        const size = { memberCount: dto.memberCount, address: dto.address?.trim() };
        await this.workshops.setSizeAndAddress(manager, workshopId, size);
        await this.audit.record(manager, { action: 'workshop.updated', entityType: 'workshop', entityId: workshopId, before: { memberCount: w.member_count, address: w.address }, after: size });
      }
      const id = await this.requests.insert(manager, {
        workshopId,
        reason: dto.reason,
        reasonDetail: dto.reasonDetail?.trim() ?? null,
        action: dto.action,
        newLeadTalentId: dto.newLeadTalentId ?? null,
        filedBy: principal.userId,
        unionId: w.union_id!,
        leadTalentId: w.lead_talent_id,
        at: this.clock.now(), // the filing date on the form, from the one clock like every other stage's
        contactName: dto.contactName?.trim() ?? null,
        contactPhone: phone?.ok ? { enc: this.cipher.encrypt(phone.phone), masked: maskContactPhone(phone.phone) } : null,
      });
      if (id === undefined) throw new ConflictError('CHANGE_REQUEST_OPEN', 'the workshop already has an open change request');
      const request = (await this.requests.findById(manager, id))!;
      await this.step(manager, request, 'change_request.filed', `${request.union_name}提交管理变更申请：${ACTION_LABELS[request.action]}（${REASON_LABELS[request.reason]}）`, null);
      if (request.union_parent_id) await this.mail(manager, request, { organizationId: request.union_parent_id }, '待审核');
      return changeRequestView(request);
    });
  }

  async decide(id: string, dto: ChangeDecisionDto, principal: Principal): Promise<ChangeRequestView> {
    return this.db.transaction(async (manager) => {
      const request = await this.requests.findById(manager, id, true);
      if (!request || !this.mayRead(principal, request)) throw new NotFoundError('change request', id);
      const stage = this.stageOf(principal, request);
      const comment = dto.comment?.trim() ?? null;
      const approve = dto.decision === 'approve';
      if (stage === 'city' && approve) await this.apply(manager, request);
      const status: ChangeStatus = !approve ? 'rejected' : stage === 'union' ? 'union_reviewed' : 'approved';
      await this.requests.decide(manager, id, stage, { decision: dto.decision, comment, by: principal.userId, at: this.clock.now(), status });
      const after = (await this.requests.findById(manager, id))!;
      const who = stage === 'union' ? (request.district_union_name ?? '区局（产业）工会') : '市工匠创新工作室创建命名办公室';
      await this.step(manager, after, `change_request.${stage}_${approve ? 'approved' : 'rejected'}`, `${who}${approve ? '同意' : '不同意'}${comment ? `：${comment}` : ''}`, request);
      if (status === 'union_reviewed') await this.mail(manager, after, { organizationKind: 'city_office' }, '待审定');
      else await this.mail(manager, after, { organizationId: after.union_id }, STATUS_LABELS[status]);
      return changeRequestView(after);
    });
  }

  async list(query: ChangeRequestQuery, principal: Principal): Promise<Page<ChangeRequestView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
    const scope = await this.scope(principal);
    const rows = await this.requests.list(this.db.manager, { ...scope, status: query.status, workshopId: query.workshopId, after, limit: limit + 1 });
    return toPage(rows, limit, (r) => [r.created_at.toISOString(), r.id], changeRequestView);
  }

  /**
   * GET /change-requests/counts: requests per status in the reader's scope, and
   * `waiting`, the status whose requests this reader decides (a district union:
   * submitted; the city office: union_reviewed; others: null), so the console
   * opens on the queue with work.
   */
  async counts(principal: Principal): Promise<ChangeRequestCounts> {
    const scope = await this.scope(principal);
    const byStatus: Record<ChangeStatus, number> = { submitted: 0, union_reviewed: 0, approved: 0, rejected: 0 };
    for (const { status, n } of await this.requests.countByStatus(this.db.manager, scope)) byStatus[status] = n;
    const waiting = principal.role === 'city_office' ? 'union_reviewed' : 'districtUnionId' in scope ? 'submitted' : null;
    return { byStatus, waiting };
  }

  async get(id: string, principal: Principal): Promise<ChangeRequestRow> {
    const request = await this.requests.findById(this.db.manager, id);
    if (!request || !this.mayRead(principal, request)) throw new NotFoundError('change request', id);
    return request;
  }

  /**
   * The printed form: the contact phone in full for the unions and the city
   * office, who call it about the request; masked for anyone else (SPEC §8).
   */
  async form(id: string, principal: Principal): Promise<{ request: ChangeRequestRow; contactPhone: string | null }> {
    const request = await this.get(id, principal);
    const full = PHONE_READERS.has(principal.role) && request.contact_phone_enc !== null;
    return { request, contactPhone: full ? this.cipher.decrypt(request.contact_phone_enc!) : request.contact_phone_masked };
  }

  /** Which stage this actor may decide now; any other actor or order is refused (403/409). */
  private stageOf(principal: Principal, r: ChangeRequestRow): 'union' | 'city' {
    if (r.status === 'approved' || r.status === 'rejected') throw new ConflictError('CHANGE_REQUEST_DECIDED', `the request is already ${r.status}`);
    if (principal.role === 'union') {
      if (r.union_parent_id !== principal.organizationId) throw new ForbiddenError('only the district union above the filing union reviews the request');
      if (r.status !== 'submitted') throw new ConflictError('CHANGE_REQUEST_REVIEWED', 'the district union has already reviewed this request');
      return 'union';
    }
    if (principal.role === 'city_office') {
      if (r.status !== 'union_reviewed') throw new ConflictError('CHANGE_REQUEST_NOT_REVIEWED', 'the district union has not reviewed this request yet');
      return 'city';
    }
    throw new ForbiddenError(`role ${principal.role} does not decide change requests`);
  }

  /** Final approval: applied in the same transaction; the new lead's employer and honour are checked again. */
  private async apply(manager: EntityManager, r: ChangeRequestRow): Promise<void> {
    if (r.action === 'change_lead') {
      await this.checkNewLead(manager, r.new_lead_talent_id!, r);
      await this.requests.changeLead(manager, r.workshop_id, r.new_lead_talent_id!, r.id, this.clock.today());
    } else {
      await this.requests.setWorkshopStatus(manager, r.workshop_id, r.action === 'exit_keep_title' ? 'exited' : 'revoked');
    }
  }

  /**
   * SPEC §3.6: the new lead works for the workshop's employer and holds 上海工匠.
   * An unknown id and a person of another employer get the same answer, so the
   * check tells a union nothing about people outside its employer.
   */
  private async checkNewLead(manager: EntityManager, talentId: string, w: { lead_talent_id: string; employer_id: string }): Promise<void> {
    if (talentId === w.lead_talent_id) throw new RuleViolationError('SAME_LEAD', 'newLeadTalentId is already the lead');
    const talent = await this.talents.findById(manager, talentId, true);
    if (!talent || talent.employer_id !== w.employer_id) {
      throw new RuleViolationError('LEAD_ELSEWHERE', 'newLeadTalentId: the new lead must be a registered person of the workshop’s employer (SPEC §3.6)');
    }
    if (!(await this.talents.holdsHonour(manager, talentId, SHANGHAI_CRAFTSMAN))) {
      throw new RuleViolationError('LEAD_NOT_SHANGHAI_CRAFTSMAN', `newLeadTalentId: the lead of a craftsman innovation workshop must hold the ${SHANGHAI_CRAFTSMAN} honour (SPEC §3.6)`);
    }
  }

  private mayRead(principal: Principal, r: ChangeRequestRow): boolean {
    // Change requests exist only for craftsman workshops (filing refuses the others).
    return canSee(principal, { kind: 'craftsman_innovation', union_id: r.union_id, union_parent_id: r.union_parent_id });
  }

  private async scope(principal: Principal): Promise<{ unionId?: string; districtUnionId?: string }> {
    if (principal.role !== 'union') return {};
    return (await this.unionLevel(principal)) === 'district' ? { districtUnionId: principal.organizationId! } : { unionId: principal.organizationId! };
  }

  private async unionLevel(principal: Principal): Promise<string | null> {
    const [row] = await this.db.query(`SELECT level FROM organizations WHERE id = $1`, [principal.organizationId]);
    return row?.level ?? null;
  }

  private async step(manager: EntityManager, r: ChangeRequestRow, action: string, summary: string, before: ChangeRequestRow | null): Promise<void> {
    await this.timeline.append(manager, r.workshop_id, { kind: action, summary, data: { changeRequestId: r.id, status: r.status } });
    await this.audit.record(manager, { action, entityType: 'change_request', entityId: r.id, before: before ? changeRequestView(before) : undefined, after: changeRequestView(r) });
  }

  private async mail(manager: EntityManager, r: ChangeRequestRow, to: Recipients, state: string): Promise<void> {
    const lines = [
      `上海市工匠创新工作室管理变更申请（${state}）`,
      '',
      `  工作室：${r.workshop_name}（${r.employer_name}）`,
      `  申请事项：${ACTION_LABELS[r.action]}${r.new_lead_name ? `，新领衔人：${r.new_lead_name}` : ''}`,
      `  申请原因：${REASON_LABELS[r.reason]}${r.reason_detail ? `：${r.reason_detail}` : ''}`,
      `  本单位工会：${r.union_name}`,
      r.union_decision ? `  区局（产业）工会审核：${r.union_decision === 'approve' ? '同意' : '不同意'}${r.union_comment ? `，${r.union_comment}` : ''}` : '',
      r.city_decision ? `  市工匠创新工作室创建命名办公室审定：${r.city_decision === 'approve' ? '同意' : '不同意'}${r.city_comment ? `，${r.city_comment}` : ''}` : '',
      '',
      `申请表：${this.config.publicUrl}/api/v1/change-requests/${r.id}/form`,
    ].filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''));
    await this.outbox.enqueue(manager, {
      purpose: `change_request.${r.status}`,
      dedupeKey: `change_request.${r.status}:${r.id}`,
      to,
      subject: `【上海市工匠创新工作室】管理变更申请${state}：${r.workshop_name}`,
      ...mailBody(lines),
    });
  }
}
