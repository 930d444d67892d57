import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { WorkshopKind, WorkshopLevel } from './dto/create-workshop.dto';
import type { WORKSHOP_STATUSES } from './dto/workshop-query.dto';
import type { WorkshopView } from './workshop.views';

export type WorkshopStatus = (typeof WORKSHOP_STATUSES)[number];

/** What registering a workshop writes: the view's own fields, before the database gives it an id. */
export type NewWorkshop = Pick<
  WorkshopView,
  'kind' | 'name' | 'employerId' | 'leadTalentId' | 'level' | 'namedOn' | 'unionId' | 'designationId' | 'grantTotalFen' | 'memberCount' | 'address'
>;

export interface WorkshopRow {
  id: string;
  kind: WorkshopKind;
  name: string;
  employer_id: string;
  employer_name: string;
  lead_talent_id: string;
  lead_name: string;
  level: WorkshopLevel | null;
  named_on: string;
  union_id: string | null;
  union_parent_id: string | null;
  designation_id: string | null;
  grant_total_fen: string | null;
  member_count: number | null;
  address: string | null;
  status: WorkshopStatus;
  created_at: Date;
}

export interface LeadRow {
  talent_id: string;
  talent_name: string;
  from_date: string;
  to_date: string | null;
  change_request_id: string | null;
}

export interface LeadCandidateRow {
  talent_id: string;
  name: string;
  id_number_masked: string;
}

const SELECT = `
  SELECT w.id, w.kind, w.name, w.employer_id, e.name AS employer_name, w.lead_talent_id, t.name AS lead_name, w.level, w.named_on::text,
         w.union_id, u.parent_id AS union_parent_id, w.designation_id, w.grant_total_fen::text, w.member_count, w.address, w.status, w.created_at
    FROM workshops w JOIN organizations e ON e.id = w.employer_id JOIN talents t ON t.id = w.lead_talent_id
    LEFT JOIN organizations u ON u.id = w.union_id`;

@Injectable()
export class WorkshopsRepository {
  async insert(manager: EntityManager, w: NewWorkshop): Promise<string> {
    const [{ id }] = await manager.query(
      `INSERT INTO workshops (kind, name, employer_id, lead_talent_id, level, named_on, union_id, designation_id, grant_total_fen, member_count, address)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id`,
      [w.kind, w.name, w.employerId, w.leadTalentId, w.level, w.namedOn, w.unionId, w.designationId, w.grantTotalFen, w.memberCount, w.address],
    );
    await manager.query(`INSERT INTO workshop_leads (workshop_id, talent_id, from_date) VALUES ($1, $2, $3)`, [id, w.leadTalentId, w.namedOn]);
    return id;
  }

  /** 人数 and 工作室地址 as the filing union states them on the form (SPEC §3.6: kept on the workshop). */
  async setSizeAndAddress(manager: EntityManager, id: string, c: { memberCount?: number; address?: string }): Promise<void> {
    await manager.query(`UPDATE workshops SET member_count = COALESCE($2, member_count), address = COALESCE($3, address) WHERE id = $1`, [id, c.memberCount ?? null, c.address ?? null]);
  }

  /** The chief technician workshop already registered for a designation, if any. */
  async chiefTechnicianOf(manager: EntityManager, designationId: string): Promise<{ id: string; name: string } | undefined> {
    const [row] = await manager.query(`SELECT id, name FROM workshops WHERE designation_id = $1 AND kind = 'chief_technician' ORDER BY created_at LIMIT 1`, [designationId]);
    return row;
  }

  async findById(manager: EntityManager, id: string, lock = false): Promise<WorkshopRow | undefined> {
    const [row] = await manager.query(`${SELECT} WHERE w.id = $1 ${lock ? 'FOR UPDATE OF w' : ''}`, [id]);
    return row;
  }

  /** A union sees its own workshops (unit) or those of the unions under it (district): `unionId` is that union. */
  async list(
    manager: EntityManager,
    f: { kind?: WorkshopKind; status?: WorkshopStatus; unionId?: string; employerId?: string; after?: [string, string]; limit: number },
  ): Promise<WorkshopRow[]> {
    return manager.query(
      `${SELECT}
        WHERE ($1::text IS NULL OR w.kind = $1) AND ($2::text IS NULL OR w.status = $2)
          AND ($3::uuid IS NULL OR w.union_id = $3 OR u.parent_id = $3)
          AND ($4::timestamptz IS NULL OR (w.created_at, w.id) > ($4::timestamptz, $5::uuid))
          AND ($7::uuid IS NULL OR w.employer_id = $7)
        ORDER BY w.created_at, w.id LIMIT $6`,
      [f.kind ?? null, f.status ?? null, f.unionId ?? null, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit, f.employerId ?? null],
    );
  }

  /** People of the workshop's employer who hold the honour a lead needs, the current lead aside. */
  async leadCandidates(manager: EntityManager, workshop: Pick<WorkshopRow, 'employer_id' | 'lead_talent_id'>, honour: string): Promise<LeadCandidateRow[]> {
    return manager.query(
      `SELECT t.id AS talent_id, t.name, t.id_number_masked
         FROM talents t
        WHERE t.employer_id = $1 AND t.id <> $2
          AND EXISTS (SELECT 1 FROM honours h WHERE h.talent_id = t.id AND h.title = $3 AND h.revoked_at IS NULL)
        ORDER BY t.name, t.id
        LIMIT 200`,
      [workshop.employer_id, workshop.lead_talent_id, honour],
    );
  }

  async leadHistory(manager: EntityManager, workshopId: string): Promise<LeadRow[]> {
    return manager.query(
      `SELECT l.talent_id, t.name AS talent_name, l.from_date::text, l.to_date::text, l.change_request_id
         FROM workshop_leads l JOIN talents t ON t.id = l.talent_id WHERE l.workshop_id = $1 ORDER BY l.from_date, l.created_at`,
      [workshopId],
    );
  }
}
