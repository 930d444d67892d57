import fc from 'fast-check';
import { addDays, daysBetween } from '../../src/core/clock/business-date';
import { makeIdNumber } from '../../src/modules/talents/id-number';
import { fakeCreditCode } from './ids';

/**
 * Adversarial inputs for the property-based HTTP tests (test/core/fuzz.spec.ts):
 * values of the wrong type or shape, JSON bodies written as text (so that
 * numbers beyond 2^53, duplicate and prototype keys survive), CSV files, path
 * parameters and query strings.
 */

/** A JSON literal sent exactly as written: numbers no JavaScript number holds, -0, exponent forms. */
export class RawJson {
  constructor(readonly text: string) {}
  [fc.toStringMethod](): string {
    return `raw(${this.text})`;
  }
}

/** What goes on the wire: a content type (none when undefined) and the bytes or text; shown abbreviated in counterexamples. */
export class WireBody {
  constructor(
    readonly contentType: string | undefined,
    readonly payload: string | Buffer,
  ) {}
  [fc.toStringMethod](): string {
    return `${this.contentType ?? 'no content type'} ${abbreviate(this.payload)}`;
  }
}

export function abbreviate(v: string | Buffer, max = 600): string {
  if (typeof v !== 'string') return `<${v.length} bytes: ${v.subarray(0, 60).toString('hex')}${v.length > 60 ? '…' : ''}>`;
  return JSON.stringify(v.length > max ? `${v.slice(0, max)}… (${v.length} chars)` : v);
}

export type Entries = Array<[string, unknown]>;

