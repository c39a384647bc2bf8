import { openDatabase } from '../db/engine.js';
import { migrateToLatest } from '../db/migrate.js';
import { buildApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { discardAbandonedUploads } from '../modules/imports/service.js';
import fs from 'node:fs';

/**
 * Opens the database, migrates it, and listens. Used by `npm start` and by the browser tests, which
 * start an in-memory PGlite from a migrated dump (`loadDataDir`) rather than from initdb.
 */
export async function startServer(
  overrides: Partial<Config> = {},
  opts: { logger?: boolean; loadDataDir?: Blob } = {},
) {
  const config = { ...loadConfig(), ...overrides };
  const inMemory = config.dataDir.startsWith('memory://');
  if (!config.databaseUrl && !inMemory) fs.mkdirSync(config.dataDir, { recursive: true });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    loadDataDir: inMemory ? opts.loadDataDir : undefined,
  });
  await migrateToLatest(database.db);
  await discardAbandonedUploads(database.db);
  const app = await buildApp({ config, database, logger: opts.logger ?? true });
  const address = await app.listen({ host: config.host, port: config.port });
  return {
    app,
    url: address,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
