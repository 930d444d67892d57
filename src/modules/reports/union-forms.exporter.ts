import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import type { Principal } from '../../core/context/request-context';
import { NotFoundError } from '../../core/errors/domain-error';
import { SHANGHAI_CRAFTSMAN } from '../talents/dto/create-honour.dto';
import type { UnionForm } from './dto/report-query.dto';
import { cellText } from './report-workbook';
import { WORKSHOP_KIND } from '../../../web/src/shared/labels';

export interface UnionWorkshopFigures {
  union: { id: string; name: string; level: string };
  year: number;
  /** 本地区、本系统工匠创新工作室创建数: craftsman workshops named by the end of the year and not revoked. */
  craftsmanWorkshops: number;
  results: number;
  activities: number;
  patents: { invention: number; utilityModel: number; design: number };
  /** Every workshop of the union (and the unions under it), with the year's record if one was filed. */
  workshops: Array<{ name: string; kind: string; employer: string; lead: string; namedOn: string; status: string; recorded: boolean; results: number; invention: number; utilityModel: number; design: number; activities: number }>;
  /** 获得“上海工匠”总人数: people of the union's employers holding the title at the end of the year. */
  shanghaiCraftsmen: number;
}

const BORDER: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
const KIND_LABELS: Record<string, string> = WORKSHOP_KIND;

/**
 * The unions' yearly statistics forms, in the forms' own layout (policy 004 附件2,
 * 001 附件3): label cells as printed on the form, the figures the service holds
 * filled in, every other field (contact person, yes/no boxes, what only the
 * union knows) left blank for the union to complete.
 */
@Injectable()
export class UnionFormsExporter {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** SPEC §5: admin and the city office any union; a union its own and those under it; anything else 404. */
  async figures(unionId: string, year: number, principal: Principal): Promise<UnionWorkshopFigures> {
    const [union]: Array<{ id: string; name: string; level: string; parent_id: string | null }> = await this.db.query(
      `SELECT id, name, level, parent_id FROM organizations WHERE id = $1 AND kind = 'union'`,
      [unionId],
    );
    const mine = principal.role !== 'union' || (principal.organizationId !== null && (union?.id === principal.organizationId || union?.parent_id === principal.organizationId));
    if (!union || !mine) throw new NotFoundError('union', unionId);
    const yearEnd = `${year}-12-31`;
    // Workshops of this union or of the unions under it.
    const workshops: Array<Record<string, unknown>> = await this.db.query(
      `SELECT w.name, w.kind, e.name AS employer, t.name AS lead, w.named_on::text AS named_on, w.status,
              r.workshop_id IS NOT NULL AS recorded, COALESCE(r.results, 0) AS results, COALESCE(r.invention_patents, 0) AS invention,
              COALESCE(r.utility_model_patents, 0) AS utility_model, COALESCE(r.design_patents, 0) AS design, COALESCE(r.activities, 0) AS activities
         FROM workshops w JOIN organizations e ON e.id = w.employer_id JOIN talents t ON t.id = w.lead_talent_id
         LEFT JOIN organizations u ON u.id = w.union_id
         LEFT JOIN workshop_annual_results r ON r.workshop_id = w.id AND r.year = $2
        WHERE (w.union_id = $1 OR u.parent_id = $1) AND w.named_on <= $3::date
        ORDER BY w.kind DESC, w.named_on, w.name, w.id`,
      [unionId, year, yearEnd],
    );
    const [craftsmen]: Array<{ n: number }> = await this.db.query(
      `SELECT count(DISTINCT h.talent_id)::int AS n
         FROM honours h JOIN talents t ON t.id = h.talent_id JOIN organizations e ON e.id = t.employer_id LEFT JOIN organizations u ON u.id = e.union_id
        WHERE h.title = $2 AND h.revoked_at IS NULL AND h.awarded_on <= $3::date AND (e.union_id = $1 OR u.parent_id = $1)`,
      [unionId, SHANGHAI_CRAFTSMAN, yearEnd],
    );
    const list = workshops.map((w) => ({
      name: String(w.name),
      kind: String(w.kind),
      employer: String(w.employer),
      lead: String(w.lead),
      namedOn: String(w.named_on),
      status: String(w.status),
      recorded: Boolean(w.recorded),
      results: Number(w.results),
      invention: Number(w.invention),
      utilityModel: Number(w.utility_model),
      design: Number(w.design),
      activities: Number(w.activities),
    }));
    const sum = (k: 'results' | 'invention' | 'utilityModel' | 'design' | 'activities') => list.reduce((s, w) => s + w[k], 0);
    return {
      union: { id: union.id, name: union.name, level: union.level },
      year,
      craftsmanWorkshops: list.filter((w) => w.kind === 'craftsman_innovation' && w.status !== 'revoked').length,
      results: sum('results'),
      activities: sum('activities'),
      patents: { invention: sum('invention'), utilityModel: sum('utilityModel'), design: sum('design') },
      workshops: list,
      shanghaiCraftsmen: craftsmen.n,
    };
  }

