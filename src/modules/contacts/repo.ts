import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { ContactPointRow, ContactRow, DB, ContactUpdate } from '../../db/types.js';
import type { Actor } from '../auth/actor.js';
import { isManager, NO_USER } from '../auth/actor.js';
import { channelsOfKind } from './enums.js';

export type ContactsQuery = ReturnType<typeof fromContacts>;

function fromContacts(db: Kysely<DB>, workspaceId: string) {
  return db.selectFrom('contacts as c').where('c.workspace_id', '=', workspaceId);
}

/** Contacts the actor may see: all for managers; owned or shared ones for agents. */
export function visibleContacts(db: Kysely<DB>, actor: Actor): ContactsQuery {
  const q = fromContacts(db, actor.workspaceId);
  if (isManager(actor)) return q;
  const me = actor.userId ?? NO_USER;
  return q.where((eb) =>
    eb.or([
      eb('c.owner_id', '=', me),
      eb.exists(
        eb
          .selectFrom('contact_shares as s')
          .select(sql`1`.as('one'))
          .whereRef('s.workspace_id', '=', 'c.workspace_id')
          .whereRef('s.contact_id', '=', 'c.id')
          .where('s.user_id', '=', me),
      ),
    ]),
  );
}

export interface PointJson {
  id: string;
  channel: string;
  label: string;
  value: string;
  normalized: string;
  status: string;
}
export type ContactWithChildren = ContactRow & { points_json: PointJson[]; shared_with: string[] };

/** Adds each contact's points and shares as JSON columns, so a read is one round trip. */
export function withChildren(q: ContactsQuery) {
  return q.selectAll('c').select([
    sql<PointJson[]>`coalesce((
      select json_agg(json_build_object('id', p.id, 'channel', p.channel, 'label', p.label, 'value', p.value,
                                        'normalized', p.normalized, 'status', p.status) order by p.position)
      from contact_points p where p.workspace_id = c.workspace_id and p.contact_id = c.id), '[]'::json)`.as(
      'points_json',
    ),
    sql<string[]>`coalesce((
      select array_agg(s.user_id::text order by s.created_at)
      from contact_shares s where s.workspace_id = c.workspace_id and s.contact_id = c.id), '{}'::text[])`.as(
      'shared_with',
    ),
  ]);
}

export async function findVisibleWithChildren(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
): Promise<ContactWithChildren | undefined> {
  return withChildren(visibleContacts(db, actor)).where('c.id', '=', id).executeTakeFirst();
}

/** The contacts among `ids` the actor sees, with their points and shares, in no particular order. */
export async function findVisibleManyWithChildren(
  db: Kysely<DB>,
  actor: Actor,
  ids: readonly string[],
): Promise<ContactWithChildren[]> {
  // One array parameter, so every batch size is the same statement (and the same prepared plan).
  return withChildren(visibleContacts(db, actor))
    .where('c.id', '=', sql<string>`any(${ids}::uuid[])`)
    .execute();
}

