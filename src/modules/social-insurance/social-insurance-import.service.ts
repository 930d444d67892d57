import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { isBusinessDate } from '../../core/clock/business-date';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import { RequestContext } from '../../core/context/request-context';
import { InvalidInputError } from '../../core/errors/domain-error';
import { RowError, rowError } from '../../core/sheet/row-errors';
import { readUploadedSheet, SheetColumn } from '../../core/sheet/uploaded-sheet';
import { AdjustmentProposals } from '../adjustments/adjustment-proposals.service';
import { maskIdNumber, parseIdNumber } from '../talents/id-number';
import { TalentIdentity } from '../talents/talent-identity';
import { placeOf } from './shanghai-districts';

/** The columns of the import and of its template (GET /templates/social-insurance). */
export const SOCIAL_INSURANCE_COLUMNS = [
  { key: 'idNumber', label: '身份证号', kind: 'idNumber' },
  { key: 'district', label: '社保缴费单位注册地' },
  { key: 'since', label: '起始日期', kind: 'date' },
] as const satisfies ReadonlyArray<SheetColumn>;
export const SOCIAL_INSURANCE_HEADER = SOCIAL_INSURANCE_COLUMNS.map((c) => c.key);

interface Row {
  row: number;
  hash: string;
  masked: string;
  /** The place, as placeOf names it: 上海市松江区 and 松江 are both 松江区. */
  district: string;
  moved: boolean;
  since: string;
}

export interface SocialInsuranceResult {
  matched: number;
  proposed: number;
  /** Rows whose ID number names nobody in the registry: reported, not errors. */
  unmatched: Array<{ row: number; idNumberMasked: string }>;
}

/**
 * 社保缴费单位注册地: a person whose social insurance is now paid outside the
 * programme's district gets a pending moved_out_of_district adjustment from
 * `since` (SPEC §3.5). Importing the same file twice proposes nothing new.
 */
