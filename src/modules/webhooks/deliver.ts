// Sending deliveries: claim what is due, POST each signed body, record the outcome and schedule
// the next attempt with backoff. Workers call `deliverDue`; tests call it with a later `now` to
// make retries due without waiting.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Kysely } from 'kysely';
import type { DB, WebhookDeliveryRow } from '../../db/types.js';
import { literalPrivateHost, PrivateAddressError, publicOnlyLookup } from './address.js';
import { BACKOFF_SECONDS, MAX_ATTEMPTS } from './events.js';
import * as repo from './repo.js';

export interface DeliverOptions {
  /** How long one POST may take, answer included (default 10 s). */
  timeoutMs?: number;
  /** Deliveries claimed per workspace per pass (default 20). */
  batch?: number;
  /** POSTs in flight at once (default 8). */
  concurrency?: number;
  /** Whether private addresses may be called (config.webhookAllowPrivate; default no). */
  allowPrivate?: boolean;
}

const DEFAULTS = { timeoutMs: 10_000, batch: 20, concurrency: 8, allowPrivate: false };
/** At most this much of an answer is read and kept. */
export const MAX_RESPONSE_BYTES = 1024;
const USER_AGENT = 'contacts-platform-webhooks/1';

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, the X-Webhook-Signature header. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The body of a delivery: the same bytes on every attempt (only the timestamp header changes). */
export function envelope(d: WebhookDeliveryRow): string {
  return JSON.stringify({
    id: d.event_id,
    type: d.event,
    createdAt: d.created_at.toISOString(),
    workspaceId: d.workspace_id,
    data: d.payload,
  });
}

/** Seconds until the next attempt after `attempts` failed ones, with up to 10% jitter; null: give up. */
export function backoffSeconds(attempts: number, random = Math.random()): number | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const base = BACKOFF_SECONDS[Math.min(attempts, BACKOFF_SECONDS.length) - 1];
  return Math.round(base * (1 + random / 10));
}

interface Attempt {
  ok: boolean;
  status: number | null;
  error: string | null;
  response: string | null;
}

class NoAnswer extends Error {}

/** An answer's start: at most MAX_RESPONSE_BYTES are read, the rest is left unread. */
interface Answer {
  status: number;
  statusText: string;
  response: string;
}

/**
 * POSTs the body with node:http, whose `lookup` lets the address connected to be checked
 * (address.ts); fetch offers no such hook. Redirects are not followed. The time limit covers the
 * whole exchange, answer included.
 */
function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  allowPrivate: boolean,
) {
  return new Promise<Answer>((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: allowPrivate ? undefined : publicOnlyLookup,
      agent: false,
    });
    const timer = setTimeout(() => request.destroy(new NoAnswer()), timeoutMs);
    const fail = (err: unknown) => {
      clearTimeout(timer);
      reject(err);
    };
    request.on('error', fail);
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        res.destroy();
        // PostgreSQL text cannot hold NUL; a cut multi-byte character decodes as U+FFFD.
        const response = new TextDecoder()
          .decode(Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES))
          .replaceAll('\u0000', '');
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', response });
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= MAX_RESPONSE_BYTES) finish();
      });
      res.on('end', finish);
      res.on('error', (err) => (done ? undefined : fail(err)));
    });
    request.end(body);
  });
}

