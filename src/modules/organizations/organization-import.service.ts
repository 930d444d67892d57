import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { fieldsOfMessage } from '../../core/errors/error-body';
import { DomainError, InvalidInputError } from '../../core/errors/domain-error';
import { duplicateRow, RowError, rowError } from '../../core/sheet/row-errors';
import { readUploadedSheet, SheetRow } from '../../core/sheet/uploaded-sheet';
import { CreateOrganizationDto } from './dto/create-organization.dto';
import { OrganizationKind, UnionLevel } from './entities/organization.entity';
import { KIND_WORDS, LEGACY_ORGANIZATION_COLUMNS, LEVEL_WORDS, ORGANIZATION_COLUMNS, OrganizationColumn, SECTOR_WORDS } from './organization-import.columns';
import { OrganizationsService } from './organizations.service';

const MAX_ROWS = 5_000;

interface Parsed {
  row: number;
  values: Record<OrganizationColumn, string>;
  kind: OrganizationKind;
  level?: UnionLevel;
  contactEmails: string[];
}

/** Who may refer to whom decides the order rows are created in, whatever their order in the file. */
function rankOf(p: Parsed): number {
  if (p.kind === 'employer') return 3;
  if (p.kind === 'union') return p.level === 'unit' ? 2 : 1;
  return 0;
}

/** The sheet column a create error is about: its message starts with the API field. */
const FIELD_COLUMNS: Readonly<Record<string, OrganizationColumn>> = {
  parentId: 'parent',
  streetId: 'street',
  industryAuthorityId: 'industryAuthority',
  unionId: 'union',
  name: 'name',
  kind: 'kind',
  level: 'level',
  creditCode: 'creditCode',
  district: 'district',
  contactEmails: 'contactEmails',
  sector: 'sector',
};

function columnOf(message: string): OrganizationColumn {
  const word = /^(\w+)/.exec(message)?.[1] ?? '';
  return FIELD_COLUMNS[word] ?? 'name';
}

/**
 * The code of a row POST /organizations' checks refused: a rule's own code
 * (CREDIT_CODE_TAKEN…), or for a field check the constraint its message states,
 * as the error body of POST /organizations gives it.
 */
function constraintOf(error: DomainError): string {
  if (!(error instanceof InvalidInputError)) return error.code;
  return fieldsOfMessage(error.message)[0]?.constraint ?? 'invalid';
}

/**
 * POST /organizations/import: the organisations of the 组织机构 template, all
 * or none. A street, industry authority, union or parent union is named by its
 * name (or credit code) and may be a row of the same file or an organisation
 * already registered; the file's own rows win over registered ones of the same
 * name. Each row goes through the checks of POST /organizations.
 */
