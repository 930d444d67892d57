import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, download, get, Page } from '../api.js';
import { shanghaiToday } from '../labels.js';
import { landFromHome } from '../route.js';
import { errorText, useAction } from '../ui.js';
import { UploadForm } from '../upload.js';


/**
 * What this browser remembers of steps the API has no list to ask about (an
 * opening ledger imported, the reconciliation downloaded): the page says so.
 */
const REMEMBERED = 'sjct.firstDay';

function remembered(): Record<string, string> {
  try {
    return JSON.parse(localStorage.getItem(REMEMBERED) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

function remember(key: string, text: string): void {
  localStorage.setItem(REMEMBERED, JSON.stringify({ ...remembered(), [key]: text }));
}

/** Whether a list of the API has at least one item (null while asking, or when it cannot be asked). */
function useAny(path: string, version: number): boolean | null {
  const [any, setAny] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    get<Page<unknown>>(`${path}${path.includes('?') ? '&' : '?'}limit=1`)
      .then((p) => live && setAny(p.items.length > 0))
      .catch(() => live && setAny(null));
    return () => {
      live = false;
    };
  }, [path, version]);
  return any;
}

/** Whether the period has been run (GET /payment-runs/{period} is 200; 404 is "not yet"). */
function useRun(period: string, version: number): boolean | null {
  const [run, setRun] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    get(`/payment-runs/${period}`)
      .then(() => live && setRun(true))
      .catch((e: unknown) => live && setRun(e instanceof ApiError && e.status === 404 ? false : null));
    return () => {
      live = false;
    };
  }, [period, version]);
  return run;
}

function State({ done, doneText = '已完成', notYet = '尚未完成' }: { done: boolean | null; doneText?: string; notYet?: string }) {
  if (done === null) return <span class="badge">未知</span>;
  return <span class={`badge ${done ? 'ok' : 'warn'}`}>{done ? doneText : notYet}</span>;
}

function Step(props: { n: number; title: string; state: ComponentChildren; children: ComponentChildren; testId: string }) {
  return (
    <section class="card" data-testid={props.testId}>
      <h3>
        {props.n}. {props.title} <span data-testid="step-state">{props.state}</span>
      </h3>
      {props.children}
    </section>
  );
}

/** A download button: a template or a report, fetched with the session's token. */
function DownloadButton({ path, text, onDone }: { path: string; text: string; onDone?: (fileName: string) => void }) {
  const action = useAction();
  const click = async () => {
    const r = await action.run(() => download(path, () => undefined), (r) => `已下载 ${r.fileName}`);
    if (r) onDone?.(r.fileName);
  };
  const { outcome } = action;
  return (
    <span class="download">
      <button type="button" disabled={action.busy} onClick={click}>
        {action.busy ? '正在下载…' : text}
      </button>
      {outcome && <span class={outcome.kind === 'error' ? 'field-error' : 'hint'}>{outcome.kind === 'error' ? `下载失败：${outcome.text}` : outcome.text}</span>}
    </span>
  );
}

/**
 * An upload to an import endpoint, sent with the file's own content type
 * (all rows or none; refused rows listed by the sheet's row numbers).
 */
function UploadStep({ path, testId, onDone }: { path: string; testId: string; onDone: (result: unknown) => void }) {
  return (
    <div data-testid={testId}>
      <UploadForm<Record<string, unknown> | null>
        path={path}
        accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        buttonText="上传导入"
        noFile="请选择文件（Excel .xlsx 或 CSV）"
        done={(result, file) => {
          // Registers answer {created}, the opening ledger {imported}: either is the count a person checks against the sheet.
          const count = typeof result?.created === 'number' ? result.created : result?.imported;
          return `已导入 ${file.name}${typeof count === 'number' ? `：${count} 行` : ''}`;
        }}
        onDone={onDone}
        rowsTestId="row-errors"
      />
    </div>
  );
}

/**
 * 首次使用: the district office's first day (SPEC §3.7), in order. Each step
 * says whether it is done, as far as the service can tell: organisations and
 * designations from their lists, the opening ledger from its audit events, the
 * period from its run; the reconciliation download as this browser remembers it.
 */