export async function findVisible(db: Kysely<DB>, actor: Actor, id: string, forUpdate = false) {
  let q = visibleContacts(db, actor).selectAll('c').where('c.id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The contacts among `ids` the actor sees; locked for update unless `forUpdate` is false (reads). */
export async function findVisibleMany(db: Kysely<DB>, actor: Actor, ids: string[], forUpdate = true) {
  if (ids.length === 0) return [];
  const q = visibleContacts(db, actor).selectAll('c').where('c.id', 'in', ids);
  return (forUpdate ? q.forUpdate() : q).execute();
}

/** The unique index on (workspace_id, external_id) refused a write: a concurrent writer took the id first. */
export function isExternalIdTaken(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && e.constraint === 'contacts_external_id_key';
}

type NewPoint = Omit<ContactPointRow, 'created_at'>;

const CONTACT_COLUMNS = [
  'workspace_id',
  'id',
  'first_name',
  'last_name',
  'type',
  'level',
  'company',
  'job_title',
  'department',
  'birth_date',
  'language',
  'time_zone',
  'street',
  'city',
  'state',
  'zip',
  'country',
  'tags',
  'owner_id',
  'created_by',
  'source',
  'external_id',
  'custom',
  'active',
  'search_text',
  'version',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof ContactRow)[];

/**
 * Inserts a contact with its points and its log entry in one statement (data-modifying CTEs).
 * Written out rather than built: the hottest write path, and its text is the same whatever the
 * number of points (they travel as arrays), so PostgreSQL prepares it once per connection.
 */
export async function insertNewContact(
  db: Kysely<DB>,
  row: Omit<ContactRow, 'custom'> & { custom: string },
  points: NewPoint[],
  change: ChangeRow,
): Promise<void> {
  const column = <K extends keyof NewPoint>(k: K) => points.map((p) => p[k]);
  await sql`
    with new_contact as (
      insert into contacts (${sql.join(CONTACT_COLUMNS.map((c) => sql.ref(c)))})
      values (${sql.join(CONTACT_COLUMNS.map((c) => row[c]))})
    ), new_points as (
      insert into contact_points (workspace_id, contact_id, id, channel, label, value, normalized, status, position)
      select ${row.workspace_id}::uuid, ${row.id}::uuid, p.*
      from unnest(${column('id')}::uuid[], ${column('channel')}::text[], ${column('label')}::text[],
                  ${column('value')}::text[], ${column('normalized')}::text[], ${column('status')}::text[],
                  ${column('position')}::int[]) as p
    )
    insert into contact_changes (workspace_id, id, contact_id, action, actor_type, actor_id, actor_name, changes)
    values (${change.workspace_id}, ${change.id}, ${change.contact_id}, ${change.action}, ${change.actor_type},
            ${change.actor_id}, ${change.actor_name}, ${change.changes})`.execute(db);
}

/** A new contact with its points and log entry, as insertNewContact takes them. */
export interface NewContactWrite {
  row: Omit<ContactRow, 'custom'> & { custom: string };
  points: NewPoint[];
  change: ChangeRow;
}

/**
 * Inserts several new contacts, their points and log entries in one statement: what
 * insertNewContact does for one, with each table's rows as one JSON array. Either all are written
 * or none. Columns left out of the JSON take their defaults.
 */
export async function insertNewContacts(db: Kysely<DB>, writes: NewContactWrite[]): Promise<void> {
  const contacts = writes.map((w) => ({ ...w.row, custom: JSON.parse(w.row.custom) }));
  const points = writes.flatMap((w) => w.points);
  const changes = writes.map((w) => ({ ...w.change, changes: JSON.parse(w.change.changes) }));
  const columns = sql.join(CONTACT_COLUMNS.map((c) => sql.ref(c)));
  await sql`
    with new_contacts as (
      insert into contacts (${columns})
      select ${columns} from jsonb_populate_recordset(null::contacts, ${JSON.stringify(contacts)}::jsonb)
    ), new_points as (
      insert into contact_points (workspace_id, contact_id, id, channel, label, value, normalized, status, position)
      select workspace_id, contact_id, id, channel, label, value, normalized, status, position
      from jsonb_populate_recordset(null::contact_points, ${JSON.stringify(points)}::jsonb)
    )
    insert into contact_changes (workspace_id, id, contact_id, action, actor_type, actor_id, actor_name, changes)
    select workspace_id, id, contact_id, action, actor_type, actor_id, actor_name, changes
    from jsonb_populate_recordset(null::contact_changes, ${JSON.stringify(changes)}::jsonb)`.execute(db);
}

export async function updateContact(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  set: ContactUpdate,
): Promise<ContactRow> {
  return db
    .updateTable('contacts')
    .set({ ...set, version: sql`version + 1`, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteContacts(db: Kysely<DB>, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return 0;
  const r = await db
    .deleteFrom('contacts')
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function pointsFor(
  db: Kysely<DB>,
  workspaceId: string,
  contactIds: string[],
): Promise<ContactPointRow[]> {
  if (contactIds.length === 0) return [];
  // One array parameter: the statement is prepared once whatever the number of ids (exports
  // ask for 2,000 at a time, where an IN list of 2,000 parameters was planned on every page).
  return db
    .selectFrom('contact_points')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where(sql<SqlBool>`contact_id = any(${contactIds}::uuid[])`)
    .orderBy('contact_id')
    .orderBy('position')
    .execute();
}

export async function replacePoints(
  db: Kysely<DB>,
  workspaceId: string,
  contactId: string,
  rows: ContactPointRow[],
) {
  await db
    .deleteFrom('contact_points')
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', '=', contactId)
    .execute();
  await insertPoints(db, rows);
}

export async function insertPoints(db: Kysely<DB>, rows: Omit<ContactPointRow, 'created_at'>[]) {
  if (rows.length > 0) await db.insertInto('contact_points').values(rows).execute();
}

export async function sharesFor(db: Kysely<DB>, workspaceId: string, contactIds: string[]) {
  if (contactIds.length === 0) return [];
  return db
    .selectFrom('contact_shares')
    .select(['contact_id', 'user_id'])
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', 'in', contactIds)
    .orderBy('created_at')
    .execute();
}

export async function addShare(db: Kysely<DB>, workspaceId: string, contactId: string, userId: string) {
  await db
    .insertInto('contact_shares')
    .values({ workspace_id: workspaceId, contact_id: contactId, user_id: userId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeShare(db: Kysely<DB>, workspaceId: string, contactId: string, userId: string) {
  const r = await db
    .deleteFrom('contact_shares')
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', '=', contactId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export interface ChangeRow {
  workspace_id: string;
  id: string;
  contact_id: string;
  action: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  changes: string;
}

export async function insertChanges(db: Kysely<DB>, rows: ChangeRow[]) {
  if (rows.length > 0) await db.insertInto('contact_changes').values(rows).execute();
}

export async function listChanges(
  db: Kysely<DB>,
  workspaceId: string,
  contactId: string,
  beforeId: string | undefined,
  limit: number,
) {
  let q = db
    .selectFrom('contact_changes')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', '=', contactId)
    .orderBy('id', 'desc')
    .limit(limit);
  if (beforeId) q = q.where('id', '<', beforeId);
  return q.execute();
}

export async function hasChanges(db: Kysely<DB>, workspaceId: string, contactId: string): Promise<boolean> {
  const row = await db
    .selectFrom('contact_changes')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', '=', contactId)
    .limit(1)
    .executeTakeFirst();
  return !!row;
}

/** Narrows a query by conditions over `c` (compiled filters, the search plan). */
export function matching(q: ContactsQuery, conditions: RawBuilder<SqlBool>[]): ContactsQuery {
  return conditions.reduce((acc, cond) => acc.where(cond), q);
}

export interface PageOptions {
  column: string;
  nullable: boolean;
  order: 'asc' | 'desc';
  conditions: RawBuilder<SqlBool>[];
  limit: number;
  after?: { value: unknown; id: string };
}

/**
 * Keyset paging on (column, id). PostgreSQL orders NULLs last ascending and first descending,
 * matching a plain b-tree scan; so a page walks the non-null run and the null run as two
 * separate index-friendly queries instead of one OR that defeats the index.
 */
export async function listPage(db: Kysely<DB>, actor: Actor, o: PageOptions): Promise<ContactWithChildren[]> {
  const col = sql.ref(`c.${o.column}`);
  const base = withChildren(matching(visibleContacts(db, actor), o.conditions));
  const cmp = o.order === 'asc' ? '>' : '<';
  const want = o.limit + 1;

  const nonNullRun = (after?: { value: unknown; id: string }) => {
    let q = base.orderBy(col, o.order).orderBy('c.id', o.order).limit(want);
    if (o.nullable) q = q.where(col as Expression<any>, 'is not', null);
    if (after) q = q.where(sql<SqlBool>`(${col}, c.id) ${sql.raw(cmp)} (${after.value}, ${after.id})`);
    return q.execute();
  };
  const nullRun = (afterId?: string, need = want) => {
    let q = base
      .where(col as Expression<any>, 'is', null)
      .orderBy('c.id', o.order)
      .limit(need);
    if (afterId) q = q.where('c.id', cmp, afterId);
    return q.execute();
  };

  const afterNull = o.after && o.after.value === null;
  if (!o.nullable) return nonNullRun(o.after);
  if (o.order === 'asc') {
    if (afterNull) return nullRun(o.after!.id);
    const rows = await nonNullRun(o.after);
    return rows.length < want ? rows.concat(await nullRun(undefined, want - rows.length)) : rows;
  }
  if (o.after && !afterNull) return nonNullRun(o.after);
  const nulls = await nullRun(o.after?.id);
  return nulls.length < want ? nulls.concat(await nonNullRun()).slice(0, want) : nulls;
}

/** These contacts of the workspace with their points and shares, in the order of `ids`. */
export async function contactsInOrder(
  db: Kysely<DB>,
  workspaceId: string,
  ids: string[],
): Promise<ContactWithChildren[]> {
  if (ids.length === 0) return [];
  const rows = await withChildren(fromContacts(db, workspaceId))
    .where(sql<SqlBool>`c.id = any(${ids}::uuid[])`)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** How many contacts the actor sees that meet every condition. */
export async function countMatching(db: Kysely<DB>, actor: Actor, conditions: RawBuilder<SqlBool>[]) {
  const row = await matching(visibleContacts(db, actor), conditions)
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function visibleIdsAmong(
  db: Kysely<DB>,
  actor: Actor,
  ids: string[],
  ownedOnly: boolean,
): Promise<string[]> {
  if (ids.length === 0) return [];
  let q = visibleContacts(db, actor)
    .select('c.id')
    .where(sql<SqlBool>`c.id = any(${ids}::uuid[])`);
  if (ownedOnly) q = q.where('c.owner_id', '=', actor.userId);
  return (await q.execute()).map((r) => r.id);
}

export async function idsMatching(db: Kysely<DB>, actor: Actor, conditions: RawBuilder<SqlBool>[]) {
  return (await matching(visibleContacts(db, actor), conditions).select('c.id').execute()).map((r) => r.id);
}

/** The next ids (in id order, after `afterId`) among what the actor sees that meet the conditions. */
export async function idPage(
  db: Kysely<DB>,
  actor: Actor,
  conditions: RawBuilder<SqlBool>[],
  afterId: string | null,
  limit: number,
  ownedOnly: boolean,
): Promise<string[]> {
  let q = matching(visibleContacts(db, actor), conditions).select('c.id').orderBy('c.id').limit(limit);
  if (afterId) q = q.where('c.id', '>', afterId);
  if (ownedOnly) q = q.where('c.owner_id', '=', actor.userId);
  return (await q.execute()).map((r) => r.id);
}

export async function countOwnedMatching(db: Kysely<DB>, actor: Actor, conditions: RawBuilder<SqlBool>[]) {
  const row = await matching(visibleContacts(db, actor), conditions)
    .where('c.owner_id', '=', actor.userId)
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The contact that has this value on a channel of the same kind (channelsOfKind), oldest first. */
export async function contactByPoint(
  db: Kysely<DB>,
  workspaceId: string,
  channel: string,
  normalized: string,
) {
  const row = await db
    .selectFrom('contact_points')
    .select('contact_id')
    .where('workspace_id', '=', workspaceId)
    .where('channel', 'in', channelsOfKind(channel))
    .where('normalized', '=', normalized)
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  return row?.contact_id ?? null;
}
