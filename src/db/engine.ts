import { Kysely, PostgresDialect, type Dialect } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pglitePool } from './pglite-pool.js';
import { PreparedStatementClient } from './prepared-client.js';
import type { DB } from './types.js';

export type Engine = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** PostgreSQL only: where it is, for threads that open connections of their own (imports). */
  url?: string;
  close(): Promise<void>;
  /**
   * Raw SQL outside Kysely, for pg-boss: with values, one statement; without, possibly several.
   * On PGlite it waits its turn like any other caller of the one connection.
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
  /** PGlite only: the data directory as a tarball (tests clone a migrated template this way). */
  dumpDataDir?: () => Promise<Blob>;
  /** PGlite only: the engine itself, for benchmarks that time a raw COPY beside our import. */
  pglite?: PGlite;
}

// Same value shapes on both engines: bigint counts as numbers, dates as 'YYYY-MM-DD' strings.
const INT8 = 20;
const DATE = 1082;
pg.types.setTypeParser(INT8, (v: string) => Number(v));
pg.types.setTypeParser(DATE, (v: string) => v);

export interface DatabaseOptions {
  databaseUrl?: string;
  /** PGlite data directory; `memory://` for a throwaway in-memory database. */
  dataDir?: string;
  /** PGlite: start from a dump made by `dumpDataDir` (tests start from a migrated template). */
  loadDataDir?: Blob | File;
  poolSize?: number;
  /** PostgreSQL: how its connections show in pg_stat_activity (import threads name theirs). */
  applicationName?: string;
  /**
   * Told when PostgreSQL ends an idle pooled connection (a restart, a failover, an administrator's
   * pg_terminate_backend). The pool drops that connection and opens another when one is needed.
   */
  onIdleConnectionError?: (err: Error) => void;
}

const warnIdleConnectionError = (err: Error) =>
  console.warn(`database: an idle connection was closed by the server (${err.message}); it will be replaced`);

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      application_name: opts.applicationName,
      Client: PreparedStatementClient,
      // JIT compiles a plan when its estimated cost is high, as counts over a million contacts are:
      // measured 510 ms of compiling in a 1.4 s count (docs/benchmarks.md). Our queries are short.
      options: '-c jit=off',
    });
    // Without a listener, an idle connection that PostgreSQL ends is an uncaught error: the
    // process would exit.
    pool.on('error', opts.onIdleConnectionError ?? warnIdleConnectionError);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: 'postgres',
      url: opts.databaseUrl,
      close: () => db.destroy(),
      // The config-object form bypasses statement naming: pg-boss sends multi-statement scripts.
      executeSql: (text, values) => pool.query({ text, values }),
    };
  }
  const pglite = await PGlite.create({
    dataDir: opts.dataDir ?? 'memory://',
    loadDataDir: opts.loadDataDir,
    extensions: { pg_trgm, btree_gin },
    parsers: { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v },
  });
  const pool = pglitePool(pglite);
  const dialect: Dialect = new PostgresDialect({ pool: pool as any });
  const db = new Kysely<DB>({ dialect });
  return {
    db,
    engine: 'pglite',
    executeSql: async (text, values) => {
      const client = await pool.connect();
      try {
        return values?.length ? await client.query(text, values) : await client.exec(text);
      } finally {
        client.release();
      }
    },
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
    dumpDataDir: () => pglite.dumpDataDir('none'),
    pglite,
  };
}
