import type { ComponentChildren } from 'preact';
import { GAP, NBSP, printedDate, renderPage } from '../../core/print/printable-page';
import type { ChangeRequestRow } from './change-requests.repository';
import { REASON_LABELS } from './change-requests.service';

const STYLE = `
  body { font-family: "SimSun", "Songti SC", serif; margin: 2cm; }
  h1 { text-align: center; font-size: 20pt; }
  table { width: 100%; border-collapse: collapse; }
  td { border: 1px solid #000; padding: 10px; vertical-align: top; font-size: 12pt; }
  td.label { width: 22%; text-align: center; vertical-align: middle; }
  .sign { text-align: right; margin-top: 24px; }
  .note { font-size: 10pt; margin-top: 12px; }
  @media print { body { margin: 1.5cm; } }
`;

/** A date still to be written by hand leaves room for it. */
function dateOf(at: Date | null): string {
  return at ? printedDate(at) : `${NBSP.repeat(4)}年${NBSP.repeat(2)}月${NBSP.repeat(2)}日`;
}

/**
 * The decision word, then the comment; a comment that already opens with the
 * decision's word (“同意”, “不同意，…”) is printed alone, never “同意。同意”.
 */
function opinion(decision: string | null, comment: string | null): string {
  if (!decision) return '';
  const word = decision === 'approve' ? '同意' : '不同意';
  if (!comment) return word;
  return comment.startsWith(word) ? comment : `${word}。${comment}`;
}

const box = (checked: boolean) => (checked ? '☑' : '☐');

/** A label cell and the cell beside it spanning the rest of the row. */
function Row({ label, children }: { label: string; children?: ComponentChildren }) {
  return (
    <tr>
      <td class="label">{label}</td>
      <td colSpan={3}>{children}</td>
    </tr>
  );
}

/** An opinion box: the decision and comment, then who decided (once decided) and when. */
function Decision({ decision, comment, by, at }: { decision: string | null; comment: string | null; by: string | null; at: Date | null }) {
  return (
    <>
      <p>{opinion(decision, comment)}</p>
      <p class="sign">
        {decision ? `${by ?? ''}${GAP}` : ''}
        {dateOf(at)}
      </p>
    </>
  );
}

/**
 * 上海市工匠创新工作室管理变更申请表 (policy 004, 附件3), filled in, for printing.
 * `contactPhone` is what this reader may see of the contact phone: the number,
 * or its mask. After an approved lead change the form names the new lead as
 * 现领衔人 and keeps the one it replaced as 原领衔人.
 */
export function renderChangeRequestForm(r: ChangeRequestRow, filedOn: Date, contactPhone: string | null): string {
  const changed = r.status === 'approved' && r.action === 'change_lead';
  const reason = `${REASON_LABELS[r.reason]}${r.reason_detail ? `：${r.reason_detail}` : ''}`;
  const body = (
    <>
      <h1>上海市工匠创新工作室管理变更申请表</h1>
      <p>所属区局（产业）工会：{r.district_union_name}</p>
      <table>
        <Row label="工作室名称">{r.workshop_name}</Row>
        <tr><td class="label">工作室所属单位</td><td>{r.employer_name}</td><td class="label">人数</td><td>{r.member_count ?? ''}</td></tr>
        <Row label="工作室地址">{r.address}</Row>
        {changed ? (
          <>
            <Row label="原领衔人">{r.lead_name}</Row>
            <Row label="现领衔人">{r.new_lead_name}（{dateOf(r.city_decided_at)}起）</Row>
          </>
        ) : (
          <Row label="现领衔人">{r.lead_name}</Row>
        )}
        <tr><td class="label">联系人</td><td>{r.contact_name}</td><td class="label">联系电话</td><td>{contactPhone}</td></tr>
        <Row label="申请原因">{reason}</Row>
        <tr>
          <td class="label">本单位工会<br />意见</td>
          <td colSpan={3}>
            <p>{box(r.action === 'change_lead')} 领衔人变更{GAP}新领衔人姓名：{r.new_lead_name}{GAP}荣誉：{r.action === 'change_lead' ? '上海工匠' : ''}</p>
            <p>退出管理序列（{box(r.action === 'exit_keep_title')} 保留工作室称号{GAP}{box(r.action === 'exit_revoke')} 摘牌）</p>
            <p class="sign">{r.union_name}（盖章）{GAP}{dateOf(filedOn)}</p>
          </td>
        </tr>
        <tr>
          <td class="label">区局（产业）工会<br />审核</td>
          <td colSpan={3}>
            <Decision decision={r.union_decision} comment={r.union_comment} by={r.district_union_name} at={r.union_decided_at} />
          </td>
        </tr>
        <tr>
          <td class="label">市工匠创新工作室<br />创建命名办公室审定</td>
          <td colSpan={3}>
            <Decision decision={r.city_decision} comment={r.city_comment} by={r.city_office_name ?? '市工匠创新工作室创建命名办公室'} at={r.city_decided_at} />
          </td>
        </tr>
      </table>
      <p class="note">备注：申请原因可选填领衔工匠已故、离职、退休或其他不能继续发挥示范引领作用的具体情况。</p>
    </>
  );
  return renderPage(`上海市工匠创新工作室管理变更申请表 — ${r.workshop_name}`, STYLE, body);
}
