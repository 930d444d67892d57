import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CsvFormatError, DEFAULT_MAX_CSV_ROWS, DEFAULT_MAX_CSV_VALUE_CHARS, parseCsv } from '../../src/core/csv/csv-parser';

/** The compiled parser (npm run build), for a run in a process of its own with a small heap. */
const COMPILED_PARSER = join(__dirname, '../../dist/src/core/csv/csv-parser.js');

const HEADER = ['name', 'idNumber', 'employerCreditCode', 'cohort', 'designatedOn'] as const;
const HEADER_LINE = HEADER.join(',');

/** The thrown CsvFormatError, so that message and row can be checked together. */
function failure(run: () => unknown): CsvFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof CsvFormatError) return error;
    throw error;
  }
  throw new Error('expected a CsvFormatError');
}

describe('parseCsv: accepted input', () => {
  it('reads a plain LF file and numbers rows as Excel does: header row 1, first data row 2', () => {
    const csv = `${HEADER_LINE}\n张三,310117198506121232,91350100M000100Y43,2024,2024-05-01\n李四,310117199003070044,914403001922038216,2024,2024-05-02\n`;
    expect(parseCsv(csv, HEADER).rows).toEqual([
      {
        row: 2,
        values: {
          name: '张三',
          idNumber: '310117198506121232',
          employerCreditCode: '91350100M000100Y43',
          cohort: '2024',
          designatedOn: '2024-05-01',
        },
      },
      {
        row: 3,
        values: {
          name: '李四',
          idNumber: '310117199003070044',
          employerCreditCode: '914403001922038216',
          cohort: '2024',
          designatedOn: '2024-05-02',
        },
      },
    ]);
  });

  it('keeps Chinese names, including rare characters outside the BMP, intact', () => {
    const csv = `name,note\n欧阳娜娜,上海市松江区\n𠮷野家,"王 小明"\n`;
    expect(parseCsv(csv, ['name', 'note']).rows.map((r) => r.values)).toEqual([
      { name: '欧阳娜娜', note: '上海市松江区' },
      { name: '𠮷野家', note: '王 小明' },
    ]);
  });

  it('strips a UTF-8 BOM from a string', () => {
    expect(parseCsv('\uFEFFa,b\r\n1,2\r\n', ['a', 'b']).rows).toEqual([{ row: 2, values: { a: '1', b: '2' } }]);
  });

  it('decodes a Buffer as UTF-8 and strips its BOM, as Excel "CSV UTF-8" writes it', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('姓名,b\r\n张三,2\r\n', 'utf8')]);
    expect(parseCsv(bytes, ['姓名', 'b']).rows).toEqual([{ row: 2, values: { 姓名: '张三', b: '2' } }]);
  });

  it('accepts a Buffer without BOM and a plain Uint8Array', () => {
    const text = 'a,b\n1,2\n';
    expect(parseCsv(Buffer.from(text), ['a', 'b']).rows).toHaveLength(1);
    expect(parseCsv(new TextEncoder().encode(text), ['a', 'b']).rows).toHaveLength(1);
  });

  it('accepts CRLF, LF, lone CR and mixed line endings, with or without a final line break', () => {
    const expected = [
      { row: 2, values: { a: '1', b: '2' } },
      { row: 3, values: { a: '3', b: '4' } },
    ];
    expect(parseCsv('a,b\r\n1,2\r\n3,4\r\n', ['a', 'b']).rows).toEqual(expected);
    expect(parseCsv('a,b\r\n1,2\r\n3,4', ['a', 'b']).rows).toEqual(expected);
    expect(parseCsv('a,b\n1,2\n3,4', ['a', 'b']).rows).toEqual(expected);
    expect(parseCsv('a,b\r1,2\r3,4\r', ['a', 'b']).rows).toEqual(expected);
    expect(parseCsv('a,b\n1,2\r\n3,4\n', ['a', 'b']).rows).toEqual(expected);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks; a multi-line record is one row', () => {
    const csv = 'a,b,c\r\n"x, y","say ""hi""","line 1\r\nline 2"\r\n"",plain,"a\nb"\r\nlast,"""",""""""\r\n';
    expect(parseCsv(csv, ['a', 'b', 'c']).rows).toEqual([
      { row: 2, values: { a: 'x, y', b: 'say "hi"', c: 'line 1\r\nline 2' } },
      { row: 3, values: { a: '', b: 'plain', c: 'a\nb' } },
      { row: 4, values: { a: 'last', b: '"', c: '""' } },
    ]);
  });

  it('trims unquoted values but keeps whitespace inside quotes, and allows whitespace around quotes', () => {
    const csv = 'a,b,c\n  1 ,\t2\t, " 3 " \n';
    expect(parseCsv(csv, ['a', 'b', 'c']).rows[0].values).toEqual({ a: '1', b: '2', c: ' 3 ' });
  });

  it('keeps empty unquoted values as empty strings', () => {
    expect(parseCsv('a,b,c\n1,,\n', ['a', 'b', 'c']).rows[0].values).toEqual({ a: '1', b: '', c: '' });
  });

  it('compares header names after trimming, quoted or not', () => {
    expect(parseCsv(' a , "b" ,"  c"\n1,2,3\n', ['a', 'b', 'c']).rows).toHaveLength(1);
  });

  it('gives zero rows for a header-only file, with or without a line break', () => {
    expect(parseCsv(HEADER_LINE, HEADER).rows).toEqual([]);
    expect(parseCsv(`${HEADER_LINE}\r\n`, HEADER).rows).toEqual([]);
    expect(parseCsv(`${HEADER_LINE}\n\n\n`, HEADER).rows).toEqual([]);
  });

  it('ignores trailing blank lines, whitespace-only lines and Excel cleared-cell rows', () => {
    const csv = 'a,b\r\n1,2\r\n\r\n   \r\n,\r\n,,,,\r\n\r\n';
    expect(parseCsv(csv, ['a', 'b']).rows).toEqual([{ row: 2, values: { a: '1', b: '2' } }]);
  });

  it('skips blank lines in the middle but keeps counting them, as Excel rows do', () => {
    const csv = 'a,b\n1,2\n\n3,4\n,\n"5\n5",6\n7,8\n';
    expect(parseCsv(csv, ['a', 'b']).rows.map((r) => [r.row, r.values.a])).toEqual([
      [2, '1'],
      [4, '3'],
      [6, '5\n5'],
      [7, '7'],
    ]);
  });

  it('skips blank lines before the header, counting them as Excel shows them', () => {
    expect(parseCsv('\n\r\na,b\n1,2\n', ['a', 'b']).rows).toEqual([{ row: 4, values: { a: '1', b: '2' } }]);
  });

  it('returns values that do not inherit Object.prototype members', () => {
    const { values } = parseCsv('a\n1\n', ['a']).rows[0];
    expect('toString' in values).toBe(false);
    expect(Object.keys(values)).toEqual(['a']);
  });

  it('parses a 10,000-row file correctly', () => {
    const count = 10_000;
    const lines = [HEADER_LINE];
    for (let i = 1; i <= count; i++) {
      const name = i % 3 === 0 ? `"王, ""${i}"""` : `张${i}`;
      lines.push(`${name},3101171985061${String(i).padStart(5, '0')},91350100M000100Y43,2024,2024-05-01`);
    }
    const rows = parseCsv(`\uFEFF${lines.join('\r\n')}\r\n`, HEADER).rows;
    expect(rows).toHaveLength(count);
    // Collected rather than asserted one by one: 30,000 expect calls cost seconds.
    const wrong = rows.filter((r, index) => {
      const i = index + 1;
      return (
        r.row !== i + 1 ||
        r.values.name !== (i % 3 === 0 ? `王, "${i}"` : `张${i}`) ||
        r.values.idNumber !== `3101171985061${String(i).padStart(5, '0')}` ||
        r.values.designatedOn !== '2024-05-01'
      );
    });
    expect(wrong).toEqual([]);
  });

  // Its speed is npm run bench's concern (the designations import), never a timed assertion here.
  it('parses a ~20 MB Buffer of 100,000 rows', () => {
    const line = '"欧阳, 娜娜",310117198506121232,91350100M000100Y43,2024,"2024-05-01' + ' '.repeat(120) + '"';
    const body = Buffer.from(`${HEADER_LINE}\n${`${line}\n`.repeat(DEFAULT_MAX_CSV_ROWS)}`, 'utf8');
    expect(body.length).toBeGreaterThan(19_000_000);
    const rows = parseCsv(body, HEADER).rows;
    expect(rows).toHaveLength(DEFAULT_MAX_CSV_ROWS);
    expect(rows[DEFAULT_MAX_CSV_ROWS - 1]).toMatchObject({ row: DEFAULT_MAX_CSV_ROWS + 1, values: { name: '欧阳, 娜娜' } });
  });
});

