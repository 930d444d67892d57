import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { isPeriod, periodOf } from '../../core/clock/business-date';
import { Clock } from '../../core/clock/clock';
import { duplicateRow, RowError, rowError } from '../../core/sheet/row-errors';
import { readUploadedSheet, SheetRow } from '../../core/sheet/uploaded-sheet';
import { OPENING_ALLOWANCE_COLUMNS, OPENING_GRANT_COLUMNS } from './opening-ledger.columns';
import { InvalidInputError } from '../../core/errors/domain-error';
import { creditCodeProblem, normalizeCreditCode } from '../organizations/credit-code';
import { TalentIdentity } from '../talents/talent-identity';
import { AllowanceRow, GrantRow, OpeningLedgerRepository } from './opening-ledger.repository';
import { PaymentLedgerRepository } from './payment-ledger.repository';

export const OPENING_KINDS = ['allowance', 'grant'] as const;
export type OpeningKind = (typeof OPENING_KINDS)[number];
/** The machine names of the columns (the CSV header; the templates' Chinese headings are accepted too). */
export const ALLOWANCE_HEADER = OPENING_ALLOWANCE_COLUMNS.map((c) => c.key);
type AllowanceKey = (typeof OPENING_ALLOWANCE_COLUMNS)[number]['key'];
type GrantKey = (typeof OPENING_GRANT_COLUMNS)[number]['key'];

/** An office's whole sheet in one file: e.g. 5,000 people × 20 months, or 100,000 people × one month (the bench's figure). */
const MAX_ROWS = 200_000;
/** 1,000,000 yuan: above any allowance month or grant instalment, below any typing slip of a few extra digits. */
const MAX_AMOUNT_FEN = 100_000_000;

export type { RowError } from '../../core/sheet/row-errors';

/**
 * POST /payments/opening-ledger (SPEC §3.7): what was paid outside the
 * service, one row per month (or grant instalment) paid. Every row is checked
 * first, in code (formats) and then in one query (people, terms, what the
 * ledger already holds); then all rows go in as one statement, or none.
 */