export function FirstDayPage() {
  const [version, setVersion] = useState(0);
  const [notes, setNotes] = useState(remembered);
  const refresh = () => (setNotes(remembered()), setVersion((v) => v + 1));
  const employers = useAny('/organizations?kind=employer', version);
  const designations = useAny('/designations', version);
  const period = shanghaiToday().slice(0, 7);
  const periodRun = useRun(period, version);
  const ledger = (kind: 'allowance' | 'grant') => notes[`opening-${kind}`];
  // Every opening-ledger import is audited: the step is done whichever browser imported it.
  const ledgerImported = useAny('/audit-events?entityType=opening_ledger', version);
  // The spreadsheets paid up to last month; this month is the next run's, so it is not "missing" yet.
  const [y, m] = period.split('-').map(Number);
  const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;

  return (
    <>
      <h2>首次使用：从台账迁入</h2>
      <p class="hint">
        按顺序完成以下步骤：先建组织机构，再导入人员与命名，再导入已在台账中发放过的月份（期初台账），核对对账表后，试算下一期间并与台账比对。每次导入全部行无误才会写入；有错时一行也不写入，错误按 Excel 中的行号列出（表头为第 1 行）。
      </p>

      <Step n={1} title="组织机构" testId="step-organizations" state={<State done={employers} notYet="尚未导入用人单位" />}>
        <p>用人单位、街镇、行业主管部门和工会。下载模板，按示例行填写后上传（Excel 或 CSV）。</p>
        <div class="actions">
          <DownloadButton path="/templates/organizations" text="下载组织机构模板" />
        </div>
        <UploadStep path="/organizations/import" testId="upload-organizations" onDone={refresh} />
      </Step>

      <Step n={2} title="人员与命名" testId="step-designations" state={<State done={designations} notYet="尚无命名" />}>
        <p>每行一位首席技师：姓名、身份证号、用人单位统一社会信用代码、届别、命名日期。</p>
        <div class="actions">
          <DownloadButton path="/templates/designations" text="下载人员与命名模板" />
        </div>
        <UploadStep path="/designations/import" testId="upload-designations" onDone={refresh} />
      </Step>

      <Step
        n={3}
        title="期初台账（已发放月份）"
        testId="step-opening-ledger"
        state={<State done={ledgerImported || Boolean(ledger('allowance') || ledger('grant'))} doneText="已导入" notYet="尚未导入" />}
      >
        <p>在本系统之前已按台账发放的月份，每行一个月：津贴按人、资助按工作室分期。导入后这些月份在以后的每次核算中都算作已发放，不进入任何名册。</p>
        <h4>工作津贴</h4>
        <div class="actions">
          <DownloadButton path="/templates/opening-ledger-allowance" text="下载津贴期初台账模板" />
          {ledger('allowance') && <span class="hint">{ledger('allowance')}</span>}
        </div>
        <UploadStep path="/payments/opening-ledger?kind=allowance" testId="upload-opening-allowance" onDone={() => (remember('opening-allowance', `已导入（${shanghaiToday()}）`), refresh())} />
        <h4>工作资助</h4>
        <div class="actions">
          <DownloadButton path="/templates/opening-ledger-grant" text="下载资助期初台账模板" />
          {ledger('grant') && <span class="hint">{ledger('grant')}</span>}
        </div>
        <UploadStep path="/payments/opening-ledger?kind=grant" testId="upload-opening-grant" onDone={() => (remember('opening-grant', `已导入（${shanghaiToday()}）`), refresh())} />
      </Step>

      <Step n={4} title="对账表" testId="step-reconciliation" state={<State done={notes.reconciliation ? true : false} doneText="本浏览器已下载" notYet="本浏览器尚未下载" />}>
        <p>每人按规则截至 {lastMonth} 应发的月份与已记为发放的月份对照，多发、漏发的月份标出。由人社财务核对签字后再进行首次核算。</p>
        <div class="actions">
          <DownloadButton path={`/payments/reconciliation?format=xlsx&asOf=${lastMonth}`} text="下载对账表（Excel）" onDone={() => (remember('reconciliation', `已下载（${shanghaiToday()}）`), refresh())} />
        </div>
      </Step>

      <Step n={5} title={`试算下一期间（${period}）`} testId="step-preview" state={<State done={periodRun} doneText="已核算" notYet="尚未核算" />}>
        <p>试算列出核算将写入的汇总和明细而不写入任何记录，由人社财务与台账比对，无误后核算。</p>
        <div class="actions">
          <a class="button" href={`#/payments/${period}`} data-testid="preview-link">
            打开 {period} 的试算
          </a>
        </div>
      </Step>
    </>
  );
}

/** The admin's landing: the first-day page while the service has no designation, the dashboard (SPEC §3.9) after. */
export function AdminLanding() {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    // A person who went elsewhere before the answer came is not sent back.
    let live = true;
    const land = (hash: string) => live && landFromHome(hash);
    get<Page<unknown>>('/designations?limit=1')
      .then((p) => land(p.items.length === 0 ? '#/first-day' : '#/dashboard'))
      .catch((e: unknown) => live && (setError(errorText(e)), land('#/dashboard')));
    return () => {
      live = false;
    };
  }, []);
  return error ? <div class="notice error">{error}</div> : <p class="loading">正在加载…</p>;
}
