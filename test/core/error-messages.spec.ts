import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { HTTP_ERROR_CODES, MESSAGE_CONSTRAINTS } from '../../src/core/errors/error-body';
import { ROW_CONSTRAINTS } from '../../src/core/sheet/row-errors';
import { DESIGNATION_COLUMNS } from '../../src/modules/designations/designation-import.service';
import { ORGANIZATION_COLUMNS } from '../../src/modules/organizations/organization-import.columns';
import { OPENING_ALLOWANCE_COLUMNS, OPENING_GRANT_COLUMNS } from '../../src/modules/payments/opening-ledger.columns';
import { PAPER_SHEET } from '../../src/modules/selection-review/paper-sheets.service';
import { SOCIAL_INSURANCE_COLUMNS } from '../../src/modules/social-insurance/social-insurance-import.service';
import { CODE_TEXT, CONSTRAINT_TEXT, FIELD_LABEL, errorSentence, fieldTexts, ROW_CONSTRAINT_TEXT, rowErrorText, rowFieldLabel } from '../../web/src/messages';

/**
 * Every error the API can give has console Chinese (issue 15 item 6): a new
 * domain error code, validation constraint or DTO field without a text in
 * web/src/messages.ts fails here, naming what is missing.
 */
const SRC = join(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** The codes services throw: ConflictError/RuleViolationError codes, error classes' super(code), NotFoundError entities. */
function domainErrorCodes(): Set<string> {
  const codes = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:new\s+(?:ConflictError|RuleViolationError)|super)\(\s*'([A-Z][A-Z0-9_]+)'/g)) codes.add(m[1]);
    for (const m of text.matchAll(/readonly code = '([A-Z][A-Z0-9_]+)'/g)) codes.add(m[1]);
    // NotFoundError(entity) answers <ENTITY>_NOT_FOUND (domain-error.ts); subclasses pass the entity to super.
    const notFound = /new\s+NotFoundError\(\s*'([a-z][a-z ]*)'/g;
    const subclassed = text.includes('extends NotFoundError') ? /super\(\s*'([a-z][a-z ]*)'/g : null;
    for (const re of [notFound, subclassed]) if (re) for (const m of text.matchAll(re)) codes.add(`${m[1].toUpperCase().replace(/\W+/g, '_')}_NOT_FOUND`);
    for (const m of text.matchAll(/code:\s*'([A-Z][A-Z0-9_]+)'/g)) codes.add(m[1]);
  }
  return codes;
}

/** Every class-validator constraint and property of every DTO, read from class-validator's own registry. */
function dtoMetadata(): { constraints: Set<string>; properties: Set<string> } {
  for (const file of sourceFiles(SRC)) {
    if (file.endsWith('.d.ts') || file.endsWith('main.ts')) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading each file registers its DTOs' metadata
    if (readFileSync(file, 'utf8').includes("from 'class-validator'")) require(file);
  }
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<unknown, Array<{ type: string; propertyName: string; constraintCls: unknown }>>;
    getTargetValidatorConstraints(cls: unknown): Array<{ name: string }>;
  };
  const constraints = new Set<string>();
  const properties = new Set<string>();
  for (const metas of storage.validationMetadatas.values()) {
    for (const m of metas) {
      properties.add(m.propertyName);
      if (m.type === 'customValidation') for (const c of storage.getTargetValidatorConstraints(m.constraintCls)) constraints.add(c.name);
      else if (m.type !== 'conditionalValidation') constraints.add(m.type);
    }
  }
  return { constraints, properties };
}

