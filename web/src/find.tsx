/**
 * Finding things (issue 15 item 7): the register's one search box (name or ID
 * number), a person's whole ledger for finance, and the audit log's Chinese
 * action labels and before/after table.
 */
import { ApiError, post, Page } from './api.js';
import { ADJUSTMENT_REASON, ADJUSTMENT_STATUS, CHANGE_ACTION, CHANGE_REASON, GRADE, label, LINE_KIND, ROLE, yuan } from './labels.js';
import { fieldLabel } from './messages.js';
import { Column, DataTable, Loading, useLoad } from './ui.js';
import type { DesignationPaymentView, TalentDetail, TalentPaymentView, TalentView } from './api-types.js';

/** An 18-character 居民身份证号 as typed: searched whole through its keyed hash, never by part. */
export const ID_NUMBER = /^\d{17}[\dXx]$/;

/**
 * The filter a register search box means: an ID number is looked up (POST, so
 * the number stays out of URLs and logs) and becomes that person's talentId;
 * anything else is any part of the name. null: no one has that ID number.
 */
export async function whoFilter(who: string): Promise<Record<string, string> | null> {
  const text = who.trim();
  if (text === '') return {};
  if (!ID_NUMBER.test(text)) return { q: text };
  try {
    const found = await post<Page<TalentView>>('/talents/lookup', { idNumber: text });
    return found.items[0] ? { talentId: found.items[0].id } : null;
  } catch (e) {
    // A number with a wrong check digit belongs to no one registered.
    if (e instanceof ApiError && e.status === 400) return null;
    throw e;
  }
}

/** The audit log's actions in Chinese, for reading and for the filter. */
export const AUDIT_ACTION: Record<string, string> = {
  'talent.created': '登记人员',
  'talent.updated': '修改人员信息',
  'honour.awarded': '记录荣誉',
  'honour.revoked': '撤销荣誉',
  'title.recorded': '记录其他人才称号',
  'designation.created': '命名认定',
  'designation.imported': '批量导入命名',
  'designation.suspended': '命名中止',
  'annual_review.recorded': '登记日常考查',
  'assessment.opened': '开启考核任务',
  'assessment.recorded': '登记考核结果',
  'adjustment.proposed': '提出动态调整',
  'adjustment.approved': '批准动态调整',
  'adjustment.rejected': '驳回动态调整',
  'adjustment.redated': '调整生效日期',
  'adjustment.withdrawn': '撤回动态调整',
  'social_insurance.imported': '导入社保信息',
  'payment_opening.imported': '导入期初发放',
  'payment_run.completed': '核算津贴',
  'payment_run.closed': '关账',
  'roster.exported': '导出发放名册',
  'template.exported': '下载模板',
  'workshop.registered': '命名工作室',
  'workshop.attention_required': '工作室需关注',
  'change_request.filed': '提交管理变更申请',
  'change_request.union_approved': '工会审核同意',
  'change_request.union_rejected': '工会审核不同意',
  'change_request.city_approved': '市办公室同意',
  'change_request.city_rejected': '市办公室不同意',
  'organization.created': '新增单位',
  'organization.updated': '修改单位',
  'notification.retried': '重发邮件',
  'user.created': '新增用户',
  'user.updated': '修改用户',
  'user.password_set': '设置密码',
  'user.password_changed': '修改密码',
  'user.signed_in': '登录',
  'user.signed_out': '退出登录',
  'user.token_rotated': '更换令牌',
  'user.tokens_revoked': '吊销令牌',
};

export const AUDIT_ENTITY: Record<string, string> = {
  talent: '人员',
  designation: '命名',
  adjustment: '动态调整',
  assessment: '考核',
  workshop: '工作室',
  change_request: '管理变更申请',
  organization: '单位',
  user: '用户',
  payment_run: '发放期间',
  notification: '邮件',
  opening_ledger: '期初发放',
  social_insurance: '社保导入',
  template: '模板',
};

/** Codes the audited views hold, in Chinese by the field they are in (a status means different things in different records). */
const VALUE_WORDS: Record<string, Record<string, string>> = {
  retirementCategory: { male: '男职工', female_cadre: '女干部', female_worker: '女工人' },
  gender: { male: '男', female: '女' },
  reason: { ...CHANGE_REASON, ...ADJUSTMENT_REASON },
  grade: GRADE,
  role: ROLE,
  action: CHANGE_ACTION,
  decision: { approve: '同意', reject: '不同意' },
  status: { ...ADJUSTMENT_STATUS, active: '在期', suspended: '中止', completed: '届满', open: '未关账', closed: '已关账' },
};

