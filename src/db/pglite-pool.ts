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

const COMMAND = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|merge|select)\b/i;

function commandOf(sql: string): string {
  const m = COMMAND.exec(sql);
  return m ? m[1].toUpperCase() : 'SELECT';
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
