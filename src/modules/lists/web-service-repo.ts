// SQL of the web-service source: the campaign's "Web service" list, entries that are done, and
// what is on the list already.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

export async function webServiceList(db: Kysely<DB>, workspaceId: string, campaignId: string) {
  return db
    .selectFrom('contact_lists')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('campaign_id', '=', campaignId)
    .where('source', '=', 'web_service')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** The campaign's list names, lower-cased: to pick one that is free. */
export async function listNames(db: Kysely<DB>, workspaceId: string, campaignId: string) {
  const rows = await db
    .selectFrom('contact_lists')
    .select(sql<string>`lower(name)`.as('name'))
    .where('workspace_id', '=', workspaceId)
    .where('campaign_id', '=', campaignId)
    .execute();
  return new Set(rows.map((r) => r.name));
}

export interface EntryKeys {
  external_id: string | null;
  address_channel: string | null;
  address: string | null;
}

/** Deletes the list's entries that are done (closed, attempted) or flagged; answers what they were. */
export async function dropDone(db: Kysely<DB>, workspaceId: string, listId: string): Promise<EntryKeys[]> {
  const { rows } = await sql<EntryKeys>`
    delete from list_entries
    where workspace_id = ${workspaceId} and list_id = ${listId} and state in ('closed', 'attempted', 'flagged')
    returning payload->>'id' as external_id, address_channel, address`.execute(db);
  return rows;
}

/** What identifies each entry on the list: the service's id and the address. */
export async function entryKeys(db: Kysely<DB>, workspaceId: string, listId: string): Promise<EntryKeys[]> {
  const { rows } = await sql<EntryKeys>`
    select payload->>'id' as external_id, address_channel, address
    from list_entries where workspace_id = ${workspaceId} and list_id = ${listId}`.execute(db);
  return rows;
}
