import { createHash } from 'node:crypto';
import pg from 'pg';
import { PLAN_EACH_CALL } from './plans.js';

/**
 * A node-postgres client that runs each distinct query text as a named prepared statement, so
 * PostgreSQL plans it once per connection instead of on every call. For the contact queries,
 * planning costs more than executing: measured with pgbench on the 2-core bench machine, reading
 * one contact with its points runs at ~6,900/s planned each time and ~22,000/s prepared.
 *
 * Bounded: texts longer than MAX_TEXT (bulk inserts with many rows) and texts beyond the first
 * MAX_NAMES distinct ones run unnamed as before, so the per-connection statement cache cannot grow
 * without limit. Texts marked PLAN_EACH_CALL (compiled filters) run unnamed too: their plan
 * depends on their values.
 */
const MAX_TEXT = 8_000;
const MAX_NAMES = 2_000;
const names = new Map<string, string>();
const disabled = new Set<string>();

// "cached plan must not change result type": a column was added or dropped under a prepared
// `select *` (a migration run by another process). Run that text unnamed from then on.
const PLAN_INVALIDATED = '0A000';

function nameFor(text: string): string | undefined {
  if (text.length > MAX_TEXT || disabled.has(text)) return undefined;
  let name = names.get(text);
  // Only a text not named yet is searched for the marker: a marked one never is.
  if (!name && names.size < MAX_NAMES && !text.includes(PLAN_EACH_CALL)) {
    name = `k_${createHash('sha1').update(text).digest('base64url')}`;
    names.set(text, name);
  }
  return name;
}

export class PreparedStatementClient extends pg.Client {
  // Kysely calls query(text, values) with a promise; every other shape passes through untouched.
  override query(...args: any[]): any {
    const [text, values] = args;
    const name = typeof text === 'string' && args.length <= 2 ? nameFor(text) : undefined;
    if (!name) return (super.query as any)(...args);
    return (super.query({ name, text, values }) as Promise<pg.QueryResult>).catch((err: pg.DatabaseError) => {
      if (err?.code !== PLAN_INVALIDATED || !/cached plan/.test(err.message)) throw err;
      disabled.add(text);
      return super.query(text, values);
    });
  }
}