/** JSON text of a value; RawJson pieces are written as they are, keys in the order given (duplicates and '__proto__' kept). */
export function jsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : jsonText(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function entriesText(entries: Entries): string {
  return `{${entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
}

export const json = (text: string): WireBody => new WireBody('application/json', text);

/** encodeURIComponent, with unpaired surrogates (which it refuses) replaced by U+FFFD first. */
export function encode(s: string): string {
  return encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
}

// ---------------------------------------------------------------- values

const SPECIAL_STRINGS = [
  '', ' ', '   ', '\t', '\n', '\r\n', '\u3000', '\u00a0', '\u200b', '\ufeff', '\u0000', 'a\u0000b', '\u0007\u001b[31m', '\ud800', 'x\udfffy',
  '😀', '👨‍👩‍👧‍👦', '张伟', '上海工匠', '松江区', 'Ａ１２３', '١٢٣', 'ǅ', '\u202e' + 'gnp.exe',
  "'; DROP TABLE users;--", "' OR '1'='1", '"; SELECT pg_sleep(5);--', '$1', '\\', '"', "'", '%', '%00', '%s%s%n', '../../etc/passwd', '..%2f',
  '<script>alert(1)</script>', '${jndi:ldap://x/a}', '{{7*7}}', '=HYPERLINK("http://x")', '@SUM(1+1)',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf',
  'null', 'undefined', 'true', 'false', 'NaN', 'Infinity', '-Infinity', '-1', '0', '-0', '1.5', '1e309', '0x1F', '1_000', '９',
  '2024-02-30', '2023-02-29', '2024-02-29', '2024-13-01', '2024-00-10', '2024-1-1', '2024-01-1', '0000-00-00', '1899-12-31', '1900-01-01',
  '2199-12-31', '2200-01-01', '9999-12-31', '+02024-01-01', '2024-06-15T00:00:00Z', '2024/06/15', '20240615', ' 2024-06-15', '2024-06-15 ',
  '2024-06', '2024-13', '2024-00', '2024-1', '1899-12', '2200-01', '202411', '2024-06-15\n',
  '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '{00000000-0000-4000-8000-000000000000}',
  '000000000000400080000000000000000', 'not-a-uuid',
  '310117198503150011', '31011719850315001X', '31011719850315001x', '110101190001010000', '91310117MA1J3B0X4Q', '91310117ma1j3b0x4q',
  'a@b', 'a@b.c', 'x@example.com\nBcc: y@example.com', '13812345678', '+86 138 1234 5678',
];

const SPECIAL_NUMBERS = [0, -1, 1, 0.5, 1.5, 99.999, 100.001, -0.01, 2 ** 31, 2 ** 31 - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, 1e21, 1e-7, 2000, 2199, 2200, 100_000_001, 10_000_001];

const RAW_NUMBERS = ['9007199254740993', '-9007199254740993', '1e400', '-1e400', '-0', '123456789012345678901234567890', '1.0', '100000.00000000001', '1E2', '0.1e1', '2025.0', '1e-400'];

export const controlChars = fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 12 });

/** Strings of up to ~10 KB: ASCII, Chinese (3 bytes each in UTF-8), and any code point. */
export const hugeString = fc.oneof(
  fc.integer({ min: 101, max: 10_240 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 34, max: 3_400 }).map((n) => '首席技师'.repeat(Math.ceil(n / 4)).slice(0, n)),
  fc.string({ unit: 'binary', minLength: 101, maxLength: 1_500 }),
  fc.integer({ min: 1, max: 2_000 }).map((n) => ' '.repeat(n)),
);

/** Any value a careless or hostile client could put where a field belongs. */
export const weird: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom(...RAW_NUMBERS).map((t) => new RawJson(t)) },
  { weight: 3, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [null], ['a'], { a: 1 }, [[]], { $gt: '' }, JSON.parse('{"__proto__":{"isAdmin":true}}')) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.bigInt().map((b) => new RawJson(b.toString())) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: controlChars },
  { weight: 2, arbitrary: hugeString },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }) },
);

export const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'id', 'status', 'role', 'isAdmin', 'createdAt', 'token', 'organization_id', '', ' ', 'name ', 'Name', '0', '$where'];

// ---------------------------------------------------------------- plausible values

/** A business date (YYYY-MM-DD) between min and max inclusive. */
export function dateBetween(min: string, max: string): fc.Arbitrary<string> {
  return fc.integer({ min: 0, max: daysBetween(min, max) }).map((n) => addDays(min, n));
}

export function periodBetween(min: string, max: string): fc.Arbitrary<string> {
  return dateBetween(`${min}-01`, `${max}-28`).map((d) => d.slice(0, 7));
}

/** An element of a pool that may grow while the test runs (read when the value is generated). */
export function fromPool<T>(pool: () => readonly T[]): fc.Arbitrary<T> {
  return fc.nat().map((n) => {
    const items = pool();
    return items[n % items.length];
  });
}

const REGIONS = ['310117', '310101', '310104', '320102', '110101'];

/** A valid 居民身份证号 for someone born 1966–1999 (not yet retired in 2026). */
export const idNumber = fc
  .record({ region: fc.constantFrom(...REGIONS), born: dateBetween('1966-01-01', '1999-12-31'), seq: fc.integer({ min: 0, max: 999 }) })
  .map(({ region, born, seq }) => makeIdNumber(region, born, String(seq).padStart(3, '0')));

/** A valid 统一社会信用代码. */
export const creditCode = fc.integer({ min: 0, max: 999_999 }).map((n) => fakeCreditCode(n));

export const chineseName = fc
  .tuple(fc.constantFrom('张', '王', '李', '赵', '陈', '欧阳', '司马'), fc.constantFrom('伟', '芳', '娜', '敏', '静', '强', '建国', '秀英'))
  .map(([a, b]) => a + b);

export const email = fc.emailAddress();
export const phone = fc.integer({ min: 0, max: 99_999_999 }).map((n) => `13${String(n % 9)}${String(n).padStart(8, '0')}`);
export const text = (max: number) => fc.oneof(fc.string({ minLength: 1, maxLength: Math.min(max, 60) }), chineseName, fc.constantFrom('同意', '情况属实', '技术攻关成效显著'));

// ---------------------------------------------------------------- bodies

export type FieldSpec = Record<string, { valid: fc.Arbitrary<unknown>; required?: boolean }>;

/** The DTO's fields with plausible values: required ones always, optional ones half the time. */
function validEntries(spec: FieldSpec): fc.Arbitrary<Entries> {
  const parts = Object.entries(spec).map(([key, { valid, required }]) =>
    required ? valid.map((v): Entries => [[key, v]]) : fc.option(valid, { nil: undefined, freq: 2 }).map((v): Entries => (v === undefined ? [] : [[key, v]])),
  );
  return fc.tuple(...parts).map((lists) => lists.flat());
}

type Mutation =
  | { op: 'replace' | 'drop'; at: number; value: unknown }
  | { op: 'extra'; key: string; value: unknown }
  | { op: 'duplicate'; at: number; value: unknown }
  | { op: 'inject'; at: number; where: number; text: string };

/** Characters slipped into an otherwise valid value. */
const INJECTED = ['\u0000', '\u0001', '\u001f', '\u007f', '\ud800', '\udc00', '\u202e', '\u2028', '\u0085', '\ufeff', '\ufffd', '\r\n', '\t', ' ', '"', "'", '\\', '%', '😀', '\u0301'];

function mutation(): fc.Arbitrary<Mutation> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: weird }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('drop' as const), at: fc.nat(), value: fc.constant(null) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('extra' as const), key: fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 12 })), value: weird }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), value: weird }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('inject' as const), at: fc.nat(), where: fc.nat(), text: fc.constantFrom(...INJECTED) }) },
  );
}

/** The text inserted into a string value (or into the first string of an array of them). */
function injectInto(value: unknown, where: number, text: string): unknown {
  if (typeof value === 'string') {
    const at = value.length === 0 ? 0 : where % (value.length + 1);
    return value.slice(0, at) + text + value.slice(at);
  }
  if (Array.isArray(value) && value.length > 0) return [injectInto(value[0], where, text), ...value.slice(1)];
  return text;
}

function mutate(entries: Entries, mutations: Mutation[], keys: string[]): Entries {
  const out: Entries = entries.map(([k, v]) => [k, v]);
  for (const m of mutations) {
    if (m.op === 'extra') {
      out.push([m.key, m.value]);
      continue;
    }
    const key = keys[m.at % keys.length];
    const i = out.findIndex(([k]) => k === key);
    if (m.op === 'drop') {
      if (i >= 0) out.splice(i, 1);
    } else if (m.op === 'duplicate') {
      out.push([key, m.value]);
    } else if (m.op === 'inject') {
      if (i >= 0) out[i] = [key, injectInto(out[i][1], m.where, m.text)];
    } else if (i >= 0) {
      out[i] = [key, m.value];
    } else {
      out.push([key, m.value]);
    }
  }
  return out;
}

const MALFORMED_JSON = [
  '', '{', '}', '{"a":', '{"a" 1}', '[1,]', '{,}', 'nul', 'tru', '{"a":1}}', "{'a':1}", '{"a":NaN}', '{"a":undefined}', '\u0000', '\ufeff{}',
  '{"a":"\\u0000"}', '{"a":"\\ud800"}', '{"a":01}', '{"a":.5}', '{"a":+1}', '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}',
  '"just a string"', '42', 'null', 'true', '[]', '[{}]', '{"a":' + '['.repeat(5_000) + ']'.repeat(5_000) + '}', '{"a":"' + 'x'.repeat(2_000_000) + '"}',
];

/**
 * A JSON request body for a DTO: mostly its own fields with plausible values,
 * one to three of them broken; sometimes every field at random; sometimes any
 * JSON at all, malformed JSON, or a body of another content type.
 */
export function jsonBody(spec: FieldSpec): fc.Arbitrary<WireBody> {
  const keys = Object.keys(spec);
  const anyField: fc.Arbitrary<Entries> = fc
    .tuple(...keys.map((key) => fc.oneof(spec[key].valid, weird, fc.constant(undefined)).map((v): Entries => (v === undefined ? [] : [[key, v]]))))
    .map((lists) => lists.flat());
  const entries = keys.length === 0 ? fc.constant<Entries>([]) : null;
  return fc.oneof(
    { weight: 3, arbitrary: (entries ?? validEntries(spec)).map((e) => json(entriesText(e))) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(entries ?? validEntries(spec), fc.array(mutation(), { minLength: 1, maxLength: 3 }))
        .map(([e, ms]) => json(entriesText(mutate(e, ms, keys.length > 0 ? keys : EXTRA_KEYS)))),
    },
    { weight: 2, arbitrary: (entries ?? anyField).map((e) => json(entriesText(e))) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => json(jsonText(v))) },
    { weight: 1, arbitrary: fc.anything().map((v) => json(jsonText(v))) },
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_JSON).map(json) },
    { weight: 1, arbitrary: otherContentType },
  );
}

/** Bodies that are not JSON: form data, text, bytes, unsupported charsets. */
export const otherContentType: fc.Arbitrary<WireBody> = fc
  .oneof(
    fc.tuple(fc.constant('application/x-www-form-urlencoded'), fc.constantFrom('name=a&role=admin', 'a[b]=1&a[c]=2', '__proto__[x]=1', '%zz=1')),
    fc.tuple(fc.constantFrom('text/plain', 'text/csv', 'application/xml', 'application/octet-stream', 'multipart/form-data; boundary=x'), fc.string({ maxLength: 200 })),
    fc.tuple(fc.constantFrom('application/json; charset=utf-16', 'application/json; charset=bogus', 'application/json; charset=latin1', 'text/csv; charset=x-unknown'), fc.constant('{}')),
    fc.tuple(fc.constant(undefined), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b))),
    fc.tuple(fc.constant('application/json'), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b))),
  )
  .map(([contentType, payload]) => new WireBody(contentType, payload));

// ---------------------------------------------------------------- CSV files

const CSV_WEIRD_CELLS = [
  '', ' ', '"', '""', '"""', '"a,b"', '"a""b"', 'a"b', '"unterminated', '"a"b', '"a" ', ' "a"', '"line\nbreak"', '"cr\rinside"', '\r', 'a\rb',
  '\u0000', 'a\u0000b', '\ufeff', '\ufffd', '😀', '张伟', '=1+1', '+cmd|calc', '-1', '@x', "'; DROP TABLE talents;--", 'NULL', '\\N', ',', ',,,',
  '2024-02-30', '2024-13-01', '2024-1-1', '2024', '1899', '2200', '1e3', '310117198503150011', '91310117MA1J3B0X4Q', '松江区', '青浦区',
];

const csvCell = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...CSV_WEIRD_CELLS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: controlChars },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2_000 }).map((n) => 'y'.repeat(n)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => `"${s.replace(/"/g, '""')}"`) },
);

