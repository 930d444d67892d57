import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import { ExpertReviewService } from './expert-review.service';
import { clean, skillLevelText } from './review-papers';
import type { ScoreTableLine } from './review.views';
import { SCORE_ITEMS } from './score-sheet';
import { SelectionOutcomeService } from './selection-outcome.service';

const STAGE_TEXT: Record<string, string> = { eligible: '未入围', shortlisted: '入围', publicised: '公示中', removed: '异议成立，已移出', named: '已命名' };

/**
 * The review's sheets of the round export (SPEC §3.8: the round's `.xlsx`
 * at any stage holds the scores per item and the publicity list): 专家评分,
 * one row per scored application with each item's mean, each expert's total,
 * the score and the spread; and 公示名单.
 */
@Injectable()
export class RoundReviewExport {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly review: ExpertReviewService,
    private readonly outcome: SelectionOutcomeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** What to add to the round's workbook; nothing before any sheet is recorded. */
  async sheetsOf(roundId: string): Promise<(workbook: ExcelJS.Workbook) => void> {
    const table = await this.review.scoreTableIn(this.db.manager, roundId);
    const list = await this.outcome.publicityList(roundId);
    const days = this.config.review.publicityWorkingDays;
    return (workbook) => {
      if (table.length === 0) return;
      addScores(workbook, table);
      if (list.startsOn || list.items.length > 0) {
        const sheet = workbook.addWorksheet('公示名单', { pageSetup: { orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
        sheet.addRow([list.startsOn ? `公示时间：${list.startsOn} 至 ${list.endsOn}（${days}个工作日）` : '公示时间：待定']);
        sheet.addRow(['序号', '姓名', '工作单位', '工种', '技能等级', '得分']).font = { bold: true };
        list.items.forEach((l, i) => sheet.addRow([i + 1, clean(l.name), clean(l.employerName), clean(l.occupation), skillLevelText(l.skillLevel, l.skillRecognisedBy), l.score]));
        sheet.columns.forEach((c, i) => (c.width = [6, 12, 36, 16, 20, 10][i]));
      }
    };
  }
}

function addScores(workbook: ExcelJS.Workbook, table: ScoreTableLine[]): void {
  const experts = [...new Map(table.flatMap((l) => l.totals.map((t) => [t.expertId, t.expertName] as const))).entries()];
  const sheet = workbook.addWorksheet('专家评分', { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' } });
  const header = ['名次', '姓名', '身份证号（脱敏）', '工作单位', ...SCORE_ITEMS.map((i) => `${i.key}（${i.max}）均分`), ...experts.map(([, name]) => `${name} 总分`), '得分', 'B 均分', 'C 均分', '分差', '当前环节'];
  sheet.addRow(header).font = { bold: true };
  for (const l of table) {
    sheet.addRow([
      l.rank,
      clean(l.name),
      l.idNumberMasked,
      clean(l.employerName),
      ...SCORE_ITEMS.map((i) => l.itemMeans[i.key]),
      ...experts.map(([id]) => l.totals.find((t) => t.expertId === id)?.total ?? ''),
      l.score,
      l.scoreB,
      l.scoreC,
      l.spread,
      STAGE_TEXT[l.stage] ?? l.stage,
    ]);
  }
  sheet.columns.forEach((c, i) => (c.width = i === 3 ? 30 : i === 2 ? 20 : 10));
}
