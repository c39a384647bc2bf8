// The CLI's only way to the data: the server's REST API over HTTP. (Only one process may open a
// PGlite data directory, so the CLI never opens the database itself.)
import { ApiError, CliError, UsageError, type FieldProblem } from './errors.js';

export const DEFAULT_URL = 'http://127.0.0.1:3000';

type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as it is, e.g. a file stream (then `duplex: 'half'` is set). */
  body?: ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
}

export class Api {
  readonly base: URL;

  constructor(
    url: string,
    private readonly apiKey: string,
  ) {
    let base: URL;
    try {
      base = new URL(url);
    } catch {
      throw new UsageError(`--url: "${url}" is not a URL`, ['Example: --url http://127.0.0.1:3000']);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:')
      throw new UsageError(`--url: "${url}" must start with http:// or https://`);
    // The server may sit under a path behind a proxy: keep it and append the API's.
    base.pathname = `${base.pathname.replace(/\/+$/, '')}/api/v1/`;
    base.search = '';
    this.base = base;
  }

  /** The server as the user wrote it, for messages. */
  get server(): string {
    return this.base.href.replace(/\/api\/v1\/$/, '');
  }

  url(path: string, query: Query = {}): URL {
    const url = new URL(path.replace(/^\//, ''), this.base);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  /** Sends a request; answers the response when it is 2xx, throws ApiError otherwise. */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.apiKey}`,
      accept: 'application/json, */*;q=0.5',
      ...opts.headers,
    };
    const init: RequestInit & { duplex?: 'half' } = { method, headers };
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(opts.json);
    } else if (opts.body) {
      init.body = opts.body;
      init.duplex = 'half';
    }
    let res: Response;
    try {
      res = await fetch(this.url(path, opts.query), init);
    } catch (err) {
      throw unreachable(this.server, err);
    }
    if (!res.ok) throw await problemOf(res);
    return res;
  }

  async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.request(method, path, opts);
    const text = await res.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CliError(
        `unexpected answer from ${this.server} (${method} ${path}): not JSON. Is --url the contacts server?`,
      );
    }
  }

  get = <T>(path: string, query?: Query) => this.json<T>('GET', path, { query });
  post = <T>(path: string, json: unknown = {}) => this.json<T>('POST', path, { json });
}

/** The error for a failed fetch: the server is down, the name does not resolve, TLS failed… */
function unreachable(server: string, err: unknown): CliError {
  const cause = (err as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } })?.cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  if (code === 'ECONNREFUSED') return new CliError(`cannot reach the server at ${server}: is it running?`);
  const why =
    code === 'ENOTFOUND' ? 'no such host' : (cause?.message ?? (err as Error)?.message ?? String(err));
  return new CliError(
    `cannot reach the server at ${server}: ${why}${code && code !== 'ENOTFOUND' ? ` (${code})` : ''}`,
  );
}

const HINTS: Record<number, string> = {
  401: 'Check the API key (--api-key or the CONTACTS_API_KEY variable): it may be mistyped or revoked.',
  403: 'API keys act as an admin of their workspace; this needs more rights.',
  429: 'Too many requests: wait a minute and try again.',
};

/** A non-2xx answer as an ApiError: problem+json when the server sent it, else the text. */
async function problemOf(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  let body: { title?: unknown; detail?: unknown; errors?: unknown } | null = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: a proxy's page, or something else listening on that port
  }
  const hints = HINTS[res.status] ? [HINTS[res.status]] : [];
  if (body && typeof body === 'object') {
    const errors = Array.isArray(body.errors)
      ? (body.errors as FieldProblem[]).filter((e) => e && typeof e.message === 'string')
      : [];
    return new ApiError(
      res.status,
      typeof body.title === 'string' ? body.title : res.statusText || 'Error',
      typeof body.detail === 'string' ? body.detail : '',
      errors.map((e) => ({ path: String(e.path ?? ''), message: e.message })),
      hints,
    );
  }
  const snippet = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return new ApiError(res.status, res.statusText || 'Error', snippet, [], hints);
}