export interface CsvSpec {
  header: readonly string[];
  /** Plausible values per column, in header order. */
  cells: Array<fc.Arbitrary<string>>;
}

/** A CSV file for an import: plausible or broken header and rows, any line breaks, BOMs, invalid UTF-8, other content types. */
export function csvBody(spec: CsvSpec): fc.Arbitrary<WireBody> {
  const goodHeader = spec.header.join(',');
  const header = fc.oneof(
    { weight: 8, arbitrary: fc.constant(goodHeader) },
    { weight: 1, arbitrary: fc.constant(`\ufeff${goodHeader}`) },
    { weight: 1, arbitrary: fc.constant(spec.header.map((h) => ` "${h}" `).join(',')) },
    { weight: 1, arbitrary: fc.constant([...spec.header].reverse().join(',')) },
    { weight: 1, arbitrary: fc.constant(`${goodHeader},extra`) },
    { weight: 1, arbitrary: fc.constant(spec.header.slice(1).join(',')) },
    { weight: 1, arbitrary: fc.constant(goodHeader.toUpperCase()) },
    { weight: 1, arbitrary: fc.constant(`\n\n,,,\n${goodHeader}`) },
    { weight: 1, arbitrary: fc.array(csvCell, { maxLength: 6 }).map((c) => c.join(',')) },
  );
  const goodRow = fc.tuple(...spec.cells);
  const row = fc.oneof(
    { weight: 6, arbitrary: goodRow },
    {
      weight: 4,
      arbitrary: fc.tuple(goodRow, fc.nat(), csvCell).map(([cells, at, bad]) => cells.map((c, i) => (i === at % cells.length ? bad : c))),
    },
    { weight: 1, arbitrary: fc.array(csvCell, { maxLength: spec.header.length + 2 }) },
    { weight: 1, arbitrary: goodRow.map((cells) => [...cells, 'extra']) },
    { weight: 1, arbitrary: fc.constant<string[]>([]) },
  );
  const newline = fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\r\r\n');
  const textCsv = fc
    .record({ header, rows: fc.array(row, { maxLength: 12 }), newline, trailing: fc.boolean() })
    .map(({ header: h, rows, newline: nl, trailing }) => [h, ...rows.map((r) => r.join(','))].join(nl) + (trailing ? nl : ''));
  const bytes = (s: string) => Buffer.from(s, 'utf8');
  const INVALID_UTF8 = [Buffer.from([0xff]), Buffer.from([0xc3, 0x28]), Buffer.from([0xe4, 0xb8]), Buffer.from([0xd5, 0xc5, 0xce, 0xb0]) /* 张伟 in GBK */, Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0x00])];
  return fc.oneof(
    { weight: 8, arbitrary: textCsv.map((payload) => new WireBody('text/csv', payload)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(textCsv, fc.constantFrom('text/csv; charset=utf-8', 'text/plain', 'text/csv; charset=gbk', 'text/csv; charset=utf-16le', 'text/csv; charset=bogus', 'application/json', 'application/octet-stream'))
        .map(([payload, contentType]) => new WireBody(contentType, payload)),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(textCsv, fc.nat(), fc.constantFrom(...INVALID_UTF8)).map(([s, at, junk]) => {
        const b = bytes(s);
        const i = b.length === 0 ? 0 : at % b.length;
        return new WireBody('text/csv', Buffer.concat([b.subarray(0, i), junk, b.subarray(i)]));
      }),
    },
    { weight: 1, arbitrary: textCsv.map((s) => new WireBody('text/csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes(s)]))) },
    { weight: 1, arbitrary: textCsv.map((s) => new WireBody('text/csv', Buffer.from(`\ufeff${s}`, 'utf16le'))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => new WireBody('text/csv', Buffer.from(b))) },
    // Not workbooks sent as .xlsx: random bytes, and bytes behind a zip signature.
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => new WireBody(XLSX_TYPE, Buffer.from(b))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }).map((b) => new WireBody(XLSX_TYPE, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(b)]))) },
    { weight: 1, arbitrary: jsonBody({}) },
  );
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// ---------------------------------------------------------------- paths and queries

