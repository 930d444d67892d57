import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { Principal } from '../../core/context/request-context';
import { InvalidInputError, NotFoundError } from '../../core/errors/domain-error';
import { writeTemplate, TemplateSpec } from '../../core/sheet/template-writer';
import { duplicateRow, RowError, rowError } from '../../core/sheet/row-errors';
import { readUploadedSheet, SheetColumn } from '../../core/sheet/uploaded-sheet';
import { ExpertReviewService, UNDER_REVIEW } from './expert-review.service';
import { clean } from './review-papers';
import { checkScoreItems, SCORE_ITEMS, ScoreItemKey } from './score-sheet';
import { SelectionReviewRepository } from './selection-review.repository';

type PaperColumn = 'applicationId' | 'name' | 'employerName' | 'occupation' | ScoreItemKey | 'opinion';

const MAX_ROWS = 2000;

/** The paper score sheet: one row per application, the 13 items of 附件3 and the opinion; the first four columns identify the row. */
export const PAPER_SHEET: TemplateSpec & { columns: ReadonlyArray<SheetColumn<PaperColumn> & { note: string; width?: number; numeric?: boolean }> } = {
  sheetName: '专家评分表',
  columns: [
    { key: 'applicationId', label: '申报编号', note: '不要改动：由系统生成，用来对应申报', width: 38 },
    { key: 'name', label: '姓名', note: '仅供核对', width: 10 },
    { key: 'employerName', label: '申报单位', note: '仅供核对', width: 30 },
    { key: 'occupation', label: '工种', note: '仅供核对', width: 14 },
    ...SCORE_ITEMS.map((i) => ({ key: i.key, label: `${i.key}（${i.max}分）`, note: `${i.text}：0 至 ${i.max} 的整数`, width: 10, numeric: true })),
    { key: 'opinion', label: '专家总体评价意见', note: '必填', width: 40 },
  ],
  instructions: [
    '松江区首席技师选拔与培养专家评审表（003 附件3）的纸质评分：每行一份申报，每项填 0 至该项满分的整数，并填写总体评价意见。',
    '尚未评分的行可整行留空（仅保留前四列），导入时跳过。',
    '导入时全部行通过校验才会保存；有错误时按 Excel 行号逐一列出，什么也不保存。',
  ],
};

/** Paper scoring (SPEC §3.8 step 4): the expert's sheet as .xlsx, and its import back with the form's validation. */
@Injectable()
export class PaperSheetsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: SelectionReviewRepository,
    private readonly review: ExpertReviewService,
  ) {}

  /** Checks who may see the sheet: the office, or the expert their own; 404 otherwise. */
  async expertOf(roundId: string, expertId: string, principal: Principal): Promise<{ name: string }> {
    await this.review.roundOr404(this.db.manager, roundId);
    if (principal.role === 'expert' && principal.userId !== expertId) throw new NotFoundError('expert', expertId);
    const expert = (await this.repo.experts(this.db.manager, roundId)).find((e) => e.id === expertId);
    if (!expert) throw new NotFoundError('expert', expertId);
    return expert;
  }

  async write(roundId: string, expertId: string, out: Writable): Promise<void> {
    const applications = await this.repo.applications(this.db.manager, roundId, [UNDER_REVIEW]);
    const mine = new Map((await this.repo.scores(this.db.manager, { roundId, expertId })).map((s) => [s.application_id, s]));
    const rows = applications.map((a) => {
      const s = mine.get(a.id);
      return [a.id, clean(a.name), clean(a.employer_name), clean(a.occupation), ...SCORE_ITEMS.map((i) => (s ? s.items[i.key] : '')), s ? clean(s.opinion) : ''];
    });
    await writeTemplate(out, PAPER_SHEET, rows);
  }

  async import(roundId: string, expertId: string, body: unknown, contentType: string | undefined): Promise<{ imported: number; skipped: number }> {
    const rows = await readUploadedSheet(body, contentType, PAPER_SHEET.columns, { maxRows: MAX_ROWS });
    return this.db.transaction(async (manager) => {
      const round = await this.review.roundOr404(manager, roundId, true);
      this.review.checkScoringOpen(round);
      const applications = new Map((await this.repo.applications(manager, roundId)).map((a) => [a.id, a]));
      const errors: RowError[] = [];
      const seen = new Map<string, number>();
      const accepted: Array<{ id: string; items: Record<ScoreItemKey, number>; opinion: string }> = [];
      let skipped = 0;
      for (const { row, values } of rows) {
        const id = values.applicationId.trim();
        const given = SCORE_ITEMS.map((i) => values[i.key].trim());
        if (given.every((v) => v === '') && values.opinion.trim() === '') {
          skipped++;
          continue;
        }
        const application = applications.get(id);
        if (!application) {
          errors.push(rowError(row, 'applicationId', id === '' ? 'required' : 'notInRound', `applicationId ${id || '(blank)'} is not an application of this round`));
          continue;
        }
        if (application.stage !== UNDER_REVIEW) {
          errors.push(rowError(row, 'applicationId', 'notUnderReview', `application ${id} is ${application.stage}: only eligible applications are scored`));
          continue;
        }
        if (seen.has(id)) {
          errors.push(duplicateRow(row, 'applicationId', seen.get(id)!, `application ${id} is already on row ${seen.get(id)}`));
          continue;
        }
        seen.set(id, row);
        const items = Object.fromEntries(SCORE_ITEMS.map((i, k) => [i.key, /^\d{1,3}$/.test(given[k]) ? Number(given[k]) : given[k] === '' ? undefined : NaN]));
        const checked = checkScoreItems(items);
        if ('errors' in checked) errors.push(...checked.errors.map((e) => rowError(row, e.field.replace(/^items\./, ''), e.constraint, e.message.replace(/^items\./, ''))));
        const opinion = values.opinion.trim();
        if (opinion === '') errors.push(rowError(row, 'opinion', 'required', 'opinion (专家总体评价意见) is required'));
        else if (opinion.length > 2000) errors.push(rowError(row, 'opinion', 'lengthOutOfRange', 'opinion must be at most 2000 characters'));
        if ('items' in checked && opinion !== '' && opinion.length <= 2000) accepted.push({ id, items: checked.items, opinion });
      }
      if (errors.length > 0) throw new InvalidInputError(`the sheet has ${new Set(errors.map((e) => e.row)).size} invalid row(s); nothing was imported`, errors);
      for (const a of accepted) await this.review.record(manager, applications.get(a.id)!, expertId, a.items, a.opinion, 'paper');
      return { imported: accepted.length, skipped };
    });
  }
}
