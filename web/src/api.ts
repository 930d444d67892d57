/** The console speaks the public HTTP contract (SPEC §5) with a session token as bearer. */
import type { SessionView } from './api-types.js';
import { codeText, ErrorBody, errorSentence, fieldTexts } from './messages.js';

export type { Role, SignedInUser } from './api-types.js';
/** A console session as POST /sessions answers it. */
export type Session = SessionView;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const STORAGE_KEY = 'sjct.session';

export function storedSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    const session = raw ? (JSON.parse(raw) as Session) : null;
    return session && new Date(session.expiresAt).getTime() > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function storeSession(session: Session | null): void {
  if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(STORAGE_KEY);
}

/**
 * An answer other than 2xx. `message` is Chinese, chosen by the body's `code`
 * and `fields` (messages.ts); `messages` are the API's own English words, kept
 * for the browser console, never shown.
 */
export class ApiError extends Error {
  readonly code: string | undefined;
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly messages: string[],
    readonly details: unknown,
  ) {
    super(errorSentence(status, body));
    this.code = body.code;
  }

  /** Chinese for each of the form's fields the error names: all of them at once. */
  fieldErrors(fields: readonly string[]): Record<string, string> {
    const byField = fieldTexts(this.body);
    return Object.fromEntries(Object.entries(byField).filter(([field]) => fields.includes(field)));
  }

  /** The error as a whole in Chinese (the code's text), for above a form whose fields show the rest. */
  get summary(): string {
    return codeText(this.status, this.code);
  }
}

let onUnauthorized: () => void = () => undefined;
export function whenSignedOut(handler: () => void): void {
  onUnauthorized = handler;
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const session = storedSession();
  return { Accept: 'application/json', ...(session ? { Authorization: `Bearer ${session.token}` } : {}), ...extra };
}

async function failure(res: Response): Promise<ApiError> {
  let body: ErrorBody & { message?: string | string[] } = {};
  try {
    body = await res.json();
  } catch {
    // not JSON: fall back to the status text
  }
  const messages = Array.isArray(body.message) ? body.message : body.message ? [body.message] : [res.statusText || `HTTP ${res.status}`];
  if (res.status === 401 && storedSession()) onUnauthorized();
  return new ApiError(res.status, body, messages, body.errors);
}

export async function api<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers: headers(body === undefined ? {} : { 'Content-Type': contentType }),
    body: body === undefined ? undefined : contentType === 'application/json' ? JSON.stringify(body) : (body as string),
  });
  if (!res.ok) throw await failure(res);
  return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body);

export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Fetches a file with progress (bytes so far) and hands it to the browser as a download. Returns the byte count. */
export async function download(path: string, onProgress: (bytes: number) => void): Promise<{ bytes: number; fileName: string }> {
  const res = await fetch(`/api/v1${path}`, { headers: headers({ Accept: '*/*' }) });
  if (!res.ok || !res.body) throw await failure(res);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.length;
    onProgress(bytes);
  }
  const fileName = fileNameOf(res.headers.get('content-disposition')) ?? 'download';
  const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { bytes, fileName };
}

function fileNameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]);
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1];
}

/** Opens an HTML document the API renders (the printable form) in a new window, with the session's token. */
export async function openHtml(path: string): Promise<void> {
  const res = await fetch(`/api/v1${path}`, { headers: headers({ Accept: 'text/html' }) });
  if (!res.ok) throw await failure(res);
  const url = URL.createObjectURL(new Blob([await res.text()], { type: 'text/html;charset=utf-8' }));
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The content type an import file is sent with: its own, or by its extension (browsers often leave .csv untyped). */
export function fileContentType(file: File): string {
  if (/\.xlsx$/i.test(file.name)) return XLSX_TYPE;
  if (/\.csv$/i.test(file.name)) return 'text/csv';
  return file.type || 'application/octet-stream';
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a body (a CSV text or a file as it is) with upload progress (0–1); the answer is JSON like api(). */
export function upload<T>(path: string, body: string | Blob, contentType: string, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${path}`);
    for (const [k, v] of Object.entries(headers({ 'Content-Type': contentType }))) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new Error('网络错误：请求未能送达'));
    xhr.onload = () => {
      const res = new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText, headers: { 'Content-Type': 'application/json' } });
      if (res.ok) res.json().then(resolve, reject);
      else failure(res).then(reject, reject);
    };
    xhr.send(body);
  });
}