const GARBAGE_PARAMS = [
  '..%2f', '..%2F..%2Fetc%2Fpasswd', '%2e%2e', '%00', '%25', '%2F', '%5C', 'null', 'undefined', '0', '-1', '1e309', 'NaN', '%20', '%E4%B8%AD%E6%96%87',
  '%F0%9F%98%80', '%C0%AE', '%FF', '%ZZ', '%', '%u0041', "'%3B%20DROP%20TABLE%20users%3B--", '00000000-0000-0000-0000-000000000000',
  '%7B00000000-0000-4000-8000-000000000000%7D', '00000000000040008000000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'g0000000-0000-4000-8000-000000000000',
  '2026-10', '2026-13', '2026-1', '2026-00', '1899-12', '2200-01', '2026-10-01', '202610', '9999-99', 'payments', 'PAYMENTS', 'bonuses', '__proto__', 'constructor',
];

/** A path segment that names nothing: malformed, encoded tricks, random UUIDs, long and Unicode strings. */
export const garbageParam: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...GARBAGE_PARAMS) },
  { weight: 3, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.uuid().map((u) => u.toUpperCase()) },
  { weight: 1, arbitrary: fc.uuid().map((u) => `${u}x`) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).map(encode) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 4_000 }).map((n) => 'a'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 30, max: 600 }).map((n) => encode('技'.repeat(n))) },
);

