import { nextImportIdNumber } from './ids';
import type { TestApp } from './test-app';

export const IMPORT_HEADER = 'name,idNumber,employerCreditCode,cohort,designatedOn';

export interface CohortRow {
  name: string;
  idNumber: string;
  employerCreditCode: string;
  cohort: string;
  designatedOn: string;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕晓东春梅国庆红梅文斌永康立新德胜宏伟振华';

/** A plausible Chinese name of two or three characters. */
export function chineseName(i: number): string {
  const surname = SURNAMES[i % SURNAMES.length];
  const first = GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length];
  const second = GIVEN[Math.floor(i / (SURNAMES.length * GIVEN.length)) % GIVEN.length];
  return i < SURNAMES.length * GIVEN.length ? surname + first : surname + first + second;
}

/** Rows for a whole cohort with fresh people. */
export function cohortRows(n: number, fields: { employerCreditCode: string; cohort: string; designatedOn: string }): CohortRow[] {
  return Array.from({ length: n }, (_, i) => ({ name: chineseName(i), idNumber: nextImportIdNumber(), ...fields }));
}

export function toCsv(rows: CohortRow[], options: { eol?: string; bom?: boolean; header?: string } = {}): string {
  const eol = options.eol ?? '\n';
  const lines = [options.header ?? IMPORT_HEADER, ...rows.map((r) => [r.name, r.idNumber, r.employerCreditCode, r.cohort, r.designatedOn].join(','))];
  return (options.bom ? '\uFEFF' : '') + lines.join(eol) + eol;
}

/** Counts of everything an import writes, to prove that a refused file wrote nothing. */
export async function importFootprint(t: TestApp): Promise<{ talents: number; designations: number; events: number; audit: number }> {
  const [row] = await t.db.query(
    `SELECT (SELECT count(*)::int FROM talents) AS talents, (SELECT count(*)::int FROM designations) AS designations,
            (SELECT count(*)::int FROM designation_events) AS events, (SELECT count(*)::int FROM audit_events) AS audit`,
  );
  return row;
}
