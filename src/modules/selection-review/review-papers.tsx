import ExcelJS from 'exceljs';
import { GAP, printedDate, renderPage } from '../../core/print/printable-page';
import type { ReviewApplicationRow, ScoreRow } from './selection-review.repository';
import type { PublicityListLine } from './review.views';
import { SCORE_GROUP_NAMES, SCORE_ITEMS, SHEET_MAXIMUM } from './score-sheet';

/** The printed papers of the review: 专家评审表 (003 附件3) and the 公示名单. */

export const SKILL_LEVEL_LABELS: Record<string, string> = {
  senior_technician: '高级技师',
  technician: '技师',
  senior_worker: '高级工',
  other: '其他',
  equivalent: '同等水平',
};

export function skillLevelText(level: string, recognisedBy: string | null): string {
  return level === 'equivalent' && recognisedBy ? `同等水平（${recognisedBy}认定）` : (SKILL_LEVEL_LABELS[level] ?? level);
}

const INDICATORS: Record<string, string> = { A: '首席技师指标', D: '申报单位指标', H: '其他指标' };
const INDICATOR_SPAN: Record<string, number> = { A: 8, D: 4, H: 1 };

const PAGE_STYLE = `
  body { font-family: "SimSun", "Songti SC", serif; margin: 1.5cm; }
  h1 { text-align: center; font-size: 18pt; }
  table { width: 100%; border-collapse: collapse; }
  td, th { border: 1px solid #000; padding: 6px; font-size: 11pt; vertical-align: middle; }
  th { font-weight: normal; }
  .c { text-align: center; }
  .sheet { page-break-after: always; }
  .sheet:last-child { page-break-after: auto; }
  .sign { text-align: right; margin-top: 18px; }
  @media print { body { margin: 1cm; } }`;

/** One line of the score table; the first item of a group opens its indicator and group cells. */
function ScoreItemRow({ index, score }: { index: number; score: ScoreRow | null }) {
  const item = SCORE_ITEMS[index];
  const groupStart = SCORE_ITEMS.findIndex((x) => x.group === item.group) === index;
  const groupSize = SCORE_ITEMS.filter((x) => x.group === item.group).length;
  return (
    <tr>
      {groupStart && INDICATORS[item.group] ? <td class="c" rowSpan={INDICATOR_SPAN[item.group]}>{INDICATORS[item.group]}</td> : null}
      {groupStart ? (
        <>
          <td class="c" rowSpan={groupSize}>{item.group}</td>
          <td class="c" rowSpan={groupSize}>{SCORE_GROUP_NAMES[item.group]}</td>
        </>
      ) : null}
      <td class="c">{item.max}</td>
      <td>{item.text}</td>
      <td class="c">{score ? score.items[item.key] : ''}</td>
    </tr>
  );
}

function ScoreSheet({ a, expertName, score }: { a: ReviewApplicationRow; expertName: string | null; score: ScoreRow | null }) {
  return (
    <section class="sheet">
      <h1>松江区首席技师选拔与培养专家评审表</h1>
      <table>
        <tr><th>所属街镇</th><td>{a.street_name}</td><th>申报单位</th><td>{a.employer_name}</td><th>技师姓名</th><td>{a.name}</td></tr>
        <tr><th>工种</th><td>{a.occupation}</td><th>等级</th><td>{skillLevelText(a.skill_level, a.skill_recognised_by)}</td><th>从事岗位</th><td>{a.post}</td></tr>
      </table>
      <table>
        <tr><th>指标</th><th colSpan={2}>要素</th><th>分值</th><th>评分内容</th><th>得分</th></tr>
        {SCORE_ITEMS.map((item, i) => <ScoreItemRow key={item.key} index={i} score={score} />)}
        <tr><td class="c" colSpan={3}>小计</td><td class="c">{SHEET_MAXIMUM}</td><td></td><td class="c">{score ? score.total : ''}</td></tr>
        <tr><td colSpan={6}>专家总体评价意见：{score ? score.opinion : ''}<br /><br /></td></tr>
      </table>
      <p class="sign">
        评审专家（签名）：{expertName ?? ''}{GAP}{GAP}日期：{score ? printedDate(score.scored_at) : `${GAP}${GAP}年${GAP}月${GAP}日`}
      </p>
    </section>
  );
}

/** One filled (or blank) 松江区首席技师选拔与培养专家评审表 per sheet given. */
export function renderScoreSheets(a: ReviewApplicationRow, sheets: Array<{ expertName: string | null; score: ScoreRow | null }>): string {
  const pages = sheets.map(({ expertName, score }) => <ScoreSheet a={a} expertName={expertName} score={score} />);
  return renderPage(`松江区首席技师选拔与培养专家评审表 — ${a.name}`, PAGE_STYLE, pages);
}

export interface PublicityListData {
  cohort: string;
  startsOn: string | null;
  endsOn: string | null;
  items: PublicityListLine[];
}

function listTitle(data: PublicityListData): string {
  return `${data.cohort}届松江区首席技师拟入选人员公示名单`;
}

function listPeriod(data: PublicityListData, workingDays: number): string {
  return data.startsOn && data.endsOn ? `公示时间：${data.startsOn} 至 ${data.endsOn}（${workingDays}个工作日）` : '公示时间：待定';
}

export function renderPublicityList(data: PublicityListData, workingDays: number): string {
  const body = (
    <>
      <h1>{listTitle(data)}</h1>
      <p>{listPeriod(data, workingDays)}</p>
      <table>
        <tr><th>序号</th><th>姓名</th><th>工作单位</th><th>工种</th><th>技能等级</th></tr>
        {data.items.map((l, i) => (
          <tr>
            <td class="c">{i + 1}</td>
            <td class="c">{l.name}</td>
            <td>{l.employerName}</td>
            <td class="c">{l.occupation}</td>
            <td class="c">{skillLevelText(l.skillLevel, l.skillRecognisedBy)}</td>
          </tr>
        ))}
      </table>
      <p>公示期间，如对公示对象有异议，请以书面形式向松江区首席技师工作协调小组办公室反映。</p>
    </>
  );
  return renderPage(listTitle(data), PAGE_STYLE, body);
}

export async function publicityListXlsx(data: PublicityListData, workingDays: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('公示名单', { pageSetup: { orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' } });
  sheet.columns = [{ width: 8 }, { width: 14 }, { width: 40 }, { width: 18 }, { width: 22 }];
  sheet.mergeCells('A1:E1');
  sheet.getCell('A1').value = listTitle(data);
  sheet.getCell('A1').font = { bold: true, size: 16 };
  sheet.getCell('A1').alignment = { horizontal: 'center' };
  sheet.mergeCells('A2:E2');
  sheet.getCell('A2').value = listPeriod(data, workingDays);
  const head = sheet.addRow(['序号', '姓名', '工作单位', '工种', '技能等级']);
  head.font = { bold: true };
  data.items.forEach((l, i) => sheet.addRow([i + 1, clean(l.name), clean(l.employerName), clean(l.occupation), skillLevelText(l.skillLevel, l.skillRecognisedBy)]));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** XML cannot hold C0 controls but tab/newline; an xlsx must never break on a stray one (SPEC §8). */
export function clean(text: string | null | undefined): string {
  // eslint-disable-next-line no-control-regex
  return (text ?? '').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

