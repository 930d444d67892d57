import type { ComponentChildren, InputHTMLAttributes } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, Page } from './api.js';
import type { RowErrorView } from './api-types.js';
import { fieldTexts, NOT_A_NUMBER, rowErrorText, rowFieldLabel } from './messages.js';

export type Outcome = { kind: 'ok' | 'error' | 'info'; text: string } | null;

export function Notice({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null;
  return (
    <div class={`notice ${outcome.kind}`} role={outcome.kind === 'error' ? 'alert' : 'status'}>
      {outcome.text}
    </div>
  );
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Runs an action with a busy flag and keeps what happened for a Notice. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const run = useCallback(async <T,>(action: () => Promise<T>, success?: (result: T) => string): Promise<T | undefined> => {
    setBusy(true);
    setOutcome(null);
    try {
      const result = await action();
      if (success) setOutcome({ kind: 'ok', text: success(result) });
      return result;
    } catch (error) {
      setOutcome({ kind: 'error', text: errorText(error) });
      if (!(error instanceof ApiError)) console.error(error);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, outcome, setOutcome, run };
}

/** A cursor-paged list of the API: next/previous pages, reload after an action. */
export function usePaged<T>(path: string | null, limit = 20) {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [page, setPage] = useState<Page<T> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const cursor = cursors[cursors.length - 1];
  useEffect(() => setCursors([null]), [path]);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    const sep = path.includes('?') ? '&' : '?';
    get<Page<T>>(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      .then((p) => live && (setPage(p), setError(null)))
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [path, cursor, version, limit]);
  return {
    items: page?.items ?? [],
    loading: page === null && error === null,
    error,
    reload: () => setVersion((v) => v + 1),
    pager: (
      <div class="pager">
        <button type="button" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
          上一页
        </button>
        <span class="hint">第 {cursors.length} 页</span>
        <button type="button" disabled={!page?.nextCursor} onClick={() => page?.nextCursor && setCursors((c) => [...c, page.nextCursor])}>
          下一页
        </button>
      </div>
    ),
  };
}

export function useLoad<T>(path: string | null) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    get<T>(path)
      .then((d) => live && (setData(d), setError(null)))
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [path, version]);
  return { data, error, reload: () => setVersion((v) => v + 1) };
}

export function Field(props: { label: string; name: string; error?: string; hint?: string; children: ComponentChildren }) {
  return (
    <label class={`field${props.error ? ' invalid' : ''}`} data-field={props.name}>
      <span>{props.label}</span>
      {props.children}
      {props.hint && <div class="hint">{props.hint}</div>}
      {props.error && <div class="field-error">{props.error}</div>}
    </label>
  );
}

export function Options({ words, blank }: { words: Record<string, string>; blank?: string }) {
  return (
    <>
      {blank !== undefined && <option value="">{blank}</option>}
      {Object.entries(words).map(([value, text]) => (
        <option value={value}>{text}</option>
      ))}
    </>
  );
}

/** A Field holding one input of the same name; the rest of the props are the input's. */
export function InputField({ label, name, error, hint, ...input }: { label: string; name: string; error?: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field label={label} name={name} error={error} hint={hint}>
      <input name={name} {...input} />
    </Field>
  );
}

/** A Field holding a select of coded words: a filter's or a form's status, reason, grade. */
export function SelectField(props: { label: string; name: string; words: Record<string, string>; blank?: string; error?: string; defaultValue?: string }) {
  return (
    <Field label={props.label} name={props.name} error={props.error}>
      <select name={props.name} defaultValue={props.defaultValue}>
        <Options words={props.words} blank={props.blank} />
      </select>
    </Field>
  );
}

/** A modal confirmation: the body says exactly what will happen. */
export function Confirm(props: { open: boolean; title: string; children: ComponentChildren; confirmText: string; busy?: boolean; onConfirm: () => void; onCancel: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog ref={ref} onCancel={props.onCancel} aria-label={props.title}>
      <h3>{props.title}</h3>
      {props.children}
      <div class="actions">
        <button type="button" class="primary" disabled={props.busy} onClick={props.onConfirm}>
          {props.confirmText}
        </button>
        <button type="button" onClick={props.onCancel}>
          取消
        </button>
      </div>
    </dialog>
  );
}

export function Loading({ error }: { error?: string | null }) {
  return error ? <div class="notice error">{error}</div> : <p class="loading">正在加载…</p>;
}

/** Reads a form's named inputs into an object; empty strings are left out (absent, not blank). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new FormData(form).entries()) if (typeof v === 'string' && v.trim() !== '') out[k] = v.trim();
  return out;
}

/** A refused import's row error, with the row as Excel shows it (SPEC §3.7). */
export type RowError = RowErrorView;

export function RowErrorsTable(props: { rows: RowError[]; testId: string }) {
  if (props.rows.length === 0) return null;
  return (
    <DataTable
      rows={props.rows}
      columns={[
        { label: '行', cell: (r) => r.row },
        { label: '字段', cell: (r) => rowFieldLabel(r.field) },
        { label: '问题', cell: (r) => rowErrorText(r) },
      ]}
      empty=""
      testId={props.testId}
    />
  );
}

export interface Column<T> {
  label: string;
  num?: boolean;
  cell: (row: T) => ComponentChildren;
}

/**
 * The one table of the console: a header per column, and on a phone each row
 * as label/value pairs (the `data-label` of each cell, see styles.css).
 */
export function DataTable<T>(props: {
  rows: T[];
  columns: Column<T>[];
  empty: string;
  testId?: string;
  rowAttrs?: (row: T) => Record<string, string>;
  footer?: ComponentChildren;
}) {
  return (
    <div class="table-wrap">
      <table class="responsive" data-testid={props.testId}>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th class={c.num ? 'num' : undefined}>{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 && (
            <tr>
              <td colSpan={props.columns.length}>{props.empty}</td>
            </tr>
          )}
          {props.rows.map((row) => (
            <tr {...(props.rowAttrs?.(row) ?? {})}>
              {props.columns.map((c) => (
                <td class={c.num ? 'num' : undefined} data-label={c.label || undefined}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {props.footer}
    </div>
  );
}

/** A DataTable over a paged API list, with its pager; loading and errors in its place. */
export function PagedTable<T>(props: { list: Paged<T>; columns: Column<T>[]; empty: string; testId?: string; rowAttrs?: (row: T) => Record<string, string> }) {
  const { list, ...table } = props;
  if (list.loading || list.error) return <Loading error={list.error} />;
  return <DataTable rows={list.items} footer={list.pager} {...table} />;
}

export type Paged<T> = ReturnType<typeof usePaged<T>>;

/** Approve / reject with an optional comment: the adjustments queue and the change-request reviews. */
export function DecisionButtons(props: { busy: boolean; approveText: string; rejectText: string; onDecide: (decision: 'approve' | 'reject', comment: string | undefined) => void }) {
  const [comment, setComment] = useState('');
  return (
    <div class="actions">
      <input placeholder="意见（可选）" aria-label="意见" value={comment} onInput={(e) => setComment((e.currentTarget as HTMLInputElement).value)} />
      <button type="button" class="primary" disabled={props.busy} onClick={() => props.onDecide('approve', comment.trim() || undefined)}>
        {props.approveText}
      </button>
      <button type="button" class="danger" disabled={props.busy} onClick={() => props.onDecide('reject', comment.trim() || undefined)}>
        {props.rejectText}
      </button>
    </div>
  );
}

/** A number as a person types it: digits, one point, a sign; "九十" or "90分" is not one. */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * What the browser can tell before sending, every field at once: a number
 * field (inputmode numeric/decimal, or type number) holding anything but a
 * number is 请输入数字 — the API would only say it is out of range or not a
 * number in English.
 */
export function clientProblems(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement) || !el.name || out[el.name]) continue;
    const numeric = el.type === 'number' || el.inputMode === 'decimal' || el.inputMode === 'numeric';
    if (numeric && (el.validity.badInput || (el.value.trim() !== '' && !NUMBER.test(el.value.trim())))) out[el.name] = NOT_A_NUMBER;
  }
  return out;
}

/**
 * A form that sends its values to the API: while sending, the submit button is
 * busy; every field the error names shows its Chinese text beside that field
 * (all at once), what names no field of the form goes above it; success hands
 * the done text to the page.
 */
export function useApiForm(fields: readonly string[], send: (values: Record<string, string>) => Promise<string>, onDone: (text: string) => void) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const local = clientProblems(form);
    setGeneral(null);
    if (Object.keys(local).length > 0) {
      setErrors(local);
      return;
    }
    const values = formValues(form);
    setBusy(true);
    setErrors({});
    try {
      onDone(await send(values));
    } catch (e) {
      const byField = e instanceof ApiError ? e.fieldErrors(fields) : {};
      const elsewhere = e instanceof ApiError ? Object.entries(fieldTexts(e.body)).filter(([f]) => !(f in byField)).map(([, text]) => text) : [];
      setErrors(byField);
      if (Object.keys(byField).length === 0) setGeneral(errorText(e));
      else if (elsewhere.length > 0) setGeneral(elsewhere.join('；'));
    } finally {
      setBusy(false);
    }
  };
  const generalNotice = general && (
    <div class="notice error" role="alert">
      {general}
    </div>
  );
  return { busy, errors, generalNotice, onSubmit };
}

export type ApiForm = ReturnType<typeof useApiForm>;

/**
 * An API form in a card: its title, what the error names no field for, the
 * fields, then 提交/取消. `intro` stands between the title and the form,
 * `after` below the form.
 */
export function FormCard(props: {
  form: ApiForm;
  label?: string;
  title: ComponentChildren;
  intro?: ComponentChildren;
  after?: ComponentChildren;
  submitText: string;
  onCancel: () => void;
  /** In place of the form's own submit (a step before sending). */
  onSubmit?: (event: Event) => void;
  testId?: string;
  children: ComponentChildren;
}) {
  return (
    <section class="card" aria-label={props.label}>
      <h3>{props.title}</h3>
      {props.intro}
      {props.form.generalNotice}
      <form class="stack" onSubmit={props.onSubmit ?? props.form.onSubmit} noValidate data-testid={props.testId}>
        {props.children}
        <FormButtons busy={props.form.busy} submitText={props.submitText} onCancel={props.onCancel} />
      </form>
      {props.after}
    </section>
  );
}

export function FormButtons({ busy, submitText, onCancel }: { busy: boolean; submitText: string; onCancel: () => void }) {
  return (
    <div class="actions">
      <button class="primary" type="submit" disabled={busy}>
        {busy ? '正在提交…' : submitText}
      </button>
      <button type="button" onClick={onCancel}>
        取消
      </button>
    </div>
  );
}

/**
 * Tabs over a list's statuses, each with its count (null while counts load):
 * the assessor's tasks, the change requests.
 */
export function CountTabs(props: { tabs: ReadonlyArray<{ value: string; text: string }>; counts: Record<string, number> | null; current: string; onSelect: (value: string) => void; testId: string }) {
  return (
    <div class="actions" role="tablist" data-testid={props.testId}>
      {props.tabs.map((t) => {
        const n = t.value === '' ? (props.counts ? Object.values(props.counts).reduce((a, b) => a + b, 0) : null) : (props.counts?.[t.value] ?? null);
        return (
          <button type="button" role="tab" aria-selected={props.current === t.value} class={props.current === t.value ? 'primary' : ''} data-tab={t.value} onClick={() => props.onSelect(t.value)}>
            {t.text}
            {n !== null && <span class="count">（{n}）</span>}
          </button>
        );
      })}
    </div>
  );
}