function show(value: unknown, key = ''): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.map((v) => show(v)).join('、') || '—';
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${fieldLabel(k)}：${show(v, k)}`).join('；');
  return VALUE_WORDS[key]?.[String(value)] ?? String(value);
}

/** A change as a table of fields: before, after, the changed ones marked. */
export function ChangeTable({ before, after }: { before: unknown; after: unknown }) {
  const b = before && typeof before === 'object' && !Array.isArray(before) ? (before as Record<string, unknown>) : null;
  const a = after && typeof after === 'object' && !Array.isArray(after) ? (after as Record<string, unknown>) : null;
  if (!a && !b) return <span>{before === null && after === null ? '—' : `${show(before)} → ${show(after)}`}</span>;
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  return (
    <table class="change" data-testid="change">
      <thead>
        <tr>
          <th>项目</th>
          {b && <th>变更前</th>}
          <th>{b ? '变更后' : '内容'}</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => {
          const changed = b !== null && JSON.stringify(b[k]) !== JSON.stringify(a?.[k]);
          return (
            <tr class={changed ? 'changed' : undefined}>
              <td>{fieldLabel(k)}</td>
              {b && <td>{show(b[k], k)}</td>}
              <td>{changed ? <strong>{show(a?.[k], k)}</strong> : show(a?.[k], k)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** A line of a designation's ledger (GET /designations/{id}/payments); runPeriod null for an opening line. */
export type LedgerLine = DesignationPaymentView;

export const LEDGER_COLUMNS: Column<LedgerLine>[] = [
  { label: '发放期间', cell: (l) => l.runPeriod ?? '期初' },
  { label: '所属月份', cell: (l) => l.forPeriod },
  { label: '第几月', cell: (l) => l.monthIndex },
  { label: '类型', cell: (l) => label(LINE_KIND, l.kind) },
  { label: '金额', num: true, cell: (l) => yuan(l.amountFen) },
  { label: '备注', cell: (l) => l.note },
];

const TALENT_LEDGER_COLUMNS: Column<TalentPaymentView>[] = [{ label: '届别', cell: (l) => l.cohort }, ...LEDGER_COLUMNS];

/** Finance opens a payee's whole ledger from a period's line: every designation, every period. */
export function LedgerPage({ designationId }: { designationId: string }) {
  const designation = useLoad<{ talentId: string; talentName: string }>(`/designations/${designationId}`);
  const talentId = designation.data?.talentId ?? null;
  const talent = useLoad<TalentDetail>(talentId && `/talents/${talentId}`);
  const ledger = useLoad<Page<TalentPaymentView>>(talentId && `/talents/${talentId}/payments`);
  if (!designation.data || !ledger.data) return <Loading error={designation.error ?? ledger.error} />;
  const lines = ledger.data.items;
  const sum = (kind?: string) => lines.filter((l) => kind === undefined || l.kind === kind).reduce((s, l) => s + l.amountFen, 0);
  return (
    <>
      <p>
        <a href="#/payments">← 津贴发放</a>
      </p>
      <h2 data-testid="ledger-title">
        {designation.data.talentName} 的全部发放记录 {talent.data && <span class="hint">{talent.data.idNumberMasked}</span>}
      </h2>
      <p data-testid="ledger-totals">
        共 {lines.length} 笔：期初已发 {yuan(sum('opening'))}，正常 {yuan(sum('regular'))}，补发 {yuan(sum('arrears'))}，追回 {yuan(sum('clawback'))}，净额 {yuan(sum())}
      </p>
      <DataTable rows={lines} columns={TALENT_LEDGER_COLUMNS} empty="没有发放记录。" testId="ledger" />
    </>
  );
}

/** A page's total under a list of money lines (本页合计). */
export function PageTotal({ rows, testId }: { rows: Array<{ amountFen: number }>; testId: string }) {
  const total = rows.reduce((s, r) => s + r.amountFen, 0);
  return (
    <p class="hint" data-testid={testId}>
      本页 {rows.length} 笔，合计 {yuan(total)}
    </p>
  );
}