  fileNames(form: UnionForm, f: UnionWorkshopFigures): [string, string] {
    return form === '001-3'
      ? [`craftsmen-${f.year}.xlsx`, `“上海工匠”培养选树工作情况统计表-${f.union.name}-${f.year}.xlsx`]
      : [`workshops-${f.year}.xlsx`, `区局（产业）工会工匠创新工作室创建情况统计表-${f.union.name}-${f.year}.xlsx`];
  }

  async xlsx(form: UnionForm, f: UnionWorkshopFigures): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    if (form === '001-3') this.craftsmenForm(workbook, f);
    else this.workshopForm(workbook, f);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  /** 区局（产业）工会工匠创新工作室创建情况统计表 (004 附件2), four columns A–D as on the form. */
  private workshopForm(workbook: ExcelJS.Workbook, f: UnionWorkshopFigures): void {
    const s = form(workbook, '统计表', [34, 22, 30, 22]);
    title(s, 1, '区局（产业）工会工匠创新工作室创建情况统计表');
    line(s, 2, '区局（产业）工会名称', f.union.name);
    cells(s, 3, ['联系人', null, '联系方式', null]);
    line(s, 4, '是否开展本地区、本系统工作室创建活动（附方案、小结等）', '□ 是     □ 否');
    line(s, 5, '本地区、本系统工匠创新工作室创建数', f.craftsmanWorkshops);
    line(s, 6, '本地区、本系统创新工作室创新成果数量', f.results);
    line(s, 7, '本地区、本系统创新工作室联盟（交流）活动次数', f.activities);
    cells(s, 8, ['创新成果专利情况', '发明专利（项）', '实用新型（项）', '外观设计（项）']);
    cells(s, 9, [null, f.patents.invention, f.patents.utilityModel, f.patents.design]);
    s.mergeCells('A8:A9');
    title(s, 10, `${f.year}年度上海市工匠创新工作室申报汇总情况`, false);
    cells(s, 11, ['序号', '申报单位', '工作室名称', '领衔人']);
    // Applications to the city are not in the service: the five numbered rows stay for the union to fill.
    for (let n = 1; n <= 5; n++) cells(s, 11 + n, [n, null, null, null]);
    line(s, 17, '区局（产业）工会意见', '盖章：\n\n年    月    日');
    s.getRow(17).height = 60;
    s.getCell('A19').value = '注：空白栏为本系统未掌握的内容，由工会填写；成果、活动、专利为所属工作室在本系统登记的当年数据合计（见“工作室明细”）。';

    const d = form(workbook, '工作室明细', [6, 30, 20, 30, 10, 12, 10, 10, 10, 10, 10, 10]);
    title(d, 1, `${f.union.name} ${f.year}年度工作室成果登记明细`, false, 'L');
    cells(d, 2, ['序号', '工作室名称', '类型', '所属单位', '领衔人', '命名日期', '已登记', '创新成果', '发明专利', '实用新型', '外观设计', '交流活动']);
    f.workshops.forEach((w, i) =>
      cells(d, 3 + i, [i + 1, w.name, KIND_LABELS[w.kind] ?? w.kind, w.employer, w.lead, w.namedOn, w.recorded ? '是' : '否', w.results, w.invention, w.utilityModel, w.design, w.activities]),
    );
    cells(d, 3 + f.workshops.length, ['合计', null, null, null, null, null, null, f.results, f.patents.invention, f.patents.utilityModel, f.patents.design, f.activities]);
  }