describe('console messages cover every error the API can give', () => {
  it('has Chinese for every domain error code and every HTTP error code', () => {
    const codes = [...domainErrorCodes(), ...Object.values(HTTP_ERROR_CODES)];
    expect(codes.length).toBeGreaterThan(50);
    expect(codes.filter((c) => !CODE_TEXT[c])).toEqual([]);
  });

  it('has Chinese for every validation constraint and every DTO field, and for those the pipes add', () => {
    const { constraints, properties } = dtoMetadata();
    expect(constraints.has('isBusinessDate')).toBe(true);
    // The pipe's forbidNonWhitelisted / nested DTOs / path-parameter pipes and the services' own field checks.
    const added = ['whitelistValidation', 'nestedValidation', 'unknownValue', 'isUuid', 'isPeriod', 'invalid', ...MESSAGE_CONSTRAINTS.map(([, c]) => c)];
    expect([...constraints, ...added].filter((c) => !CONSTRAINT_TEXT[c])).toEqual([]);
    expect([...properties].filter((p) => !FIELD_LABEL[p])).toEqual([]);
  });

  it('words a body as the console shows it: every field at once, by constraint and label', () => {
    const body = {
      code: 'VALIDATION_FAILED',
      fields: [
        { field: 'effectiveOn', constraint: 'isBusinessDate' },
        { field: 'score', constraint: 'max' },
        { field: 'contactEmails[1]', constraint: 'isEmail' },
      ],
    };
    expect(fieldTexts(body)).toEqual({ effectiveOn: '生效日期须为 YYYY-MM-DD 格式的真实日期', score: '分数超过允许的最大值', contactEmails: '联系邮箱第 2 项须为有效的电子邮箱地址' });
    expect(errorSentence(422, { code: 'LEAD_NOT_SHANGHAI_CRAFTSMAN' })).toBe('上海市工匠创新工作室的领衔人须持有“上海工匠”称号');
    expect(errorSentence(409, { code: 'SOMETHING_NEW' })).toBe(CODE_TEXT.CONFLICT);
  });

  it('has Chinese for every row-error code of the imports and every column they name', () => {
    expect(ROW_CONSTRAINTS.length).toBeGreaterThan(20);
    expect(ROW_CONSTRAINTS.filter((c) => !ROW_CONSTRAINT_TEXT[c])).toEqual([]);
    // Every import makes its row errors with rowError(…, constraint from ROW_CONSTRAINTS, …): no literal code outside the list.
    const literal = /\b(?:rowError\([^,]+,[^,]+,\s*|constraint:\s*)'([A-Za-z]+)'/g;
    const used = sourceFiles(SRC).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(literal)].map((m) => m[1]));
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((c) => !ROW_CONSTRAINT_TEXT[c] && !CONSTRAINT_TEXT[c])).toEqual([]);
    const columns = [DESIGNATION_COLUMNS, ORGANIZATION_COLUMNS, OPENING_ALLOWANCE_COLUMNS, OPENING_GRANT_COLUMNS, SOCIAL_INSURANCE_COLUMNS, PAPER_SHEET.columns].flatMap((cs) => cs.map((c) => c.key as string));
    expect(columns.filter((key) => rowFieldLabel(key) === key)).toEqual([]);
  });

  it('words a row error by its code, never by its English message', () => {
    expect(rowErrorText({ field: 'idNumber', constraint: 'invalidIdNumber' })).toBe('身份证号不是有效的 18 位居民身份证号（请核对位数、出生日期和校验位）');
    expect(rowErrorText({ field: 'idNumber', constraint: 'duplicateInFile', otherRow: 3 })).toBe('与第 3 行重复（身份证号相同）');
    expect(rowErrorText({ field: 'B2', constraint: 'invalidScore' })).toBe('评分项 B2须为 0 至该项满分之间的整数');
    // The organisation import runs POST /organizations' checks: their codes and constraints are worded as for the form.
    expect(rowErrorText({ field: 'creditCode', constraint: 'CREDIT_CODE_TAKEN' })).toBe(CODE_TEXT.CREDIT_CODE_TAKEN);
    expect(rowErrorText({ field: 'contactEmails', constraint: 'isEmail' })).toBe('联系邮箱须为有效的电子邮箱地址');
  });
});
