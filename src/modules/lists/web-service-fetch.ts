// Asking a campaign's contact web service for its contacts: one GET, with the secret header when
// there is one, a time limit for the whole exchange and a size limit on what is read. Whatever
// goes wrong on the service's side is a WebServiceError, which the route answers with 502.
import { AppError } from '../../server/errors.js';

/** At most this much of an answer is read. */
export const MAX_ANSWER_BYTES = 5 * 1024 * 1024;

/** The web service failed us: answered 502 Bad Gateway with this message. */
export class WebServiceError extends Error {}

export interface WebServiceTarget {
  url: string;
  headerName: string | null;
  timeoutMs: number;
}

const NOT_A_LIST = 'the web service answered something that is not a JSON list of contacts';

/**
 * The items the service answered: a JSON array, or an object whose `items` is one. Redirects are
 * not followed (a redirect could carry the secret header to another host): set the final URL.
 */
export async function fetchWebService(
  target: WebServiceTarget,
  secret: string | null,
  opts: { maxBytes?: number } = {},
): Promise<unknown[]> {
  const maxBytes = opts.maxBytes ?? MAX_ANSWER_BYTES;
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    throw new AppError('conflict', `The campaign's web service URL "${target.url}" is not a URL`);
  }
  // The URL is set by admins and checked when saved; a stored one is checked again all the same.
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new AppError(
      'conflict',
      `The campaign's web service URL must be http or https, not ${url.protocol}`,
    );

  const headers: Record<string, string> = { accept: 'application/json' };
  if (target.headerName && secret) headers[target.headerName] = secret;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), target.timeoutMs);
  const timedOut = () => new WebServiceError(`the web service did not answer within ${target.timeoutMs} ms`);
  try {
    let res: Response;
    try {
      res = await fetch(url, { method: 'GET', headers, redirect: 'manual', signal: controller.signal });
    } catch (err) {
      if (controller.signal.aborted) throw timedOut();
      throw new WebServiceError(`the web service could not be reached (${reason(err)})`);
    }
    if (res.status < 200 || res.status > 299) {
      await res.body?.cancel().catch(() => {});
      const redirect = res.status >= 300 && res.status < 400;
      throw new WebServiceError(
        `the web service answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}` +
          (redirect ? ': redirects are not followed, set the campaign’s URL to the final address' : ''),
      );
    }
    let text: string;
    try {
      text = await readAtMost(res, maxBytes);
    } catch (err) {
      if (err instanceof WebServiceError) throw err;
      if (controller.signal.aborted) throw timedOut();
      throw new WebServiceError(`the web service's answer broke off (${reason(err)})`);
    }
    return itemsOf(text);
  } finally {
    clearTimeout(timer);
  }
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

async function readAtMost(res: Response, maxBytes: number): Promise<string> {
  const tooBig = () =>
    new WebServiceError(
      `the web service answered more than ${megabytes(maxBytes)}; at most ${megabytes(maxBytes)} is read: answer fewer contacts at a time`,
    );
  const declared = Number(res.headers.get('content-length'));
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw tooBig();
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooBig();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function itemsOf(text: string): unknown[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new WebServiceError(NOT_A_LIST);
  }
  if (Array.isArray(data)) return data;
  const items = data && typeof data === 'object' ? (data as { items?: unknown }).items : undefined;
  if (Array.isArray(items)) return items;
  throw new WebServiceError(NOT_A_LIST);
}

/** The low-level reason a request failed, e.g. "connect ECONNREFUSED 127.0.0.1:9". */
function reason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.message ?? cause?.code ?? (err instanceof Error ? err.message : String(err));
}
