// SQL for consent: opted-out values (on contact points or in the suppression list), their history,
// and the set-based status changes. Values travel as two parallel arrays (channel, normalized), so
// each statement is prepared once whatever the number of values.
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { DB, NewOptOutEvent, OptOutSource } from '../../db/types.js';

export interface ValueKey {
  channel: string;
  normalized: string;
}

export const keyOf = (v: ValueKey) => `${v.channel}:${v.normalized}`;

const unnestKeys = (keys: ValueKey[]) =>
  sql`unnest(${keys.map((k) => k.channel)}::text[], ${keys.map((k) => k.normalized)}::text[]) as k(channel, normalized)`;

/** Which of these values are opted out: in the suppression list or on any contact point. */
export async function optedOutAmong(db: Kysely<DB>, workspaceId: string, keys: ValueKey[]) {
  if (keys.length === 0) return new Map<string, { reason: string | null }>();
  const { rows } = await sql<ValueKey & { reason: string | null }>`
    select k.channel, k.normalized, s.reason
    from ${unnestKeys(keys)}
    left join suppressions s
      on s.workspace_id = ${workspaceId} and s.channel = k.channel and s.normalized = k.normalized
    where s.normalized is not null
       or exists (select 1 from contact_points p
                  where p.workspace_id = ${workspaceId} and p.channel = k.channel
                    and p.normalized = k.normalized and p.status = 'opted_out')`.execute(db);
  return new Map(rows.map((r) => [keyOf(r), { reason: r.reason }]));
}

export async function deleteSuppressions(db: Kysely<DB>, workspaceId: string, keys: ValueKey[]) {
  if (keys.length === 0) return [];
  const { rows } = await sql<ValueKey>`
    delete from suppressions s using ${unnestKeys(keys)}
    where s.workspace_id = ${workspaceId} and s.channel = k.channel and s.normalized = k.normalized
    returning s.channel, s.normalized`.execute(db);
  return rows;
}

/** Adds values to the suppression list; answers those that were not on it yet. */
export async function insertSuppressions(
  db: Kysely<DB>,
  workspaceId: string,
  rows: (ValueKey & { value: string; reason: string | null })[],
  source: OptOutSource,
) {
  if (rows.length === 0) return [];
  const { rows: added } = await sql<ValueKey>`
    insert into suppressions (workspace_id, channel, normalized, value, source, reason)
    select ${workspaceId}::uuid, r.channel, r.normalized, r.value, ${source}, r.reason
    from unnest(${rows.map((r) => r.channel)}::text[], ${rows.map((r) => r.normalized)}::text[],
                ${rows.map((r) => r.value)}::text[], ${rows.map((r) => r.reason)}::text[])
      as r(channel, normalized, value, reason)
    on conflict do nothing
    returning channel, normalized`.execute(db);
  return added;
}

export async function insertEvents(db: Kysely<DB>, rows: NewOptOutEvent[]) {
  if (rows.length > 0) await db.insertInto('optout_events').values(rows).execute();
}

export interface ChangedPoint extends ValueKey {
  id: string;
  contact_id: string;
  value: string;
  label: string;
}

/** Sets the status of every point carrying these values that has the other status. */
export async function setPointStatus(
  db: Kysely<DB>,
  workspaceId: string,
  keys: ValueKey[],
  status: 'active' | 'opted_out',
): Promise<ChangedPoint[]> {
  if (keys.length === 0) return [];
  const { rows } = await sql<ChangedPoint>`
    update contact_points p set status = ${status}
    from ${unnestKeys(keys)}
    where p.workspace_id = ${workspaceId} and p.channel = k.channel and p.normalized = k.normalized
      and p.status <> ${status}
    returning p.id, p.contact_id, p.channel, p.normalized, p.value, p.label`.execute(db);
  return rows;
}

/** Values among these that some contact point carries (whatever its status). */
export async function carriedAmong(db: Kysely<DB>, workspaceId: string, keys: ValueKey[]) {
  if (keys.length === 0) return new Set<string>();
  const { rows } = await sql<ValueKey>`
    select k.channel, k.normalized from ${unnestKeys(keys)}
    where exists (select 1 from contact_points p
                  where p.workspace_id = ${workspaceId} and p.channel = k.channel and p.normalized = k.normalized)`.execute(
    db,
  );
  return new Set(rows.map(keyOf));
}

/**
 * After a status change on their points: recomputes whether each contact is reachable and bumps
 * its version (its points changed, so an editor holding the old version must reload).
 */
export async function refreshContacts(db: Kysely<DB>, workspaceId: string, contactIds: string[]) {
  if (contactIds.length === 0) return;
  await sql`
    update contacts c set
      active = exists (select 1 from contact_points p
                       where p.workspace_id = c.workspace_id and p.contact_id = c.id and p.status = 'active'),
      version = version + 1, updated_at = now()
    where c.workspace_id = ${workspaceId} and c.id = any(${contactIds}::uuid[])`.execute(db);
}

/**
 * Before points leave the platform (their contact deleted, or the points removed from it): their
 * opt-outs go to the suppression list, unless another contact's point still carries the value.
 * `where` picks the leaving points of alias `p`.
 */
