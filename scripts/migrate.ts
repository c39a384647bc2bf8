import { openDatabase } from '../src/db/engine.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { loadConfig } from '../src/server/config.js';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const applied = await migrateToLatest(database.db);
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already up to date');
await database.close();