/** A real value half the time, garbage the rest. */
export function param(real: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(real.map(encode), garbageParam);
}

/** A query string from the list's own keys and a few others, with plausible and garbage values, sometimes badly encoded. */
export function queryString(keys: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const known = Object.keys(keys);
  const cursorOf = fc.array(weird, { maxLength: 3 }).map((key) => Buffer.from(jsonText(key)).toString('base64url'));
  const value = (key: string) =>
    fc.oneof(
      { weight: 4, arbitrary: keys[key] ?? fc.string() },
      { weight: 3, arbitrary: weird.map((v) => (typeof v === 'string' ? v : jsonText(v))) },
      { weight: key === 'cursor' ? 4 : 0, arbitrary: cursorOf },
    );
  const pair = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...(known.length > 0 ? known : ['limit'])).chain((k) => value(k).map((v) => `${encode(k)}=${encode(v)}`)) },
    { weight: 1, arbitrary: fc.constantFrom(...known.map((k) => `${k}[]=a`), ...known.map((k) => `${k}[a]=b`), ...known.map((k) => `${k}`), '%zz=1', 'limit=%', 'a=%E4%B8', '__proto__=1', 'constructor=x', '=', '&&') },
    { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 10 }), weird).map(([k, v]) => `${encode(k)}=${encode(typeof v === 'string' ? v : jsonText(v))}`) },
  );
  return fc.array(pair, { maxLength: 5 }).map((pairs) => (pairs.length === 0 ? '' : `?${pairs.join('&')}`));
}


/** Console usernames: mostly well-formed (3–64 of [A-Za-z0-9._@-]), sometimes not. */
export const username = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9._@-]{3,64}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
);

/** Passwords around the length bounds (10–200), with any characters. */
export const password = fc.oneof(
  { weight: 3, arbitrary: fc.string({ minLength: 10, maxLength: 40, unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 220 }) },
);
