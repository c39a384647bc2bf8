import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { ActivitiesTable, ConversationsTable, DB } from '../../db/types.js';

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
const senderQuery = (workspaceId: string, channels: string[], normalized: string) => sql<{
  id: string;
  blocked: boolean;
}>`
    select c.id, c.blocked from contact_points p
    join contacts c on c.workspace_id = p.workspace_id and c.id = p.contact_id
    where p.workspace_id = ${workspaceId} and p.channel = any(${channels}::text[]) and p.normalized = ${normalized}
    order by p.created_at limit 1`;

export async function senderContact(
  db: Kysely<DB>,
  workspaceId: string,
  channels: string[],
  normalized: string,
) {
  return (await senderQuery(workspaceId, channels, normalized).execute(db)).rows[0];
}

export interface KnownSenderInquiry {
  conversation: Insertable<ConversationsTable> & { id: string; external_id: string };
  channels: string[];
  activity: Omit<Insertable<ActivitiesTable>, 'contact_id' | 'payload'> & { id: string };
  /** The activity's payload but `blocked`, which is the contact's. */
  payload: Record<string, unknown>;
}

/**
 * The whole inquiry of a sender whose contact exists, in one statement: the sender's contact is
 * found, the conversation id claimed with it and the inquiry put on its timeline. `found` false:
 * no contact has the sender's value (nothing was written); `claimed` false: the id was claimed
 * before (a retry; nothing was written).
 */
export async function recordKnownSenderInquiry(
  db: Kysely<DB>,
  x: KnownSenderInquiry,
): Promise<{ found: boolean; claimed: boolean; contactId: string | null; blocked: boolean }> {
  const c = x.conversation;
  const a = x.activity;
  const { rows } = await sql<{
    found: boolean;
    claimed: boolean;
    contact_id: string | null;
    blocked: boolean;
  }>`
    with sender as (${senderQuery(c.workspace_id, x.channels, c.sender)}), claimed as (
      insert into conversations (workspace_id, id, external_id, channel, sender, received_at,
                                 contact_id, activity_id, contact_created, blocked)
      select ${c.workspace_id}, ${c.id}, ${c.external_id}, ${c.channel}, ${c.sender}, ${c.received_at},
             s.id, ${a.id}, false, s.blocked
      from sender s
      on conflict (workspace_id, external_id) do nothing
      returning contact_id
    ), inquiry as (
      insert into activities (workspace_id, id, contact_id, kind, channel, direction, occurred_at,
                              actor_type, actor_id, actor_name, summary, payload)
      select ${a.workspace_id}, ${a.id}, s.id, ${a.kind}, ${a.channel}, ${a.direction}, ${a.occurred_at},
             ${a.actor_type}, ${a.actor_id}, ${a.actor_name}, ${a.summary},
             ${JSON.stringify(x.payload)}::jsonb || jsonb_build_object('blocked', s.blocked)
      from sender s where exists (select 1 from claimed)
    )
    select exists (select 1 from sender) as found, exists (select 1 from claimed) as claimed,
           (select id from sender) as contact_id, coalesce((select blocked from sender), false) as blocked`.execute(
    db,
  );
  const r = rows[0];
  return { found: r.found, claimed: r.claimed, contactId: r.contact_id, blocked: r.blocked };
}
