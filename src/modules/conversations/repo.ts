import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { ConversationsTable, DB } from '../../db/types.js';

/** Claims the conversation id; answers false when it was claimed before (a retry, or a race). */
export async function claim(db: Kysely<DB>, row: Insertable<ConversationsTable>): Promise<boolean> {
  const r = await db
    .insertInto('conversations')
    .values(row)
    .onConflict((oc) => oc.columns(['workspace_id', 'external_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!r;
}

export async function findByExternal(db: Kysely<DB>, workspaceId: string, externalId: string) {
  return db
    .selectFrom('conversations')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('external_id', '=', externalId)
    .executeTakeFirstOrThrow();
}

export async function update(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  set: Updateable<ConversationsTable>,
) {
  await db
    .updateTable('conversations')
    .set(set)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/**
 * One new sender at a time: two first messages from the same unknown number, arriving together,
 * create one contact. The lock is the transaction's and goes with it.
 */
export async function lockSender(db: Kysely<DB>, workspaceId: string, key: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`${workspaceId}:${key}`}, 0))`.execute(db);
}

/** The sender's contact (the oldest with the value on a channel of its kind), with its flags. */
export async function senderContact(
  db: Kysely<DB>,
  workspaceId: string,
  channels: string[],
  normalized: string,
) {
  const { rows } = await sql<{ id: string; blocked: boolean }>`
    select c.id, c.blocked from contact_points p
    join contacts c on c.workspace_id = p.workspace_id and c.id = p.contact_id
    where p.workspace_id = ${workspaceId} and p.channel in (${sql.join(channels)}) and p.normalized = ${normalized}
    order by p.created_at limit 1`.execute(db);
  return rows[0];
}
