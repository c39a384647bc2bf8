// The planner's view of a compiled filter: how many of a workspace's contacts PostgreSQL expects
// it to match. Statistics are per table, not per workspace, so a test that asserts on them keeps
// the file's other contacts from skewing them.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/types.js';
import { compileFilter } from '../src/modules/filters/compile.js';
import { definitionsFor } from '../src/modules/fields/service.js';

export async function estimatedRows(db: Kysely<DB>, workspaceId: string, filter: unknown): Promise<number> {
  await sql`analyze contacts`.execute(db);
  const definitions = await definitionsFor(db, workspaceId);
  const options = { definitions, extensions: {}, defaultCountry: 'US', userId: null, now: new Date() };
  const where = await compileFilter(filter, 'filter', options);
  const query = db
    .selectFrom('contacts as c')
    .select('c.id')
    .where('c.workspace_id', '=', workspaceId)
    .where(where)
    .compile();
  // Inline the values, as the app's unnamed statements let the planner see them.
  const params = query.parameters.map((p) => `'${String(p).replace(/'/g, "''")}'`);
  const text = query.sql.replace(/\$(\d+)/g, (_, n) => params[Number(n) - 1]);
  const plan = await sql.raw<{ 'QUERY PLAN': unknown }>(`explain (format json) ${text}`).execute(db);
  const json = plan.rows[0]['QUERY PLAN'];
  return (typeof json === 'string' ? JSON.parse(json) : json)[0].Plan['Plan Rows'];
}
