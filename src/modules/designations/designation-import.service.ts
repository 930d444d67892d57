import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isBusinessDate } from '../../core/clock/business-date';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import { InvalidInputError } from '../../core/errors/domain-error';
import { RequestContext } from '../../core/context/request-context';
import { duplicateRow, RowError, rowError } from '../../core/sheet/row-errors';
import { readUploadedSheet, SheetColumn, SheetRow } from '../../core/sheet/uploaded-sheet';
import { creditCodeProblem, normalizeCreditCode } from '../organizations/credit-code';
import { SealedIdentity, TalentIdentity } from '../talents/talent-identity';
import { TalentsRepository } from '../talents/talents.repository';
import { designationDayProblem, workingAgeProblem } from './designation-dates';
import { Term, termOf } from './designation-term';
import { overlapMessage } from './designations.errors';
import { DesignationsRepository } from './designations.repository';

/** The columns of the import and of its template (GET /templates/designations). */
export const DESIGNATION_COLUMNS = [
  { key: 'name', label: '姓名' },
  { key: 'idNumber', label: '身份证号', kind: 'idNumber' },
  { key: 'employerCreditCode', label: '统一社会信用代码' },
  { key: 'cohort', label: '届别' },
  { key: 'designatedOn', label: '命名日期', kind: 'date' },
] as const satisfies ReadonlyArray<SheetColumn>;
export const IMPORT_HEADER = DESIGNATION_COLUMNS.map((c) => c.key);
type DesignationRow = SheetRow<(typeof DESIGNATION_COLUMNS)[number]['key']>;
const MAX_IMPORT_ROWS = 20_000;
const ANALYZE_AFTER_ROWS = 1_000;

export type { RowError } from '../../core/sheet/row-errors';

interface ValidRow {
  row: number;
  name: string;
  identity: SealedIdentity;
  creditCode: string;
  cohort: string;
  designatedOn: string;
  term: Term;
}

interface Resolved extends ValidRow {
  employerId: string;
  talentId: string | null;
}

/**
 * POST /designations/import: a cohort list from a spreadsheet. Every row is
 * checked before anything is written; then the whole file goes in one
 * transaction with set-based statements, or nothing does.
 */
