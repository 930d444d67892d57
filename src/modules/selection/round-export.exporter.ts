import ExcelJS from 'exceljs';
import { CHANNEL_LABELS, INDUSTRY_LABELS, SKILL_LEVEL_LABELS, STAGE_LABELS } from './application-rules';
import type { SkillLevel } from './entities/selection-application.entity';
import type { SelectionRound } from './entities/selection-round.entity';
import type { ApplicationRow } from './selection.repository';

// eslint-disable-next-line no-control-regex -- what XML 1.0 cannot hold would make the workbook unreadable
const NOT_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const cell = (v: string | null | undefined) => (v ?? '').replace(NOT_XML, '');

const COLUMNS: Array<{ header: string; width: number; value: (a: ApplicationRow) => string }> = [
  { header: '序号', width: 6, value: () => '' },
  { header: '姓名', width: 10, value: (a) => a.talent_name },
  { header: '性别', width: 6, value: (a) => (a.gender === 'male' ? '男' : '女') },
  { header: '身份证号（脱敏）', width: 22, value: (a) => a.id_number_masked },
  { header: '工作单位', width: 28, value: (a) => a.employer_name },
  { header: '单位性质', width: 10, value: (a) => (a.employer_sector === 'public_institution' ? '事业单位' : '企业') },
  { header: '推荐方式', width: 16, value: (a) => CHANNEL_LABELS[a.channel] },
  { header: '推荐单位（街镇/主管部门）', width: 22, value: (a) => a.recommender_name },
  { header: '工种', width: 14, value: (a) => a.occupation },
  { header: '技能等级', width: 12, value: (a) => `${SKILL_LEVEL_LABELS[a.skill_level as SkillLevel]}${a.skill_recognised_by ? `（${a.skill_recognised_by}）` : ''}` },
  { header: '岗位', width: 14, value: (a) => a.post },
  { header: '所属产业', width: 12, value: (a) => INDUSTRY_LABELS[a.industry] },
  { header: '主要业绩', width: 40, value: (a) => cell(a.achievements) },
  { header: '获奖情况', width: 30, value: (a) => cell(a.awards) },
  { header: '专利', width: 30, value: (a) => cell(a.patents) },
  { header: '工作团队', width: 30, value: (a) => cell(a.team) },
  { header: '已认定人才类别', width: 20, value: (a) => cell(a.other_titles) },
  { header: '单位支持措施', width: 30, value: (a) => cell(a.employer_support) },
  { header: '提示', width: 30, value: (a) => a.warnings.map((w) => w.message).join('；') },
  { header: '申报日期', width: 12, value: (a) => a.filed_on },
  { header: '推荐意见', width: 30, value: (a) => (a.recommendation ? `${a.recommendation === 'recommend' ? '推荐' : '不推荐'}：${a.recommendation_comment ?? ''}` : '') },
  { header: '资格审查', width: 30, value: (a) => (a.eligibility ? `${a.eligibility === 'eligible' ? '通过' : '不通过'}：${a.eligibility_reasons ?? ''}${a.false_material ? '（虚假材料）' : ''}` : '') },
  { header: '当前环节', width: 14, value: (a) => STAGE_LABELS[a.stage] ?? a.stage },
];

/**
 * The round's applications as `.xlsx` (SPEC §3.8: at any stage), one row each,
 * with the 申报表 fields and the outcome of each step so far. The review
 * steps add their sheets (scores per item, the publicity list) through `more`.
 */
export async function exportRound(round: SelectionRound, status: string, rows: ApplicationRow[], more?: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('申报汇总', {
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' },
  });
  sheet.addRow([`松江区首席技师选拔（${round.cohort}届）申报汇总\u3000名额 ${round.quota}\u3000申报期 ${round.applicationsOpen} 至 ${round.applicationsClose}\u3000状态 ${status}\u3000共 ${rows.length} 份`]);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.addRow(COLUMNS.map((c) => c.header));
  sheet.getRow(2).font = { bold: true };
  COLUMNS.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width));
  rows.forEach((a, i) => {
    const values: Array<string | number> = COLUMNS.map((c) => cell(c.value(a)));
    values[0] = i + 1;
    sheet.addRow(values);
  });
  more?.(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
