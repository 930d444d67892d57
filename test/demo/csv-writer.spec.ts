import { parseCsv } from '../../src/core/csv/csv-parser';
import { csvField, toCsv } from '../../scripts/lib/csv';

/** The demo loader's and the bench's CSV writer: RFC 4180, read back by the service's own parser. */
describe('CSV writer (scripts/lib/csv.ts)', () => {
  it('leaves plain values bare and quotes a value with a comma, a double quote, CR or LF, doubling the quotes', () => {
    expect(csvField('王建国')).toBe('王建国');
    expect(csvField(150000)).toBe('150000');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('他说"好"')).toBe('"他说""好"""');
    expect(csvField('一行\n两行')).toBe('"一行\n两行"');
    expect(csvField('回车\r')).toBe('"回车\r"');
  });

  it('writes CRLF-terminated records that the service parses back to the same values', () => {
    const header = ['name', 'note'] as const;
    const rows = [
      ['上海松江精密机械有限公司, 车墩', '调离"生产一线"岗位'],
      ['两行', '第一行\r\n第二行'],
      ['空', ''],
    ];
    const text = toCsv([header, ...rows]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text, header).rows.map((r) => [r.values.name, r.values.note])).toEqual(rows);
  });
});
