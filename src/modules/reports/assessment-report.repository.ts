import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface AssessmentReportRow {
  kind: 'mid_term' | 'end_term' | 'annual_review';
  talentName: string;
  idNumberMasked: string;
  employer: string;
  cohort: string;
  organizer: string;
  /** The assessment's date (考核日期); for one not held yet, null and `dueOn` says when it is due. */
  assessedOn: string | null;
  dueOn: string | null;
  status: string;
  grade: string | null;
  score: number | null;
  /** The adjustment the result proposed (SPEC §3.4), if any. */
  adjustment: { reason: string; effectiveOn: string; status: string } | null;
}

/**
 * 考核情况 (policy 003 五(四)): the year's 届中/届满 assessments (held in the year, or due
 * in it and not held) and 日常考查 (of that year), each with the adjustment it
 * proposed: an assessment's is the `assessment_failed` adjustment of its designation
 * dated on the assessment day, a review's the `annual_review_failed` one dated on the review day.
 */
@Injectable()
export class AssessmentReportRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async rows(year: number): Promise<AssessmentReportRow[]> {
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `WITH items AS (
         SELECT a.kind, a.designation_id, o.name AS organizer, a.assessed_on, a.due_on, a.status, a.grade, a.score, 'assessment' AS source
           FROM assessment_tasks a JOIN organizations o ON o.id = a.organizer_id
          WHERE a.assessed_on BETWEEN $1::date AND $2::date
             OR (a.assessed_on IS NULL AND a.status IN ('open','overdue') AND a.due_on BETWEEN $1::date AND $2::date)
         UNION ALL
         SELECT 'annual_review', r.designation_id, NULL, r.reviewed_on, NULL, 'done', r.grade, NULL, 'annual_review'
           FROM annual_reviews r WHERE r.year = $3)
       SELECT i.kind, t.name AS talent_name, t.id_number_masked, e.name AS employer, d.cohort,
              COALESCE(i.organizer, e.name) AS organizer, i.assessed_on::text, i.due_on::text, i.status, i.grade, i.score::float8 AS score,
              adj.reason, adj.effective_on::text AS effective_on, adj.status AS adjustment_status
         FROM items i JOIN designations d ON d.id = i.designation_id JOIN talents t ON t.id = d.talent_id JOIN organizations e ON e.id = t.employer_id
         LEFT JOIN LATERAL (
           SELECT x.reason, x.effective_on, x.status FROM adjustments x
            WHERE x.designation_id = i.designation_id AND x.source = i.source AND x.effective_on = i.assessed_on
            ORDER BY x.created_at DESC LIMIT 1) adj ON true
        ORDER BY CASE i.kind WHEN 'mid_term' THEN 1 WHEN 'end_term' THEN 2 ELSE 3 END, COALESCE(i.assessed_on, i.due_on), t.name, d.id`,
      [from, to, year],
    );
    return rows.map((r) => ({
      kind: r.kind as AssessmentReportRow['kind'],
      talentName: String(r.talent_name),
      idNumberMasked: String(r.id_number_masked),
      employer: String(r.employer),
      cohort: String(r.cohort),
      organizer: String(r.organizer),
      assessedOn: (r.assessed_on as string | null) ?? null,
      dueOn: (r.due_on as string | null) ?? null,
      status: String(r.status),
      grade: (r.grade as string | null) ?? null,
      score: r.score === null ? null : Number(r.score),
      adjustment: r.reason ? { reason: String(r.reason), effectiveOn: String(r.effective_on), status: String(r.adjustment_status) } : null,
    }));
  }
}