/** One POST: 2xx is success; anything else (a redirect too: they are not followed) is a failure. */
async function attempt(d: repo.Claimed, timeoutMs: number, allowPrivate: boolean): Promise<Attempt> {
  let url: URL;
  try {
    url = new URL(d.url);
  } catch {
    return { ok: false, status: null, error: `"${d.url}" is not a URL`, response: null };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, status: null, error: `${url.protocol} URLs are not called`, response: null };
  // A host written as an address is connected to without a look-up: checked here instead.
  const literal = allowPrivate ? null : literalPrivateHost(url);
  if (literal) {
    const error = `not called: ${new PrivateAddressError(literal, literal).message}`;
    return { ok: false, status: null, error, response: null };
  }
  const body = envelope(d);
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'x-webhook-id': d.event_id,
    'x-webhook-delivery': d.id,
    'x-webhook-event': d.event,
    'x-webhook-timestamp': String(timestamp),
    'x-webhook-signature': sign(d.secret, timestamp, body),
  };
  try {
    const res = await post(url, headers, body, timeoutMs, allowPrivate);
    const ok = res.status >= 200 && res.status <= 299;
    const redirect = res.status >= 300 && res.status <= 399;
    const error = ok
      ? null
      : `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}` +
        (redirect ? ': redirects are not followed, register the final URL' : '');
    return { ok, status: res.status, error, response: res.response };
  } catch (err) {
    const error =
      err instanceof NoAnswer
        ? `no answer within ${timeoutMs / 1000} s`
        : err instanceof PrivateAddressError
          ? `not called: ${err.message}`
          : `could not be reached (${err instanceof Error ? err.message : String(err)})`;
    return { ok: false, status: null, error, response: null };
  }
}

/** Sends a claimed delivery and records the outcome; answers the delivery as recorded. */
export async function sendClaimed(
  db: Kysely<DB>,
  d: repo.Claimed,
  now: Date,
  timeoutMs: number,
  allowPrivate: boolean,
) {
  const a = await attempt(d, timeoutMs, allowPrivate);
  const wait = a.ok ? null : backoffSeconds(d.attempts);
  const outcome: repo.Outcome = {
    state: a.ok ? 'succeeded' : wait === null ? 'dead' : 'failed',
    next_attempt_at: wait === null ? null : new Date(now.getTime() + wait * 1000),
    last_attempt_at: new Date(),
    last_status: a.status,
    last_error: a.error,
    response: a.response,
    delivered_at: a.ok ? new Date() : null,
  };
  return (await repo.recordOutcome(db, d, outcome)) ?? null;
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(lanes);
}

export interface DeliverResult {
  claimed: number;
  succeeded: number;
  failed: number;
  dead: number;
}

/**
 * One pass: claims the deliveries due at `now` (per workspace, up to `batch` each), sends them
 * with bounded concurrency and records each outcome. A claim lasts past the send's time limit; a
 * worker that dies mid-pass leaves its claims due again when they run out.
 */
export async function deliverDue(
  db: Kysely<DB>,
  now = new Date(),
  opts: DeliverOptions = {},
): Promise<DeliverResult> {
  const o = { ...DEFAULTS, ...opts };
  const leaseUntil = new Date(now.getTime() + o.timeoutMs + 60_000);
  const claimed: repo.Claimed[] = [];
  for (const ws of await repo.dueWorkspaces(db, now, 100))
    claimed.push(...(await repo.claimDue(db, ws, now, leaseUntil, o.batch)));
  const result: DeliverResult = { claimed: claimed.length, succeeded: 0, failed: 0, dead: 0 };
  await eachLimited(claimed, o.concurrency, async (d) => {
    const row = await sendClaimed(db, d, now, o.timeoutMs, o.allowPrivate);
    if (row?.state === 'succeeded' || row?.state === 'failed' || row?.state === 'dead') result[row.state]++;
  });
  return result;
}

/** Passes of `deliverDue` until nothing is due or `budgetMs` has gone by. */
export async function deliverAllDue(db: Kysely<DB>, opts: DeliverOptions & { budgetMs?: number } = {}) {
  const until = Date.now() + (opts.budgetMs ?? 60_000);
  const total: DeliverResult = { claimed: 0, succeeded: 0, failed: 0, dead: 0 };
  for (;;) {
    const r = await deliverDue(db, new Date(), opts);
    for (const k of Object.keys(total) as (keyof DeliverResult)[]) total[k] += r[k];
    if (r.claimed === 0 || Date.now() > until) return total;
  }
}