describe('parseCsv: rejected input', () => {
  it('rejects empty input, a lone BOM and whitespace-only files as empty', () => {
    for (const input of ['', '\uFEFF', '\r\n\r\n', '  \n\t\n', Buffer.alloc(0), Buffer.from([0xef, 0xbb, 0xbf])]) {
      const error = failure(() => parseCsv(input, HEADER));
      expect(error.message).toBe('CSV file is empty');
      expect(error.row).toBeUndefined();
    }
  });

  it('rejects a wrong header, naming the expected one', () => {
    const cases = [
      'name,idNumber,employerCreditCode,cohort', // a column missing
      `${HEADER_LINE},extra`, // a column too many
      'Name,idNumber,employerCreditCode,cohort,designatedOn', // case matters
      'name,employerCreditCode,idNumber,cohort,designatedOn', // order matters
      '姓名,身份证号,单位统一社会信用代码,批次,认定日期', // headings other than the labels given
    ];
    for (const header of cases) {
      const error = failure(() => parseCsv(`${header}\n`, HEADER));
      expect(error).toBeInstanceOf(CsvFormatError);
      expect(error.message).toBe(
        `CSV header must be exactly: name,idNumber,employerCreditCode,cohort,designatedOn (found: ${header})`,
      );
      expect(error.row).toBeUndefined();
    }
  });

  it('reports a wrong column count with the sheet row number (header = row 1)', () => {
    const csv = `${HEADER_LINE}\r\n${'a,b,c,d,e\r\n'.repeat(6)}a,b,c,d\r\n`;
    const error = failure(() => parseCsv(csv, HEADER));
    expect(error.message).toBe('row 8: expected 5 columns, found 4');
    expect(error.row).toBe(8);
    expect(failure(() => parseCsv('a,b\n1,2,\n', ['a', 'b'])).message).toBe('row 2: expected 2 columns, found 3');
  });

  it('counts skipped blank lines and multi-line fields when numbering a bad row', () => {
    const csv = 'a,b\n1,2\n\n"x\ny\nz",3\n4\n';
    const error = failure(() => parseCsv(csv, ['a', 'b']));
    expect(error.message).toBe('row 5: expected 2 columns, found 1');
    expect(error.row).toBe(5);
  });

  it('reports an unterminated quoted field at the row where it opens', () => {
    const csv = `a,b\n${'1,2\n'.repeat(11)}3,"never closed\n4,5\n6,7\n`;
    const error = failure(() => parseCsv(csv, ['a', 'b']));
    expect(error.message).toBe('row 13: unterminated quoted field in column 2');
    expect(error.row).toBe(13);
  });

  it('reports an unterminated quote in the header', () => {
    const error = failure(() => parseCsv('a,"b\n1,2\n', ['a', 'b']));
    expect(error.message).toBe('CSV header: unterminated quoted field in column 2');
    expect(error.row).toBeUndefined();
  });

  it('rejects a quote inside an unquoted value', () => {
    const error = failure(() => parseCsv('a,b\n1,2\n3,王"小"明\n', ['a', 'b']));
    expect(error.message).toMatch(/^row 3: quote character inside unquoted value in column 2;/);
    expect(error.row).toBe(3);
    expect(failure(() => parseCsv('a,b\n1,2 "\n', ['a', 'b'])).row).toBe(2);
  });

  it('rejects text after a closing quote', () => {
    const error = failure(() => parseCsv('a,b\n"1"x,2\n', ['a', 'b']));
    expect(error.message).toBe('row 2: unexpected text after the closing quote in column 1');
    expect(error.row).toBe(2);
    expect(failure(() => parseCsv('a,b\n"1" "2",3\n', ['a', 'b'])).row).toBe(2);
  });

  it('rejects a Buffer that is not valid UTF-8, such as a GBK export from Chinese Excel', () => {
    // 张三 in GBK is D5 C5 C8 FD.
    const gbk = Buffer.concat([Buffer.from('name,b\r\n'), Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]), Buffer.from(',1\r\n')]);
    for (const input of [gbk, Buffer.from([0x61, 0xff, 0x0a]), Buffer.from([0x61, 0xe5, 0xbc])]) {
      const error = failure(() => parseCsv(input, ['name', 'b']));
      expect(error.message).toBe('CSV file is not valid UTF-8 (in Excel, save it as "CSV UTF-8")');
      expect(error.row).toBeUndefined();
    }
  });

  it('rejects a string that was already decoded lossily (contains U+FFFD)', () => {
    const lossy = Buffer.from([0x6e, 0x2c, 0x62, 0x0a, 0xd5, 0xc5, 0x2c, 0x31, 0x0a]).toString('utf8');
    expect(failure(() => parseCsv(lossy, ['n', 'b'])).message).toBe(
      'CSV file is not valid UTF-8 (in Excel, save it as "CSV UTF-8")',
    );
  });

  it('rejects more data rows than maxRows, not counting blank rows', () => {
    expect(parseCsv('a\n1\n\n2\n3\n', ['a'], { maxRows: 3 }).rows).toHaveLength(3);
    const error = failure(() => parseCsv('a\n1\n\n2\n3\n4\n', ['a'], { maxRows: 3 }));
    expect(error.message).toBe('CSV file has more than 3 data rows; split it into smaller files');
    expect(error.row).toBe(6);
  });

  it('applies the default limit of 100,000 data rows', () => {
    expect(DEFAULT_MAX_CSV_ROWS).toBe(100_000);
    const csv = `a\n${'1\n'.repeat(DEFAULT_MAX_CSV_ROWS + 1)}`;
    expect(failure(() => parseCsv(csv, ['a'])).row).toBe(DEFAULT_MAX_CSV_ROWS + 2);
    expect(parseCsv(`a\n${'1\n'.repeat(DEFAULT_MAX_CSV_ROWS)}`, ['a']).rows).toHaveLength(DEFAULT_MAX_CSV_ROWS);
  });

  it('is an Error with its own name', () => {
    const error = failure(() => parseCsv('', ['a']));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('CsvFormatError');
  });

  it('accepts each column by its key or its label, labels compared after NFKC (full-width brackets)', () => {
    const options = { labels: ['身份证号', '金额（分）'] };
    for (const header of ['idNumber,amountFen', '身份证号,金额（分）', '身份证号,金额(分)', 'idNumber,金额（分）']) {
      expect(parseCsv(`${header}\n1,2\n`, ['idNumber', 'amountFen'], options).rows).toEqual([{ row: 2, values: { idNumber: '1', amountFen: '2' } }]);
    }
    // Full-width brackets in a key itself (the roster's 金额（元）) match too.
    expect(parseCsv('金额（元）\n1\n', ['金额（元）']).rows).toHaveLength(1);
    expect(failure(() => parseCsv('金额（分）,身份证号\n1,2\n', ['idNumber', 'amountFen'], options)).message).toBe(
      'CSV header must be exactly: idNumber,amountFen (or 身份证号,金额（分）) (found: 金额（分）,身份证号)',
    );
  });

  it('rejects caller mistakes with a RangeError rather than a CsvFormatError', () => {
    expect(() => parseCsv('a\n1\n', ['a'], { maxRows: 0 })).toThrow(RangeError);
    expect(() => parseCsv('a\n1\n', ['a'], { maxValueChars: 0 })).toThrow(RangeError);
    expect(() => parseCsv('a\n1\n', [])).toThrow(RangeError);
  });
});

