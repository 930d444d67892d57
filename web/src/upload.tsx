import { useState } from 'preact/hooks';
import { ApiError, fileContentType, upload, XLSX_TYPE } from './api.js';
import { errorText, RowError, RowErrorsTable } from './ui.js';

/** How an upload is sent and worded; the pages differ only in these. */
export interface UploadOptions<T> {
  path: string;
  /** Said when the form is sent without a file. */
  noFile: string;
  /**
   * A CSV goes as its text (anything not .xlsx is sent as text/csv), so the
   * progress can say how many rows the API is checking; otherwise the file
   * goes as it is, with its own content type.
   */
  csvAsText?: boolean;
  done: (result: T, file: File) => string;
  failed?: (error: unknown) => string;
  onDone?: (result: T) => void;
}

async function bodyOf(file: File, csvAsText: boolean): Promise<{ body: string | Blob; type: string; rows: string }> {
  if (!csvAsText) return { body: file, type: fileContentType(file), rows: '' };
  if (file.name.toLowerCase().endsWith('.xlsx')) return { body: file, type: XLSX_TYPE, rows: '' };
  const text = await file.text();
  return { body: text, type: 'text/csv', rows: ` ${text.split('\n').length - 1} 行` };
}

/**
 * An upload of a CSV or xlsx file to an import endpoint with its progress.
 * All rows or none: a 400 lists {row, field, message} in the sheet's row
 * numbers, kept for a RowErrorsTable.
 */
export function useUpload<T>(options: UploadOptions<T>) {
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rows, setRows] = useState<RowError[]>([]);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('file') as HTMLInputElement;
    const file = input.files?.[0];
    setDone(null);
    setError(null);
    setRows([]);
    if (!file) {
      setError(options.noFile);
      return;
    }
    setBusy('正在上传…');
    try {
      const sent = await bodyOf(file, options.csvAsText ?? false);
      const result = await upload<T>(options.path, sent.body, sent.type, (f) => setBusy(f < 1 ? `正在上传：${Math.round(f * 100)}%` : `已上传，正在逐行校验并导入${sent.rows}…`));
      setDone(options.done(result, file));
      options.onDone?.(result);
    } catch (e) {
      setError((options.failed ?? errorText)(e));
      if (e instanceof ApiError && Array.isArray(e.details)) setRows(e.details as RowError[]);
    } finally {
      setBusy(null);
    }
  };
  return { busy, done, error, rows, onSubmit };
}

/** The file input, its button and what became of the upload: progress, the count imported, or the refused rows. */
export function UploadForm<T>(props: UploadOptions<T> & { accept: string; buttonText: string; progressTestId?: string; rowsTestId: string }) {
  const { busy, done, error, rows, onSubmit } = useUpload(props);
  return (
    <>
      <form onSubmit={onSubmit} class="actions">
        <input type="file" name="file" accept={props.accept} />
        <button class="primary" type="submit" disabled={busy !== null}>
          {busy ? '正在导入…' : props.buttonText}
        </button>
      </form>
      {busy && (
        <div class="notice info" role="status" data-testid={props.progressTestId}>
          {busy}
        </div>
      )}
      {done && (
        <div class="notice ok" role="status">
          {done}
        </div>
      )}
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
      <RowErrorsTable rows={rows} testId={props.rowsTestId} />
    </>
  );
}