  /** “上海工匠”培养选树工作情况统计表 (001 附件3): only 获得“上海工匠”总人数 is known to the service. */
  private craftsmenForm(workbook: ExcelJS.Workbook, f: UnionWorkshopFigures): void {
    const s = form(workbook, '统计表', [30, 20, 30, 20]);
    title(s, 1, '“上海工匠”培养选树工作情况统计表');
    line(s, 2, '区局（产业）工会/社团', f.union.name);
    cells(s, 3, ['联系人', null, '联系方式', null]);
    title(s, 4, '历年工匠培养选树工作情况（附小结）', false);
    line(s, 5, '何时起开展工匠培养选树命名活动', '        年');
    cells(s, 6, ['活动参与总人数', null, '本地区、本系统工匠选树总人数', null]);
    cells(s, 7, ['申报“上海工匠”总人数', null, '获得“上海工匠”总人数', f.shanghaiCraftsmen]);
    line(s, 8, '是否有下属工会开展工匠培养选树命名活动', '□ 是   □ 否');
    title(s, 9, `${f.year}年上海工匠培养选树工作情况`, false);
    line(s, 10, '是否开展本地区、本系统工匠培养选树命名活动（附方案）', '□ 是   □ 否');
    cells(s, 11, ['活动参与人数', '本地区、本系统工匠选树人数', '申报“上海工匠”人数', '参与活动职工月平均可支配收入']);
    cells(s, 12, [null, null, null, null]);
    line(s, 13, '区局（产业）工会/社团意见', '盖章：\n\n年    月    日');
    s.getRow(13).height = 60;
    s.getCell('A15').value = `注：获得“上海工匠”总人数为截至 ${f.year}-12-31 本系统所属单位在册人员持有该称号的人数；空白栏由工会填写。`;
  }
}

function form(workbook: ExcelJS.Workbook, name: string, widths: number[]): ExcelJS.Worksheet {
  const s = workbook.addWorksheet(name, { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  widths.forEach((w, i) => (s.getColumn(i + 1).width = w));
  return s;
}

function cells(s: ExcelJS.Worksheet, row: number, values: Array<string | number | null>): void {
  values.forEach((v, i) => {
    const cell = s.getRow(row).getCell(i + 1);
    cell.value = cellText(v);
    cell.border = BORDER;
    cell.alignment = { vertical: 'middle', horizontal: typeof v === 'number' ? 'center' : 'left', wrapText: true };
  });
}

/** A label in A and its value across B–D. */
function line(s: ExcelJS.Worksheet, row: number, label: string, value: string | number): void {
  cells(s, row, [label, value, null, null]);
  s.mergeCells(row, 2, row, 4);
}

function title(s: ExcelJS.Worksheet, row: number, text: string, big = true, align: 'C' | 'L' = 'C'): void {
  const cell = s.getCell(row, 1);
  cell.value = text;
  cell.font = { bold: true, size: big ? 16 : 12 };
  cell.alignment = { horizontal: align === 'C' ? 'center' : 'left', vertical: 'middle' };
  s.mergeCells(row, 1, row, 4);
  if (big) s.getRow(row).height = 32;
}