describe('parseCsv: bounded work for hostile files (issue 13.5, 13.6)', () => {
  it('refuses a value longer than maxValueChars (default 1,000), quoted or not, naming row and column', () => {
    expect(DEFAULT_MAX_CSV_VALUE_CHARS).toBe(1_000);
    const long = 'x'.repeat(1_001);
    expect(parseCsv(`a,b\n1,${'x'.repeat(1_000)}\n`, ['a', 'b']).rows).toHaveLength(1);
    for (const cell of [long, `"${long}"`, `"${'""'.repeat(1_001)}"`]) {
      const error = failure(() => parseCsv(`a,b\n1,2\n1,${cell}\n`, ['a', 'b']));
      expect(error.message).toBe('row 3: value in column 2 is longer than 1000 characters');
      expect(error.row).toBe(3);
    }
    expect(failure(() => parseCsv('a,b\n1,12345\n', ['a', 'b'], { maxValueChars: 4 })).message).toBe('row 2: value in column 2 is longer than 4 characters');
  });

  it('counts values past the last column without keeping them, and still skips a long row of commas', () => {
    expect(parseCsv(`a,b\n1,2\n${','.repeat(100_000)}\n`, ['a', 'b']).rows).toHaveLength(1);
    expect(failure(() => parseCsv(`a,b\n${'x,'.repeat(50_000)}\n`, ['a', 'b'])).message).toBe('row 2: expected 2 columns, found 50001');
    expect(failure(() => parseCsv(`a,b\n1,2,,,"",  \n`, ['a', 'b'])).message).toBe('row 2: expected 2 columns, found 6');
    expect(failure(() => parseCsv(`a,b,${'c,'.repeat(100)}\n`, ['a', 'b'])).message).toMatch(/^CSV header must be exactly: a,b \(found: a,b,c,c,.*,…\)$/);
  });

  it.each([
    ['U+FFFE', '王\uFFFE', 'must not contain U+FFFE, a Unicode non-character'],
    ['U+FFFF', '王\uFFFF', 'must not contain U+FFFF, a Unicode non-character'],
    ['U+FDEF', '\uFDEF', 'must not contain U+FDEF, a Unicode non-character'],
    ['U+2FFFE', '\u{2FFFE}', 'must not contain U+2FFFE, a Unicode non-character'],
    ['a control character', 'a\u0007b', 'must not contain the control character U+0007'],
    ['NUL', 'a\u0000', 'must not contain the NUL character (U+0000)'],
  ])('refuses %s in a value, naming row and column', (_what, value, message) => {
    for (const input of [`a,b\n1,2\nx,"${value}"\n`, Buffer.from(`a,b\n1,2\nx,${value}\n`, 'utf8')]) {
      const error = failure(() => parseCsv(input, ['a', 'b']));
      expect(error.message).toBe(`row 3, column b: ${message}`);
      expect(error.row).toBe(3);
    }
  });

  it('keeps tabs and line breaks inside quoted values', () => {
    expect(parseCsv('a,b\n"x\ty","1\r\n2"\n', ['a', 'b']).rows[0].values).toEqual({ a: 'x\ty', b: '1\r\n2' });
  });

  // A 24 MB line of commas once grew the heap by hundreds of megabytes (an array of 24 million empty values).
  (existsSync(COMPILED_PARSER) ? it : it.skip)('parses a 24 MB line of commas, and one of 12 million cells, in a 64 MB heap (needs npm run build)', () => {
    const script = `
      const { parseCsv } = require(${JSON.stringify(COMPILED_PARSER)});
      for (const line of [','.repeat(24 * 1024 * 1024), 'x,'.repeat(12 * 1024 * 1024)]) {
        try { process.stdout.write('rows ' + parseCsv(Buffer.from('a,b\\n' + line + '\\n'), ['a', 'b']).rows.length + '\\n'); }
        catch (error) { process.stdout.write(error.message + '\\n'); }
      }`;
    const out = execFileSync(process.execPath, ['--max-old-space-size=64', '-e', script], { encoding: 'utf8' });
    expect(out).toBe(`rows 0\nrow 2: expected 2 columns, found ${12 * 1024 * 1024 + 1}\n`);
  }, 60_000);
});