@Injectable()
export class DesignationImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly identity: TalentIdentity,
    private readonly designations: DesignationsRepository,
    private readonly talents: TalentsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async import(body: unknown, contentType?: string): Promise<{ created: number }> {
    const rows = await readUploadedSheet(body, contentType, DESIGNATION_COLUMNS, { maxRows: MAX_IMPORT_ROWS });
    const errors: RowError[] = [];
    const valid = this.checkRows(rows, errors);
    const result = await this.db.transaction(async (manager) => {
      const resolved = await this.resolve(manager, valid, errors);
      if (errors.length > 0) {
        errors.sort((a, b) => a.row - b.row);
        throw new InvalidInputError(`the file has ${new Set(errors.map((e) => e.row)).size} invalid row(s); nothing was imported`, errors);
      }
      await this.write(manager, resolved);
      return { created: resolved.length };
    });
    // A large import can change the tables' shape faster than autovacuum notices; fresh
    // statistics keep the list queries on their indexes right away. Only when the import is
    // large beside what the planner last counted: ANALYZE samples 30,000 rows of each table
    // (0.3–0.7 s, as long as the rest of a 10,000-row import), and 10,000 rows more on 100,000
    // leave the planner's picture (it scales row counts by the table's size) as it was.
    if (result.created >= ANALYZE_AFTER_ROWS && (await this.outgrowsStatistics(result.created))) await this.db.query('ANALYZE talents, designations');
    return result;
  }

  /** Whether `added` rows are a fifth or more of the designations the statistics last counted. */
  private async outgrowsStatistics(added: number): Promise<boolean> {
    const [{ counted }]: Array<{ counted: number }> = await this.db.query(
      `SELECT greatest(reltuples, 0)::float8 AS counted FROM pg_class WHERE oid = 'designations'::regclass`,
    );
    return added * 5 >= counted;
  }

  private checkRows(rows: DesignationRow[], errors: RowError[]): ValidRow[] {
    const valid: ValidRow[] = [];
    const seen = new Map<string, number>();
    const bounds = { earliest: this.config.programme.earliestDesignation, today: this.clock.today() };
    // A cohort list names a few employers and days over thousands of rows: each is checked once.
    const codes = onceEach((raw: string) => {
      const code = normalizeCreditCode(raw);
      return { code, problem: creditCodeProblem(code) };
    });
    const terms = onceEach((day: string) => (isBusinessDate(day) ? { term: termOf(day), problem: designationDayProblem(day, bounds) } : undefined));
    const identities = this.identity.sealMany(rows.map((r) => r.values.idNumber));
    for (const [i, { row, values }] of rows.entries()) {
      const problems: RowError[] = [];
      const name = values.name.trim();
      if (name.length < 1 || name.length > 100) problems.push(rowError(row, 'name', name.length < 1 ? 'required' : 'lengthOutOfRange', 'name must be 1 to 100 characters'));
      const sealed = identities[i];
      if (!sealed.ok) problems.push(rowError(row, 'idNumber', 'invalidIdNumber', sealed.message));
      const { code: creditCode, problem: codeProblem } = codes(values.employerCreditCode);
      if (codeProblem) problems.push(rowError(row, 'employerCreditCode', 'invalidCreditCode', `employerCreditCode: ${codeProblem}`));
      if (!/^(19|20|21)\d{2}$/.test(values.cohort)) problems.push(rowError(row, 'cohort', 'invalidYear', 'cohort must be a year such as 2024'));
      const day = terms(values.designatedOn);
      const term = day?.term;
      if (!term) problems.push(rowError(row, 'designatedOn', 'invalidDate', 'designatedOn must be a real calendar date written YYYY-MM-DD'));
      const dayProblem = day?.problem;
      if (dayProblem) problems.push(rowError(row, 'designatedOn', values.designatedOn < bounds.earliest ? 'tooEarly' : 'tooLate', dayProblem));
      if (sealed.ok) {
        const first = seen.get(sealed.identity.idNumberHash);
        if (first !== undefined) problems.push(duplicateRow(row, 'idNumber', first, `the same ID number is already on row ${first}`));
        else seen.set(sealed.identity.idNumberHash, row);
      }
      if (problems.length > 0 || !sealed.ok || !term?.ok) {
        errors.push(...problems);
        continue;
      }
      valid.push({ row, name, identity: sealed.identity, creditCode, cohort: values.cohort, designatedOn: values.designatedOn, term: term.term });
    }
    return valid;
  }

  /** Employers by credit code, known talents by ID hash: one query each, whatever the file's size. */
  private async resolve(manager: EntityManager, rows: ValidRow[], errors: RowError[]): Promise<Resolved[]> {
    const employers: Array<{ id: string; credit_code: string }> = await manager.query(
      `SELECT id, credit_code FROM organizations WHERE kind = 'employer' AND credit_code = ANY($1::text[])`,
      [[...new Set(rows.map((r) => r.creditCode))]],
    );
    const employerByCode = new Map(employers.map((e) => [e.credit_code, e.id]));
    const talents = await this.talents.findByIdNumberHashes(manager, rows.map((r) => r.identity.idNumberHash), true);
    const talentByHash = new Map(talents.map((t) => [t.id_number_hash, t]));
    const active = await this.designations.activeHolders(manager, talents.map((t) => t.id));
    const known = rows.map((r) => ({ r, talent: talentByHash.get(r.identity.idNumberHash) }));
    // Only a registered person can have an earlier designation.
    const registered = known.filter((k) => k.talent !== undefined);
    const overlaps = await this.designations.overlapping(manager, registered.map(({ r, talent }) => ({ talentId: talent!.id, ...r.term })));
    const overlapByRow = new Map(overlaps.map((o) => [registered[o.ord - 1].r.row, o]));
    const knownDates = await this.identity.lifeDatesOf(manager, talents.map((t) => t.id));
    const resolved: Resolved[] = [];
    for (const { r, talent } of known) {
      const employerId = employerByCode.get(r.creditCode);
      const before = errors.length;
      if (!employerId) errors.push(rowError(r.row, 'employerCreditCode', 'unknownCreditCode', 'no employer is registered with this credit code'));
      if (talent && talent.name !== r.name) errors.push(rowError(r.row, 'name', 'nameMismatch', 'the name differs from the registered talent with this ID number'));
      if (talent && active.has(talent.id)) errors.push(rowError(r.row, 'idNumber', 'alreadyDesignated', 'the person already holds an active designation'));
      const earlier = overlapByRow.get(r.row);
      if (earlier && !(talent && active.has(talent.id))) errors.push(rowError(r.row, 'designatedOn', 'overlap', overlapMessage(earlier)));
      // A registered person keeps the retirement category recorded for her (a woman cadre's differs from the worker default).
      const person = talent ? knownDates.get(talent.id)! : r.identity;
      const ageProblem = workingAgeProblem(r.designatedOn, person);
      if (ageProblem) errors.push(rowError(r.row, 'designatedOn', ageProblem.includes('retirement') ? 'pastRetirement' : 'ageBelowMinimum', ageProblem));
      // Written out, not spread: object spreads per row were among the import's largest own costs in the profile.
      if (errors.length === before) {
        const { row, name, identity, creditCode, cohort, designatedOn, term } = r;
        resolved.push({ row, name, identity, creditCode, cohort, designatedOn, term, employerId: employerId!, talentId: talent?.id ?? null });
      }
    }
    return resolved;
  }

  private async write(manager: EntityManager, rows: Resolved[]): Promise<void> {
    const newTalents = rows.filter((r) => r.talentId === null);
    // People registered just now already have the listed employer: only the others can move.
    const registered = rows.filter((r) => r.talentId !== null);
    if (newTalents.length > 0) {
      const col = <T>(f: (r: Resolved) => T) => newTalents.map(f);
      // The audit rows come from the inserted rows in the same statement, not from a second lookup by id.
      const inserted: Array<{ id: string; id_number_hash: string }> = await manager.query(
        `WITH t AS (
           INSERT INTO talents (name, id_number_enc, id_number_hash, id_number_masked, gender, retirement_category, retirement_year, employer_id, social_insurance_district)
           SELECT *, $9::text FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::smallint[], $8::uuid[])
           RETURNING id, id_number_hash, name, id_number_masked, employer_id),
         audit AS (
           INSERT INTO audit_events (actor, action, entity_type, entity_id, after, request_id)
           SELECT $10, 'talent.created', 'talent', x.id::text,
                  jsonb_build_object('id', x.id, 'name', x.name, 'idNumberMasked', x.id_number_masked, 'employerId', x.employer_id), $11
             FROM t x)
         SELECT id, id_number_hash FROM t`,
        [
          col((r) => r.name), col((r) => r.identity.idNumberEnc), col((r) => r.identity.idNumberHash), col((r) => r.identity.idNumberMasked),
          col((r) => r.identity.gender), col((r) => r.identity.retirementCategory), col((r) => r.identity.retirementYear),
          col((r) => r.employerId), this.config.programme.homeDistrict, RequestContext.actor(), RequestContext.requestId() ?? null,
        ],
      );
      const idByHash = new Map(inserted.map((t) => [t.id_number_hash, t.id]));
      for (const r of newTalents) r.talentId = idByHash.get(r.identity.idNumberHash)!;
    }
    if (registered.length > 0) await this.moveToListedEmployers(manager, registered);
    await this.designations.insertImported(
      manager,
      rows.map(({ term, talentId, cohort, designatedOn }) => ({
        termStart: term.termStart,
        termEnd: term.termEnd,
        midTermDue: term.midTermDue,
        endTermDue: term.endTermDue,
        talentId: talentId!,
        cohort,
        designatedOn,
        monthlyAllowanceFen: this.config.programme.monthlyAllowanceFen,
      })),
      { at: this.clock.now(), actor: RequestContext.actor(), requestId: RequestContext.requestId() ?? null },
    );
  }

  /**
   * A known person's employer is the one the cohort list names now; each move is
   * on the record (before/after), written by the same statement. The rows were
   * locked by resolve(), so the old employer read here is the one replaced.
   */
  private async moveToListedEmployers(manager: EntityManager, rows: Resolved[]): Promise<void> {
    await manager.query(
      `WITH listed AS (SELECT * FROM unnest($1::uuid[], $2::uuid[]) AS u(id, employer_id)),
            old AS (SELECT t.id, t.employer_id FROM talents t JOIN listed ON listed.id = t.id WHERE t.employer_id <> listed.employer_id),
            moved AS (UPDATE talents t SET employer_id = listed.employer_id FROM listed JOIN old ON old.id = listed.id
                       WHERE t.id = listed.id RETURNING t.id, old.employer_id AS before, t.employer_id AS after)
       INSERT INTO audit_events (actor, action, entity_type, entity_id, before, after, request_id)
       SELECT $3, 'talent.updated', 'talent', id::text, jsonb_build_object('employerId', before),
              jsonb_build_object('employerId', after, 'via', 'designations.import'), $4
         FROM moved`,
      [rows.map((r) => r.talentId), rows.map((r) => r.employerId), RequestContext.actor(), RequestContext.requestId() ?? null],
    );
  }
}

/** f, remembering its answer for each argument (for the life of one import). */
function onceEach<T>(f: (key: string) => T): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    if (known.has(key)) return known.get(key)!;
    const value = f(key);
    known.set(key, value);
    return value;
  };
}
