// Fills a workspace with realistic sample contacts. Run it while the server is stopped when on
// PGlite (only one process may open ./data); on PostgreSQL it can run beside the server.
import { openDatabase } from '../src/db/engine.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { loadConfig } from '../src/server/config.js';
import { createWorkspaceWithOwner, firstOwnerActor, setupNeeded } from '../src/modules/workspaces/service.js';
import { createUserWithMembership } from '../src/modules/users/service.js';
import { seedSampleContacts } from '../src/modules/contacts/samples.js';
import type { Actor } from '../src/modules/auth/actor.js';

const count = Number(process.argv.find((a) => a.startsWith('--count='))?.split('=')[1] ?? 500);
if (!Number.isInteger(count) || count < 1 || count > 100_000) {
  console.error('--count must be a whole number from 1 to 100000');
  process.exit(2);
}

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await migrateToLatest(database.db);
const db = database.db;

let actor: Actor;
let owners: string[] = [];
if (await setupNeeded(db)) {
  const password = 'demo-password';
  const { workspace, userId, agentId } = await db.transaction().execute(async (trx) => {
    const created = await createWorkspaceWithOwner(trx, {
      workspaceName: 'Demo Company',
      name: 'Dana Owner',
      email: 'owner@demo.example',
      password,
      defaultCountry: 'US',
    });
    const agent = await createUserWithMembership(trx, created.workspace.id, {
      name: 'Alex Agent',
      email: 'agent@demo.example',
      password,
      role: 'agent',
    });
    return { ...created, agentId: agent.id };
  });
  // Every third sample contact belongs to the agent, so signing in as the agent shows a real view.
  owners = [userId, userId, agentId];
  actor = { workspaceId: workspace.id, role: 'owner', userId, apiKeyId: null, name: 'Dana Owner' };
  console.log(
    `Created workspace "Demo Company". Sign in as owner@demo.example or agent@demo.example, password "${password}".`,
  );
} else {
  actor = (await firstOwnerActor(db))!;
  console.log(`Adding sample contacts to the existing workspace, owned by ${actor.name}.`);
}

const started = Date.now();
await seedSampleContacts(db, actor, count, Date.now() % 100_000, owners);
console.log(`Added ${count} sample contacts in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
await database.close();
