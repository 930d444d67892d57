import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { HTTP_ERROR_CODES, MESSAGE_CONSTRAINTS } from '../../src/core/errors/error-body';
import { CODE_TEXT, CONSTRAINT_TEXT, FIELD_LABEL, errorSentence, fieldTexts } from '../../web/src/messages';

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
});
