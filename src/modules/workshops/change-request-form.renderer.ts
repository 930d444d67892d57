import type { ChangeRequestRow } from './change-requests.repository';
import { REASON_LABELS } from './change-requests.service';

function esc(text: string | null | undefined): string {
  return (text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function dateOf(at: Date | null): string {
  if (!at) return '&nbsp;&nbsp;&nbsp;&nbsp;年&nbsp;&nbsp;月&nbsp;&nbsp;日';
  const d = new Date(at.getTime() + 8 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/**
 * The decision word, then the comment; a comment that already opens with the
 * decision's word (“同意”, “不同意，…”) is printed alone, never “同意。同意”.
 */
function opinion(decision: string | null, comment: string | null): string {
  if (!decision) return '';
  const word = decision === 'approve' ? '同意' : '不同意';
  if (!comment) return word;
  return comment.startsWith(word) ? esc(comment) : `${word}。${esc(comment)}`;
}

const box = (checked: boolean) => (checked ? '☑' : '☐');

/** 上海市工匠创新工作室管理变更申请表 (policy 004, 附件3), filled in, for printing. */
/**
 * `contactPhone` is what this reader may see of the contact phone: the number,
 * or its mask. After an approved lead change the form names the new lead as
 * 现领衔人 and keeps the one it replaced as 原领衔人.
 */
export function renderChangeRequestForm(r: ChangeRequestRow, filedOn: Date, contactPhone: string | null): string {
  const changed = r.status === 'approved' && r.action === 'change_lead';
  const leadRows = changed
    ? `<tr><td class="label">原领衔人</td><td colspan="3">${esc(r.lead_name)}</td></tr>
  <tr><td class="label">现领衔人</td><td colspan="3">${esc(r.new_lead_name)}（${dateOf(r.city_decided_at)}起）</td></tr>`
    : `<tr><td class="label">现领衔人</td><td colspan="3">${esc(r.lead_name)}</td></tr>`;
  const reason = `${REASON_LABELS[r.reason]}${r.reason_detail ? `：${esc(r.reason_detail)}` : ''}`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>上海市工匠创新工作室管理变更申请表 — ${esc(r.workshop_name)}</title>
<style>
  body { font-family: "SimSun", "Songti SC", serif; margin: 2cm; }
  h1 { text-align: center; font-size: 20pt; }
  table { width: 100%; border-collapse: collapse; }
  td { border: 1px solid #000; padding: 10px; vertical-align: top; font-size: 12pt; }
  td.label { width: 22%; text-align: center; vertical-align: middle; }
  .sign { text-align: right; margin-top: 24px; }
  .note { font-size: 10pt; margin-top: 12px; }
  @media print { body { margin: 1.5cm; } }
</style></head>
<body>
<h1>上海市工匠创新工作室管理变更申请表</h1>
<p>所属区局（产业）工会：${esc(r.district_union_name)}</p>
<table>
  <tr><td class="label">工作室名称</td><td colspan="3">${esc(r.workshop_name)}</td></tr>
  <tr><td class="label">工作室所属单位</td><td>${esc(r.employer_name)}</td><td class="label">人数</td><td>${r.member_count ?? ''}</td></tr>
  <tr><td class="label">工作室地址</td><td colspan="3">${esc(r.address)}</td></tr>
  ${leadRows}
  <tr><td class="label">联系人</td><td>${esc(r.contact_name)}</td><td class="label">联系电话</td><td>${esc(contactPhone)}</td></tr>
  <tr><td class="label">申请原因</td><td colspan="3">${reason}</td></tr>
  <tr><td class="label">本单位工会<br>意见</td><td colspan="3">
    <p>${box(r.action === 'change_lead')} 领衔人变更&#12288;新领衔人姓名：${esc(r.new_lead_name)}&#12288;荣誉：${r.action === 'change_lead' ? '上海工匠' : ''}</p>
    <p>退出管理序列（${box(r.action === 'exit_keep_title')} 保留工作室称号&#12288;${box(r.action === 'exit_revoke')} 摘牌）</p>
    <p class="sign">${esc(r.union_name)}（盖章）&#12288;${dateOf(filedOn)}</p>
  </td></tr>
  <tr><td class="label">区局（产业）工会<br>审核</td><td colspan="3">
    <p>${opinion(r.union_decision, r.union_comment)}</p>
    <p class="sign">${r.union_decision ? esc(r.district_union_name) + '&#12288;' : ''}${dateOf(r.union_decided_at)}</p>
  </td></tr>
  <tr><td class="label">市工匠创新工作室<br>创建命名办公室审定</td><td colspan="3">
    <p>${opinion(r.city_decision, r.city_comment)}</p>
    <p class="sign">${r.city_decision ? esc(r.city_office_name ?? '市工匠创新工作室创建命名办公室') + '&#12288;' : ''}${dateOf(r.city_decided_at)}</p>
  </td></tr>
</table>
<p class="note">备注：申请原因可选填领衔工匠已故、离职、退休或其他不能继续发挥示范引领作用的具体情况。</p>
</body></html>`;
}