@Injectable()
export class SocialInsuranceImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly identity: TalentIdentity,
    private readonly proposals: AdjustmentProposals,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async import(body: unknown, contentType?: string): Promise<SocialInsuranceResult> {
    const rows = this.check(await readUploadedSheet(body, contentType, SOCIAL_INSURANCE_COLUMNS, { maxRows: 200_000 }));
    return this.db.transaction(async (manager) => {
      const matches = await this.recordDistricts(manager, rows);
      const matchedHashes = new Set(matches.map((m) => m.hash));
      const proposed = await this.proposeMoves(manager, rows.filter((r) => matchedHashes.has(r.hash) && r.moved));
      const result: SocialInsuranceResult = {
        matched: matchedHashes.size,
        proposed,
        unmatched: rows.filter((r) => !matchedHashes.has(r.hash)).map((r) => ({ row: r.row, idNumberMasked: r.masked })),
      };
      await this.audit.record(manager, { action: 'social_insurance.imported', entityType: 'social_insurance', entityId: 'import', after: { rows: rows.length, ...result } });
      return result;
    });
  }

  /**
   * Each matched person's district and date, with one audit row per person whose
   * values changed (before/after), in the same statement: the data-modifying CTE
   * reads the old values from the snapshot the update starts from.
   */
  private async recordDistricts(manager: EntityManager, rows: Row[]): Promise<Array<{ talent_id: string; hash: string }>> {
    return manager.query(
      `WITH file AS (SELECT * FROM unnest($1::text[], $2::text[], $3::date[]) AS u(hash, district, since)),
            old AS (SELECT id, social_insurance_district AS district, social_insurance_since AS since FROM talents WHERE id_number_hash = ANY($1::text[])),
            updated AS (UPDATE talents t SET social_insurance_district = file.district, social_insurance_since = file.since
                          FROM file WHERE t.id_number_hash = file.hash
                        RETURNING t.id, t.id_number_hash AS hash, t.social_insurance_district AS district, t.social_insurance_since AS since),
            audited AS (INSERT INTO audit_events (actor, action, entity_type, entity_id, before, after, request_id)
                        SELECT $4, 'talent.updated', 'talent', updated.id::text,
                               jsonb_build_object('socialInsuranceDistrict', old.district, 'socialInsuranceSince', old.since),
                               jsonb_build_object('socialInsuranceDistrict', updated.district, 'socialInsuranceSince', updated.since, 'via', 'social_insurance.import'),
                               $5
                          FROM updated JOIN old ON old.id = updated.id
                         WHERE (old.district, old.since) IS DISTINCT FROM (updated.district, updated.since))
       SELECT id AS talent_id, hash FROM updated`,
      [rows.map((r) => r.hash), rows.map((r) => r.district), rows.map((r) => r.since), RequestContext.actor(), RequestContext.requestId() ?? null],
    );
  }

  private async proposeMoves(manager: EntityManager, moved: Row[]): Promise<number> {
    if (moved.length === 0) return 0;
    // Active designations of people now insured elsewhere, unless this move was already proposed (any outcome).
    const candidates: Array<{ designation_id: string; since: string; effective_on: string; district: string }> = await manager.query(
      `SELECT d.id AS designation_id, u.since::text AS since, GREATEST(u.since, d.designated_on)::text AS effective_on, u.district
         FROM unnest($1::text[], $2::text[], $3::date[]) AS u(hash, district, since)
         JOIN talents t ON t.id_number_hash = u.hash
         JOIN designations d ON d.talent_id = t.id AND d.status = 'active' AND u.since <= d.term_end
        WHERE NOT EXISTS (SELECT 1 FROM adjustments a
                           WHERE a.designation_id = d.id AND a.reason = 'moved_out_of_district' AND a.effective_on = GREATEST(u.since, d.designated_on))
        ORDER BY d.id`,
      [moved.map((r) => r.hash), moved.map((r) => r.district), moved.map((r) => r.since)],
    );
    let proposed = 0;
    for (const c of candidates) {
      const created = await this.proposals.propose(manager, {
        designationId: c.designation_id,
        reason: 'moved_out_of_district',
        effectiveOn: c.effective_on,
        note: `社保缴费单位注册地变更为${c.district}（自 ${c.since}）`,
        evidence: '社保数据导入',
        source: 'social_insurance',
      });
      if (created) proposed++;
    }
    return proposed;
  }

  private check(sheet: Awaited<ReturnType<typeof readUploadedSheet<(typeof SOCIAL_INSURANCE_COLUMNS)[number]['key']>>>): Row[] {
    const errors: RowError[] = [];
    const rows: Row[] = [];
    const home = placeOf(this.config.programme.homeDistrict)?.name ?? this.config.programme.homeDistrict;
    for (const { row, values } of sheet) {
      const id = parseIdNumber(values.idNumber);
      if (!id.ok) errors.push(rowError(row, 'idNumber', 'invalidIdNumber', id.reason));
      const district = values.district.trim();
      const place = district.length > 50 ? null : placeOf(district);
      if (district.length < 1 || district.length > 50) errors.push(rowError(row, 'district', district.length < 1 ? 'required' : 'lengthOutOfRange', 'district must be 1 to 50 characters'));
      else if (!place) {
        errors.push(rowError(row, 'district', 'unknownDistrict', 'district names no known district of Shanghai, province or city: write e.g. 松江区, 上海市青浦区 or 江苏省苏州市'));
      }
      if (!isBusinessDate(values.since)) errors.push(rowError(row, 'since', 'invalidDate', 'since must be a real calendar date written YYYY-MM-DD'));
      if (id.ok && place && errors.every((e) => e.row !== row)) {
        const moved = !(place.inShanghai && place.name === home);
        rows.push({ row, hash: this.identity.lookupHash(id.idNumber)!, masked: maskIdNumber(id.idNumber), district: place.name, moved, since: values.since });
      }
    }
    if (errors.length > 0) throw new InvalidInputError(`the file has ${new Set(errors.map((e) => e.row)).size} invalid row(s); nothing was imported`, errors);
    return rows;
  }
}
