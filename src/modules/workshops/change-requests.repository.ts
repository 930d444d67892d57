import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { CHANGE_ACTIONS, CHANGE_REASONS, CHANGE_STATUSES } from './dto/change-request.dto';

export type ChangeReason = (typeof CHANGE_REASONS)[number];
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

export interface ChangeRequestRow {
  id: string;
  workshop_id: string;
  workshop_name: string;
  workshop_status: string;
  employer_id: string;
  employer_name: string;
  member_count: number | null;
  address: string | null;
  /** The workshop's lead now (the one a final approval replaces). */
  lead_talent_id: string;
  /** The lead when the request was filed, as the form records it: later lead changes do not rewrite it. */
  lead_name: string;
  union_id: string;
  union_name: string;
  union_parent_id: string | null;
  district_union_name: string | null;
  reason: ChangeReason;
  reason_detail: string | null;
  action: ChangeAction;
  new_lead_talent_id: string | null;
  new_lead_name: string | null;
  status: ChangeStatus;
  union_decision: string | null;
  union_comment: string | null;
  union_decided_at: Date | null;
  city_decision: string | null;
  city_comment: string | null;
  city_decided_at: Date | null;
  /** The deciding city office user's organisation, else the one office of that kind: named on the form. */
  city_office_name: string | null;
  contact_name: string | null;
  /** Sealed (PiiCipher); only the form for roles that may read it opens it. */
  contact_phone_enc: string | null;
  contact_phone_masked: string | null;
  created_at: Date;
}

const SELECT = `
  SELECT c.id, c.workshop_id, w.name AS workshop_name, w.status AS workshop_status, w.employer_id, e.name AS employer_name, w.member_count, w.address, w.lead_talent_id,
         ft.name AS lead_name,
         c.union_id, u.name AS union_name, u.parent_id AS union_parent_id, du.name AS district_union_name,
         c.reason, c.reason_detail, c.action, c.new_lead_talent_id, nt.name AS new_lead_name, c.status,
         c.union_decision, c.union_comment, c.union_decided_at, c.city_decision, c.city_comment, c.city_decided_at,
         COALESCE(co.name, (SELECT name FROM organizations WHERE kind = 'city_office' ORDER BY created_at LIMIT 1)) AS city_office_name,
         c.contact_name, c.contact_phone_enc, c.contact_phone_masked, c.created_at
    FROM change_requests c JOIN workshops w ON w.id = c.workshop_id JOIN organizations e ON e.id = w.employer_id
    JOIN talents ft ON ft.id = c.filed_lead_talent_id JOIN organizations u ON u.id = c.union_id
    LEFT JOIN organizations du ON du.id = u.parent_id LEFT JOIN talents nt ON nt.id = c.new_lead_talent_id
    LEFT JOIN users cu ON cu.id = c.city_decided_by LEFT JOIN organizations co ON co.id = cu.organization_id`;

@Injectable()
export class ChangeRequestsRepository {
  /** Undefined when the workshop already has an open request (the partial unique index). */
  async insert(
    manager: EntityManager,
    r: {
      workshopId: string;
      reason: ChangeReason;
      reasonDetail: string | null;
      action: ChangeAction;
      newLeadTalentId: string | null;
      filedBy: string;
      unionId: string;
      leadTalentId: string;
      at: Date;
      contactName: string | null;
      contactPhone: { enc: string; masked: string } | null;
    },
  ): Promise<string | undefined> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO change_requests (workshop_id, reason, reason_detail, action, new_lead_talent_id, filed_by, union_id, created_at, filed_lead_talent_id, contact_name, contact_phone_enc, contact_phone_masked)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
       ON CONFLICT (workshop_id) WHERE status IN ('submitted','union_reviewed') DO NOTHING RETURNING id`,
      [r.workshopId, r.reason, r.reasonDetail, r.action, r.newLeadTalentId, r.filedBy, r.unionId, r.at, r.leadTalentId, r.contactName, r.contactPhone?.enc ?? null, r.contactPhone?.masked ?? null],
    );
    return rows[0]?.id;
  }

  async findById(manager: EntityManager, id: string, lock = false): Promise<ChangeRequestRow | undefined> {
    const [row] = await manager.query(`${SELECT} WHERE c.id = $1 ${lock ? 'FOR UPDATE OF c' : ''}`, [id]);
    return row;
  }

  async decide(manager: EntityManager, id: string, stage: 'union' | 'city', d: { decision: string; comment: string | null; by: string; at: Date; status: ChangeStatus }): Promise<void> {
    await manager.query(
      `UPDATE change_requests SET status = $2, ${stage}_decision = $3, ${stage}_comment = $4, ${stage}_decided_by = $5, ${stage}_decided_at = $6 WHERE id = $1`,
      [id, d.status, d.decision, d.comment, d.by, d.at],
    );
  }

  async list(
    manager: EntityManager,
    f: { unionId?: string; districtUnionId?: string; status?: string; workshopId?: string; after?: [string, string]; limit: number },
  ): Promise<ChangeRequestRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (f.unionId) where.push(`c.union_id = ${param(f.unionId)}::uuid`);
    if (f.districtUnionId) where.push(`u.parent_id = ${param(f.districtUnionId)}::uuid`);
    if (f.status) where.push(`c.status = ${param(f.status)}`);
    if (f.workshopId) where.push(`c.workshop_id = ${param(f.workshopId)}::uuid`);
    if (f.after) where.push(`(c.created_at, c.id) > (${param(f.after[0])}::timestamptz, ${param(f.after[1])}::uuid)`);
    return manager.query(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.created_at, c.id LIMIT ${param(f.limit)}`, params);
  }

  /** Requests per status within a union's scope (or all): the console's tab counts. */
  async countByStatus(manager: EntityManager, f: { unionId?: string; districtUnionId?: string }): Promise<Array<{ status: ChangeStatus; n: number }>> {
    if (f.unionId) return manager.query(`SELECT status, count(*)::int AS n FROM change_requests WHERE union_id = $1::uuid GROUP BY status`, [f.unionId]);
    if (f.districtUnionId) {
      return manager.query(
        `SELECT c.status, count(*)::int AS n FROM change_requests c JOIN organizations u ON u.id = c.union_id WHERE u.parent_id = $1::uuid GROUP BY c.status`,
        [f.districtUnionId],
      );
    }
    return manager.query(`SELECT status, count(*)::int AS n FROM change_requests GROUP BY status`);
  }

  /** change_lead: the old lead's period ends today, the new one's starts today. */
  async changeLead(manager: EntityManager, workshopId: string, newLeadId: string, requestId: string, today: string): Promise<void> {
    await manager.query(`UPDATE workshop_leads SET to_date = $2 WHERE workshop_id = $1 AND to_date IS NULL`, [workshopId, today]);
    await manager.query(`INSERT INTO workshop_leads (workshop_id, talent_id, from_date, change_request_id) VALUES ($1, $2, $3, $4)`, [workshopId, newLeadId, today, requestId]);
    await manager.query(`UPDATE workshops SET lead_talent_id = $2, status = 'active' WHERE id = $1`, [workshopId, newLeadId]);
  }

  async setWorkshopStatus(manager: EntityManager, workshopId: string, status: 'exited' | 'revoked'): Promise<void> {
    await manager.query(`UPDATE workshops SET status = $2 WHERE id = $1`, [workshopId, status]);
  }
}
