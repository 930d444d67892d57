/** The service's HTTP API over fetch, for the demo loader and the bench (the tests use supertest). */

/** An answer other than the expected status: names the request and quotes the body. */
export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${path} answered ${status}: ${body.slice(0, 2000)}`);
    this.name = 'ApiError';
  }
}

export interface ApiAnswer {
  status: number;
  text: string;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export class ApiClient {
  /** apiBase: the service's URL with /api/v1, no trailing slash. */
  constructor(
    readonly apiBase: string,
    readonly token: string,
  ) {}

  withToken(token: string): ApiClient {
    return new ApiClient(this.apiBase, token);
  }

  get headers(): Record<string, string> {
    return { Authorization: `Bearer ${this.token}` };
  }

  /** Any answer; throws only when the service cannot be reached. A string body is sent as it is, anything else as JSON. */
  async send(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<ApiAnswer> {
    const headers: Record<string, string> = { ...this.headers, Accept: 'application/json' };
    let payload: string | undefined;
    if (body !== undefined) {
      headers['Content-Type'] = contentType === 'application/json' ? contentType : `${contentType}; charset=utf-8`;
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    let res: Response;
    try {
      res = await fetch(`${this.apiBase}${path}`, { method, headers, body: payload });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`cannot reach the service at ${this.apiBase} (${cause?.code ?? cause?.message ?? (error as Error).message}): is it running?`, { cause: error });
    }
    return { status: res.status, text: await res.text() };
  }

  /** The parsed body of an answer with the expected status; else an ApiError quoting the body. */
  async request<T>(method: string, path: string, expected: number, body?: unknown, contentType?: string): Promise<T> {
    const res = await this.send(method, path, body, contentType);
    if (res.status !== expected) throw new ApiError(method, path, res.status, res.text);
    return (res.text === '' ? undefined : JSON.parse(res.text)) as T;
  }

  get<T>(path: string, expected = 200): Promise<T> {
    return this.request<T>('GET', path, expected);
  }

  post<T>(path: string, body: unknown, expected = 201): Promise<T> {
    return this.request<T>('POST', path, expected, body);
  }

  put<T>(path: string, body: unknown, expected = 200): Promise<T> {
    return this.request<T>('PUT', path, expected, body);
  }

  /** Every item of a list, following nextCursor. */
  async all<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    const sep = path.includes('?') ? '&' : '?';
    do {
      const page: Page<T> = await this.get<Page<T>>(`${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }
}