export async function keepOptOutsOfLeaving(
  db: Kysely<DB>,
  workspaceId: string,
  leaving: { contactIds: string[] } | { pointIds: string[] },
) {
  const pick =
    'contactIds' in leaving
      ? sql<SqlBool>`p.contact_id = any(${leaving.contactIds}::uuid[])`
      : sql<SqlBool>`p.id = any(${leaving.pointIds}::uuid[])`;
  const stays =
    'contactIds' in leaving
      ? sql<SqlBool>`q.contact_id <> all(${leaving.contactIds}::uuid[])`
      : sql<SqlBool>`q.id <> all(${leaving.pointIds}::uuid[])`;
  await sql`
    insert into suppressions (workspace_id, channel, normalized, value, source, reason)
    select distinct on (p.channel, p.normalized) p.workspace_id, p.channel, p.normalized, p.value, 'system',
           'Kept when its contact point was removed'
    from contact_points p
    where p.workspace_id = ${workspaceId} and ${pick} and p.status = 'opted_out'
      and not exists (select 1 from contact_points q
                      where q.workspace_id = p.workspace_id and q.channel = p.channel
                        and q.normalized = p.normalized and q.status = 'opted_out' and ${stays})
    on conflict do nothing`.execute(db);
}

export interface OptOutListRow extends ValueKey {
  value: string;
  contact_id: string | null;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  blocked: boolean | null;
  since: Date | null;
  reason: string | null;
  source: string | null;
}

/**
 * Opted-out points and suppressed values, in value order, a page after `after`; each with its
 * latest opt-out event (when, why, from where).
 */
export async function listOptOuts(
  db: Kysely<DB>,
  workspaceId: string,
  o: {
    channel?: string;
    q?: string;
    after?: { normalized: string; channel: string; contactId: string };
    limit: number;
  },
): Promise<OptOutListRow[]> {
  const channel = o.channel ?? null;
  const like = o.q ? `%${o.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  const after = o.after ?? null;
  // Suppressions sort with contact id '' (before any point of the same value).
  const { rows } = await sql<OptOutListRow>`
    with listed as (
      select p.channel, p.normalized, p.value, p.contact_id::text as contact_key, p.contact_id
      from contact_points p
      where p.workspace_id = ${workspaceId} and p.status = 'opted_out'
        and (${channel}::text is null or p.channel = ${channel})
        and (${like}::text is null or p.normalized ilike ${like} or p.value ilike ${like})
      union all
      select s.channel, s.normalized, s.value, '' as contact_key, null::uuid
      from suppressions s
      where s.workspace_id = ${workspaceId}
        and (${channel}::text is null or s.channel = ${channel})
        and (${like}::text is null or s.normalized ilike ${like} or s.value ilike ${like})
    )
    select l.channel, l.normalized, l.value, l.contact_id, c.first_name, c.last_name, c.company, c.blocked,
           e.created_at as since, coalesce(e.reason, s.reason) as reason, coalesce(e.source, s.source) as source
    from listed l
    left join contacts c on c.workspace_id = ${workspaceId} and c.id = l.contact_id
    left join suppressions s
      on l.contact_id is null and s.workspace_id = ${workspaceId} and s.channel = l.channel and s.normalized = l.normalized
    left join lateral (
      select ev.created_at, ev.reason, ev.source from optout_events ev
      where ev.workspace_id = ${workspaceId} and ev.channel = l.channel and ev.normalized = l.normalized
        and ev.status = 'opted_out'
      order by ev.id desc limit 1
    ) e on true
    where ${after === null}
       or (l.normalized, l.channel, l.contact_key) > (${after?.normalized ?? ''}, ${after?.channel ?? ''}, ${after?.contactId ?? ''})
    order by l.normalized, l.channel, l.contact_key
    limit ${o.limit}`.execute(db);
  return rows;
}

export async function history(db: Kysely<DB>, workspaceId: string, key: ValueKey, limit: number) {
  return db
    .selectFrom('optout_events')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('channel', '=', key.channel)
    .where('normalized', '=', key.normalized)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export interface PointState extends ValueKey {
  id: string;
  contact_id: string;
  value: string;
  status: string;
  blocked: boolean;
}

/** Every point carrying these values, with its contact's blocked flag. */
export async function pointsWithValues(db: Kysely<DB>, workspaceId: string, keys: ValueKey[]) {
  if (keys.length === 0) return [];
  const { rows } = await sql<PointState>`
    select p.id, p.contact_id, p.channel, p.normalized, p.value, p.status, c.blocked
    from ${unnestKeys(keys)}
    join contact_points p on p.workspace_id = ${workspaceId} and p.channel = k.channel and p.normalized = k.normalized
    join contacts c on c.workspace_id = p.workspace_id and c.id = p.contact_id`.execute(db);
  return rows;
}

export async function suppressedAmong(db: Kysely<DB>, workspaceId: string, keys: ValueKey[]) {
  if (keys.length === 0) return new Set<string>();
  const { rows } = await sql<ValueKey>`
    select s.channel, s.normalized from ${unnestKeys(keys)}
    join suppressions s on s.workspace_id = ${workspaceId} and s.channel = k.channel and s.normalized = k.normalized`.execute(
    db,
  );
  return new Set(rows.map(keyOf));
}
