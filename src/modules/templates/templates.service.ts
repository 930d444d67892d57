import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { Clock } from '../../core/clock/clock';
import { PiiCipher } from '../../core/crypto/pii-cipher';
import { NotFoundError } from '../../core/errors/domain-error';
import { TemplateSpec, writeTemplate } from '../../core/sheet/template-writer';
import type { SheetColumn } from '../../core/sheet/uploaded-sheet';
import { DESIGNATION_COLUMNS } from '../designations/designation-import.service';
import { ORGANIZATION_COLUMN_NOTES, ORGANIZATION_COLUMNS } from '../organizations/organization-import.columns';
import { OPENING_ALLOWANCE_COLUMNS, OPENING_GRANT_COLUMNS } from '../payments/opening-ledger.columns';
import { SOCIAL_INSURANCE_COLUMNS } from '../social-insurance/social-insurance-import.service';
import { TemplatesRepository } from './templates.repository';

export const TEMPLATE_NAMES = ['designations', 'social-insurance', 'opening-ledger-allowance', 'opening-ledger-grant', 'organizations'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

type Rows = AsyncIterable<ReadonlyArray<string | number>> | Iterable<ReadonlyArray<string | number>>;

interface Template {
  readonly fileName: string;
  readonly spec: TemplateSpec;
  rows(): Rows;
}

const noted = <C extends SheetColumn>(columns: readonly C[], notes: Record<string, string>, numeric: readonly string[] = []) =>
  columns.map((c) => ({ ...c, note: notes[c.key], numeric: numeric.includes(c.key) }));

const ALL_OR_NOTHING = '整表校验：全部行无误才导入，有错时一行也不导入；错误中的行号即 Excel 中看到的行号（表头为第 1 行）。';
const FORMATS = '上传本表（.xlsx，读取第一个工作表）或另存为“CSV UTF-8”的同列文件均可。表头可用中文或英文列名。';

/**
 * GET /templates/{name}: the spreadsheets an office fills to adopt the service
 * (SPEC §3.7, issue 14). Each first sheet has exactly the columns its import
 * reads, so a filled template imports as it is.
 */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly repository: TemplatesRepository,
    private readonly cipher: PiiCipher,
    private readonly clock: Clock,
  ) {}

  fileName(name: string): string {
    return this.template(name).fileName;
  }

  async write(name: string, out: Writable): Promise<void> {
    const template = this.template(name);
    await writeTemplate(out, template.spec, template.rows());
  }

  private template(name: string): Template {
    switch (name as TemplateName) {
      case 'designations':
        return {
          fileName: '首席技师命名名单-导入模板.xlsx',
          spec: {
            sheetName: '命名名单',
            columns: noted(DESIGNATION_COLUMNS, {
              name: '姓名，与身份证一致',
              idNumber: '18 位居民身份证号（文本格式，末位 X 照写）',
              employerCreditCode: '所在单位的统一社会信用代码（单位须已登记）',
              cohort: '届别，如 2024',
              designatedOn: '命名认定日期，如 2024-06-15（日期或文本）',
            }),
            instructions: ['首席技师命名名单：每人一行。', ALL_OR_NOTHING, FORMATS, '第 2 行为示例，导入前请删除。'],
          },
          rows: () => [['张伟', '31011719850315002X', '91310117MA1J3B0X4E', '2024', '2024-06-15']],
        };
      case 'social-insurance':
        return {
          fileName: '社保缴费单位注册地-导入模板.xlsx',
          spec: {
            sheetName: '社保缴费地',
            columns: noted(SOCIAL_INSURANCE_COLUMNS, {
              idNumber: '18 位居民身份证号（文本格式）',
              district: '社保缴费单位注册地，如 松江区、上海市青浦区、江苏省苏州市',
              since: '自何日起在该地缴费，如 2025-03-01（日期或文本）',
            }),
            instructions: ['社保缴费单位注册地：每人一行。', ALL_OR_NOTHING, FORMATS, '第 2 行为示例，导入前请删除。'],
          },
          rows: () => [['31011719850315002X', '青浦区', '2025-03-01']],
        };
      case 'organizations':
        return {
          fileName: '组织机构-导入模板.xlsx',
          spec: {
            sheetName: '组织机构',
            columns: noted(ORGANIZATION_COLUMNS, ORGANIZATION_COLUMN_NOTES),
            instructions: [
              '组织机构：每个组织一行。街镇、行业主管单位、区局（产业）工会、本单位工会、用人单位可写在同一张表中，',
              '按名称（或统一社会信用代码）引用本表中的或已登记的组织；导入时先建街镇、行业主管单位和区局工会，再建本单位工会，最后建用人单位。',
              ALL_OR_NOTHING,
              FORMATS,
              '第 2–4 行为示例，导入前请删除。',
            ],
          },
          rows: () => [
            ['永丰街道', '街镇', '', '', '', '松江区', '', '', '', 'yongfeng@example.com', ''],
            ['松江区总工会', '工会', '', '区局（产业）工会', '', '松江区', '', '', '', '', ''],
            ['上海松江精密机械有限公司', '用人单位', '91310117MA1J3B0X4E', '', '', '松江区', '永丰街道', '', '', 'hr@example.com; union@example.com', '企业'],
          ],
        };
      case 'opening-ledger-allowance':
        return {
          fileName: '期初发放台账-工作津贴.xlsx',
          spec: {
            sheetName: '期初津贴',
            columns: noted(
              OPENING_ALLOWANCE_COLUMNS,
              {
                idNumber: '18 位居民身份证号（文本格式）',
                forPeriod: '津贴所属月份，YYYY-MM',
                amountFen: '当月实际发放的金额，单位：分（1 元 = 100 分）',
              },
              ['amountFen'],
            ),
            instructions: [
              '期初发放台账（工作津贴）：本系统启用前已在表外发放的津贴，每人每月一行。',
              `已按每人任期预填：自任期开始至 ${this.lastFinishedMonth()} 的每个月，金额为其月津贴标准。`,
              '请删除实际未发放的月份，并把实际发放金额与标准不同的月份改为实发金额；导入后，未发的月份在首次发放时补发，多发的追回。',
              ALL_OR_NOTHING,
              FORMATS,
            ],
          },
          rows: () => this.allowanceRows(),
        };
      case 'opening-ledger-grant':
        return {
          fileName: '期初发放台账-工作室资助.xlsx',
          spec: {
            sheetName: '期初资助',
            columns: noted(
              OPENING_GRANT_COLUMNS,
              {
                creditCode: '受资助用人单位的统一社会信用代码',
                workshopName: '首席技师工作室名称（与登记一致）',
                instalment: '第几期（1–3）',
                amountFen: '该期实际拨付金额，单位：分',
              },
              ['instalment', 'amountFen'],
            ),
            instructions: [
              '期初发放台账（工作室资助）：本系统启用前已拨付的资助，每期一行。',
              `已预填截至 ${this.lastFinishedMonth()} 应拨付的各期；请删除实际未拨付的期次，并核对金额。`,
              ALL_OR_NOTHING,
              FORMATS,
            ],
          },
          rows: () => this.grantRows(),
        };
      default:
        throw new NotFoundError('template', name);
    }
  }

  private lastFinishedMonth(): string {
    const [y, m] = this.clock.today().split('-').map(Number);
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  }

  /** Full ID numbers: finance matches these rows against its own spreadsheets. */
  private async *allowanceRows(): AsyncGenerator<ReadonlyArray<string | number>> {
    for await (const batch of this.repository.allowanceMonths(this.clock.today())) {
      for (const r of batch) yield [this.cipher.decrypt(r.id_number_enc), r.for_period, Number(r.amount_fen)];
    }
  }

  private async *grantRows(): AsyncGenerator<ReadonlyArray<string | number>> {
    for (const r of await this.repository.grantInstalments(this.clock.today())) yield [r.credit_code, r.workshop_name, r.instalment, Number(r.amount_fen)];
  }
}
