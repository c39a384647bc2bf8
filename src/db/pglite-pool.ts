import type { PGlite } from '@electric-sql/pglite';

/**
 * Kysely's PostgresDialect talks to a node-postgres-shaped pool. PGlite is a single
 * connection inside this process, so the "pool" hands out one client at a time: a
 * transaction started on it keeps every other query waiting until it is released.
 */
interface QueryResultLike {
  command: string;
  rowCount: number;
  rows: unknown[];
}

const LEADING = /^\s*(insert|update|delete|merge|select)\b/i;
const KEYWORD = /^(insert|update|delete|merge|select)\b/i;

/**
 * The statement's own command, as node-postgres reports it (Kysely reads affected rows only for
 * INSERT, UPDATE, DELETE and MERGE). After a WITH it is the first such keyword outside the CTEs'
 * parentheses and quotes: a CTE's body may itself hold "(…) select".
 */
export function commandOf(sql: string): string {
  const leading = LEADING.exec(sql);
  if (leading) return leading[1].toUpperCase();
  if (!/^\s*with\b/i.test(sql)) return 'SELECT';
  let depth = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      const end = sql.indexOf(ch, i + 1);
      if (end < 0) break;
      i = end; // a doubled quote inside reads as two quoted runs: the same depth either way
    } else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && /[a-z]/i.test(ch) && !/[a-z0-9_]/i.test(sql[i - 1] ?? ' ')) {
      const m = KEYWORD.exec(sql.slice(i, i + 7));
      if (m) return m[1].toUpperCase();
    }
  }
  return 'SELECT';
}

export function pglitePool(pg: PGlite) {
  let tail: Promise<void> = Promise.resolve();

  const client = {
    async query(sql: string, params: unknown[] = []): Promise<QueryResultLike> {
      const res = await pg.query(sql, params as any[]);
      const command = commandOf(sql);
      const rowCount = command === 'SELECT' ? res.rows.length : (res.affectedRows ?? res.rows.length);
      return { command, rowCount, rows: res.rows };
    },
    /** Several statements without parameters (pg-boss's own migrations); rows of the last one. */
    async exec(sql: string): Promise<{ rows: unknown[] }> {
      const results = await pg.exec(sql);
      return { rows: results.at(-1)?.rows ?? [] };
    },
    release() {},
  };

  return {
    async connect() {
      let release!: () => void;
      const mine = new Promise<void>((r) => (release = r));
      const previous = tail;
      tail = previous.then(() => mine);
      await previous;
      return { ...client, release };
    },
    async end() {},
  };
}