@Injectable()
export class OrganizationImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly organizations: OrganizationsService,
  ) {}

  async import(body: unknown, contentType: string | undefined): Promise<{ created: number }> {
    const rows = await this.read(body, contentType);
    const errors: RowError[] = [];
    const parsed = this.parse(rows, errors);
    const ordered = [...parsed].sort((a, b) => rankOf(a) - rankOf(b) || a.row - b.row);
    return this.db.transaction(async (manager) => {
      const inFile = new Map<string, string>();
      let created = 0;
      for (const p of ordered) {
        const dto = await this.toDto(manager, p, inFile, errors);
        if (!dto) continue;
        try {
          const view = await this.organizations.createIn(manager, dto, 'organizations.import');
          inFile.set(`${p.kind}|${view.name}`, view.id);
          if (view.creditCode) inFile.set(`${p.kind}|${view.creditCode}`, view.id);
          created++;
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          errors.push({ row: p.row, field: columnOf(error.message), constraint: constraintOf(error), message: error.message });
        }
      }
      if (errors.length > 0) {
        errors.sort((a, b) => a.row - b.row);
        throw new InvalidInputError(`the file has ${new Set(errors.map((e) => e.row)).size} invalid row(s); nothing was imported`, errors);
      }
      return { created };
    });
  }

  /** The current columns, or those of a file made before 单位性质 existed (its employers are enterprises). */
  private async read(body: unknown, contentType: string | undefined): Promise<Array<SheetRow<OrganizationColumn>>> {
    try {
      return await readUploadedSheet(body, contentType, ORGANIZATION_COLUMNS, { maxRows: MAX_ROWS });
    } catch (error) {
      if (!(error instanceof InvalidInputError) || !/^(the header|CSV header)/.test(error.message)) throw error;
      try {
        const rows = await readUploadedSheet(body, contentType, LEGACY_ORGANIZATION_COLUMNS, { maxRows: MAX_ROWS });
        return rows.map((r) => ({ row: r.row, values: { ...r.values, sector: '' } }));
      } catch {
        throw error; // the current header is the one to name
      }
    }
  }

  private parse(rows: Array<SheetRow<OrganizationColumn>>, errors: RowError[]): Parsed[] {
    const parsed: Parsed[] = [];
    const seen = new Map<string, number>();
    for (const { row, values } of rows) {
      const before = errors.length;
      const kind = KIND_WORDS[values.kind.normalize('NFKC')];
      if (!kind) errors.push(rowError(row, 'kind', 'notAnOption', `kind must be one of ${Object.keys(KIND_WORDS).join(', ')}`));
      const levelWord = values.level.normalize('NFKC');
      const level = levelWord === '' ? undefined : LEVEL_WORDS[levelWord];
      if (levelWord !== '' && !level) errors.push(rowError(row, 'level', 'notAnOption', 'level must be 本单位工会 (unit) or 区局（产业）工会 (district)'));
      const key = `${kind}|${values.name}`;
      const first = seen.get(key);
      if (first !== undefined) errors.push(duplicateRow(row, 'name', first, `the same organisation is already on row ${first}`));
      else seen.set(key, row);
      const contactEmails = values.contactEmails.split(/[;；,，\s]+/).filter((e) => e !== '');
      if (errors.length === before) parsed.push({ row, values, kind: kind!, level, contactEmails });
    }
    return parsed;
  }

  /** The create body of a row, its references resolved to ids; undefined (with row errors) when it cannot be made. */
  private async toDto(manager: EntityManager, p: Parsed, inFile: Map<string, string>, errors: RowError[]): Promise<CreateOrganizationDto | undefined> {
    const v = p.values;
    const plain: Record<string, unknown> = { name: v.name, kind: p.kind, contactEmails: p.contactEmails };
    if (p.level) plain.level = p.level;
    if (v.creditCode !== '') plain.creditCode = v.creditCode;
    if (v.district !== '') plain.district = v.district;
    if (v.sector !== '') {
      const sector = SECTOR_WORDS[v.sector.normalize('NFKC')];
      if (!sector) {
        errors.push(rowError(p.row, 'sector', 'notAnOption', 'sector must be 企业 (enterprise) or 事业单位 (public_institution)'));
        return undefined;
      }
      plain.sector = sector;
    }
    const before = errors.length;
    const refer = async (column: OrganizationColumn, field: string, kind: OrganizationKind) => {
      const written = v[column];
      if (written === '') return;
      const id = inFile.get(`${kind}|${written}`) ?? (await this.registered(manager, kind, written, p.row, column, errors));
      if (id) plain[field] = id;
      else if (errors.length === before) errors.push(rowError(p.row, column, 'unknownReference', `${column}: no ${kind.replace('_', ' ')} named "${written}" in this file or registered`));
    };
    await refer('parent', 'parentId', 'union');
    await refer('street', 'streetId', 'street');
    await refer('industryAuthority', 'industryAuthorityId', 'industry_authority');
    await refer('union', 'unionId', 'union');
    const dto = plainToInstance(CreateOrganizationDto, plain);
    for (const problem of await validate(dto, { whitelist: true })) {
      const [constraint, message] = Object.entries(problem.constraints ?? {})[0] ?? ['invalid', `${problem.property} is invalid`];
      // class-validator's constraint name: the console words it as it does for POST /organizations.
      errors.push({ row: p.row, field: columnOf(problem.property), constraint, message });
    }
    return errors.length === before ? dto : undefined;
  }

  private async registered(manager: EntityManager, kind: OrganizationKind, written: string, row: number, column: OrganizationColumn, errors: RowError[]): Promise<string | undefined> {
    const found: Array<{ id: string }> = await manager.query(
      `SELECT id FROM organizations WHERE kind = $1 AND (name = $2 OR credit_code = upper($2)) ORDER BY created_at LIMIT 2`,
      [kind, written],
    );
    if (found.length > 1) {
      errors.push(rowError(row, column, 'ambiguousReference', `${column}: more than one registered ${kind.replace('_', ' ')} is named "${written}"; write its credit code`));
      return undefined;
    }
    return found[0]?.id;
  }
}