@Injectable()
export class OpeningLedgerService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: OpeningLedgerRepository,
    private readonly ledger: PaymentLedgerRepository,
    private readonly identity: TalentIdentity,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async import(kind: OpeningKind, body: unknown, contentType: string | undefined): Promise<{ imported: number }> {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    if (!Buffer.isBuffer(bytes)) throw new InvalidInputError('body must be a CSV file (text/csv) or an .xlsx workbook');
    // The whole file is read before the transaction, in one call: a malformed file is one error, not a row's.
    const allowances = kind === 'allowance' ? await readUploadedSheet(bytes, contentType, OPENING_ALLOWANCE_COLUMNS, { maxRows: MAX_ROWS }) : [];
    const grants = kind === 'grant' ? await readUploadedSheet(bytes, contentType, OPENING_GRANT_COLUMNS, { maxRows: MAX_ROWS }) : [];
    const current = periodOf(this.clock.today());
    const errors: RowError[] = [];
    return this.db.transaction(async (manager) => {
      // Serialised with runs: a run never reads half an import, and an import never builds on a net a run is changing.
      await this.ledger.lockRuns(manager);
      const written =
        kind === 'allowance'
          ? await this.importAllowances(manager, this.checkAllowances(allowances, current, errors), errors)
          : await this.importGrants(manager, this.checkGrants(grants, errors), errors);
      await this.audit.record(manager, {
        action: 'payment_opening.imported',
        entityType: 'opening_ledger',
        entityId: kind,
        after: { kind, imported: written.count, totalFen: written.totalFen, sha256: createHash('sha256').update(bytes).digest('hex') },
      });
      return { imported: written.count };
    });
  }

  private checkAllowances(rows: Array<SheetRow<AllowanceKey>>, current: string, errors: RowError[]): AllowanceRow[] {
    const valid: AllowanceRow[] = [];
    const seen = new Map<string, number>();
    // Only the lookup hash matters here (nothing is sealed), once per person: a person's months are many rows.
    const hashes = new Map<string, ReturnType<TalentIdentity['lookupHashOf']>>();
    for (const r of rows) {
      const row = r.row;
      const before = errors.length;
      let id = hashes.get(r.values.idNumber);
      if (!id) hashes.set(r.values.idNumber, (id = this.identity.lookupHashOf(r.values.idNumber)));
      if (!id.ok) errors.push(rowError(row, 'idNumber', 'invalidIdNumber', id.message));
      const forPeriod = r.values.forPeriod;
      periodProblem(forPeriod, current, row, errors);
      const amountFen = amountOf(r.values.amountFen, row, errors);
      if (errors.length > before || !id.ok) continue;
      const key = `${id.idNumberHash}:${forPeriod}`;
      const first = seen.get(key);
      if (first !== undefined) {
        errors.push(duplicateRow(row, 'forPeriod', first, `the same person and month are already on row ${first}`));
        continue;
      }
      seen.set(key, row);
      valid.push({ row, idNumberHash: id.idNumberHash, forPeriod, amountFen: amountFen! });
    }
    return valid;
  }

  private checkGrants(rows: Array<SheetRow<GrantKey>>, errors: RowError[]): GrantRow[] {
    const valid: GrantRow[] = [];
    const seen = new Map<string, number>();
    // An instalment's month is checked against today with its workshop, in the database.
    for (const r of rows) {
      const row = r.row;
      const before = errors.length;
      const creditCode = normalizeCreditCode(r.values.creditCode);
      const codeProblem = creditCodeProblem(creditCode);
      if (codeProblem) errors.push(rowError(row, 'creditCode', 'invalidCreditCode', `creditCode: ${codeProblem}`));
      const workshopName = r.values.workshopName.trim();
      if (workshopName.length < 1 || workshopName.length > 200) errors.push(rowError(row, 'workshopName', workshopName.length < 1 ? 'required' : 'lengthOutOfRange', 'workshopName must be 1 to 200 characters'));
      if (!/^[123]$/.test(r.values.instalment)) errors.push(rowError(row, 'instalment', 'notAnOption', 'instalment must be 1, 2 or 3'));
      const amountFen = amountOf(r.values.amountFen, row, errors);
      if (errors.length > before) continue;
      const instalment = Number(r.values.instalment);
      const key = `${creditCode}:${workshopName}:${instalment}`;
      const first = seen.get(key);
      if (first !== undefined) {
        errors.push(duplicateRow(row, 'instalment', first, `the same workshop and instalment are already on row ${first}`));
        continue;
      }
      seen.set(key, row);
      valid.push({ row, creditCode, workshopName, instalment, amountFen: amountFen! });
    }
    return valid;
  }

  private async importAllowances(manager: EntityManager, rows: AllowanceRow[], errors: RowError[]): Promise<Written> {
    await this.repository.resolveAllowances(manager, rows);
    for (const f of await this.repository.refusedAllowances(manager)) {
      if (!f.talentId) errors.push(rowError(f.row, 'idNumber', 'unknownIdNumber', 'no person is registered with this ID number'));
      else if (!f.designationId) errors.push(rowError(f.row, 'forPeriod', 'noDesignationInTerm', `the person has no designation whose term holds ${f.forPeriod}`));
      else if (f.openingLines > 0) errors.push(rowError(f.row, 'forPeriod', 'importedBefore', `${f.forPeriod} of this person was imported before`));
      else if (f.netFen !== 0) errors.push(rowError(f.row, 'forPeriod', 'alreadyPaid', `${f.forPeriod} of this person has already been paid by the service`));
    }
    failIfAny(errors);
    await this.repository.insertAllowances(manager);
    return { count: rows.length, totalFen: rows.reduce((s, r) => s + r.amountFen, 0) };
  }

  private async importGrants(manager: EntityManager, rows: GrantRow[], errors: RowError[]): Promise<Written> {
    const found = await this.repository.resolveGrants(manager, rows, firstDayOfCurrentMonth(this.clock.today()));
    for (const f of found) {
      if (!f.employerFound) errors.push(rowError(f.row, 'creditCode', 'unknownCreditCode', 'no employer is registered with this credit code'));
      else if (!f.workshopId) errors.push(rowError(f.row, 'workshopName', 'unknownWorkshop', 'the employer has no chief technician workshop of this name'));
      else if (!f.due) errors.push(rowError(f.row, 'instalment', 'notBegun', `instalment ${f.instalment} falls in ${f.forPeriod}, which has not begun`));
      else if (f.openingLines > 0) errors.push(rowError(f.row, 'instalment', 'importedBefore', `instalment ${f.instalment} of this workshop was imported before`));
      else if (f.netFen !== 0) errors.push(rowError(f.row, 'instalment', 'alreadyPaid', `instalment ${f.instalment} of this workshop has already been paid by the service`));
    }
    failIfAny(errors);
    await this.repository.insertGrants(manager, rows);
    return { count: rows.length, totalFen: rows.reduce((s, r) => s + r.amountFen, 0) };
  }
}

interface Written {
  count: number;
  totalFen: number;
}

function periodProblem(forPeriod: string, current: string, row: number, errors: RowError[]): void {
  if (!isPeriod(forPeriod)) errors.push(rowError(row, 'forPeriod', 'invalidMonth', 'forPeriod must be a month written YYYY-MM'));
  else if (forPeriod > current) errors.push(rowError(row, 'forPeriod', 'notBegun', `forPeriod ${forPeriod} has not begun (the current month is ${current})`));
}

function amountOf(raw: string, row: number, errors: RowError[]): number | undefined {
  const amount = /^[0-9]{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(amount) || amount < 1 || amount > MAX_AMOUNT_FEN) {
    errors.push(rowError(row, 'amountFen', 'invalidAmount', `amountFen must be a whole number of fen from 1 to ${MAX_AMOUNT_FEN}`));
    return undefined;
  }
  return amount;
}

function firstDayOfCurrentMonth(today: string): string {
  return `${today.slice(0, 7)}-01`;
}

function failIfAny(errors: RowError[]): void {
  if (errors.length === 0) return;
  errors.sort((a, b) => a.row - b.row);
  throw new InvalidInputError(`the file has ${new Set(errors.map((e) => e.row)).size} invalid row(s); nothing was imported`, errors);
}
