// SQL for duplicate scans: the runs, the records a scan reads, the groups it stores, dismissals.
import { sql, type Kysely } from 'kysely';
import type { DB, DuplicateScanRow, DuplicateScansTable } from '../../db/types.js';
import type { Updateable } from 'kysely';
import { PHONE_CHANNELS } from '../contacts/enums.js';
import type { DupeRecord } from '../duplicates/record.js';

export async function insertScan(
  db: Kysely<DB>,
  row: Pick<
    DuplicateScanRow,
    'workspace_id' | 'id' | 'threshold' | 'created_by' | 'api_key_id' | 'actor_name'
  >,
): Promise<DuplicateScanRow> {
  return db.insertInto('duplicate_scans').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findScan(db: Kysely<DB>, workspaceId: string, id: string) {
  return db
    .selectFrom('duplicate_scans')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Newest first; `state` narrows to scans in those states. */
export async function listScans(
  db: Kysely<DB>,
  workspaceId: string,
  opts: { limit: number; states?: DuplicateScanRow['state'][] },
) {
  let q = db
    .selectFrom('duplicate_scans')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit);
  if (opts.states) q = q.where('state', 'in', opts.states);
  return q.execute();
}

export async function updateScan(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  patch: Updateable<DuplicateScansTable>,
) {
  await db
    .updateTable('duplicate_scans')
    .set(patch)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** Finished scans beyond the newest `keep` go, with their groups. */
export async function deleteOldScans(db: Kysely<DB>, workspaceId: string, keep: number) {
  await sql`
    delete from duplicate_scans d
    where d.workspace_id = ${workspaceId} and d.state in ('done', 'error')
      and d.id not in (select id from duplicate_scans
                       where workspace_id = ${workspaceId} and state in ('done', 'error')
                       order by created_at desc, id desc limit ${keep})`.execute(db);
}

/**
 * The next `limit` contacts after `afterId` in id order, as duplicate detection reads them: names,
 * company, city, birth date and normalised phones and emails. Two statements: the contacts, then
 * the points of exactly that id range (an index range scan, no per-row subquery).
 */
export async function recordBatch(
  db: Kysely<DB>,
  workspaceId: string,
  afterId: string | null,
  limit: number,
): Promise<DupeRecord[]> {
  let q = db
    .selectFrom('contacts')
    .select(['id', 'first_name', 'last_name', 'company', 'city', 'birth_date'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('id')
    .limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  const contacts = await q.execute();
  if (contacts.length === 0) return [];
  const records = new Map<string, DupeRecord & { phones: string[]; emails: string[] }>();
  for (const c of contacts) {
    records.set(c.id, {
      id: c.id,
      firstName: c.first_name,
      lastName: c.last_name,
      company: c.company,
      city: c.city,
      birthDate: c.birth_date,
      phones: [],
      emails: [],
    });
  }
  const points = await db
    .selectFrom('contact_points')
    .select(['contact_id', 'channel', 'normalized'])
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', '>=', contacts[0].id)
    .where('contact_id', '<=', contacts[contacts.length - 1].id)
    .where('channel', 'in', [...PHONE_CHANNELS, 'email'])
    .execute();
  for (const p of points) {
    const r = records.get(p.contact_id);
    if (!r) continue;
    const list = p.channel === 'email' ? r.emails : r.phones;
    if (!list.includes(p.normalized)) list.push(p.normalized);
  }
  return [...records.values()];
}

export interface ClusterRow {
  seq: number;
  score: number;
  members: string[];
  pairs: unknown;
}

export async function insertClusters(
  db: Kysely<DB>,
  workspaceId: string,
  scanId: string,
  rows: ClusterRow[],
) {
  if (rows.length === 0) return;
  await db
    .insertInto('duplicate_clusters')
    .values(
      rows.map((r) => ({ workspace_id: workspaceId, scan_id: scanId, ...r, pairs: JSON.stringify(r.pairs) })),
    )
    .execute();
}

/** Groups of a scan, surest first, after (score, seq) of the previous page. */
export async function clusterPage(
  db: Kysely<DB>,
  workspaceId: string,
  scanId: string,
  after: { score: number; seq: number } | undefined,
  limit: number,
) {
  let q = db
    .selectFrom('duplicate_clusters')
    .select(['seq', 'score', 'members', 'pairs'])
    .where('workspace_id', '=', workspaceId)
    .where('scan_id', '=', scanId)
    .orderBy('score', 'desc')
    .orderBy('seq')
    .limit(limit);
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('score', '<', after.score),
        eb.and([eb('score', '=', after.score), eb('seq', '>', after.seq)]),
      ]),
    );
  return q.execute();
}

/** Every dismissed pair of the workspace, as "a b" with a < b. */
export async function allDismissals(db: Kysely<DB>, workspaceId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('duplicate_dismissals')
    .select(['contact_a', 'contact_b'])
    .where('workspace_id', '=', workspaceId)
    .execute();
  return new Set(rows.map((r) => `${r.contact_a} ${r.contact_b}`));
}

/** Dismissed pairs that include any of these contacts, as "a b" with a < b. */
export async function dismissalsOf(db: Kysely<DB>, workspaceId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('duplicate_dismissals')
    .select(['contact_a', 'contact_b'])
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('contact_a', 'in', ids), eb('contact_b', 'in', ids)]))
    .execute();
  return new Set(rows.map((r) => `${r.contact_a} ${r.contact_b}`));
}

/** Inserts the pairs (a < b) not yet dismissed; answers how many were new. */
export async function insertDismissals(
  db: Kysely<DB>,
  workspaceId: string,
  pairs: [string, string][],
  by: { userId: string | null; name: string },
): Promise<number> {
  if (pairs.length === 0) return 0;
  const result = await db
    .insertInto('duplicate_dismissals')
    .values(
      pairs.map(([a, b]) => ({
        workspace_id: workspaceId,
        contact_a: a,
        contact_b: b,
        created_by: by.userId,
        actor_name: by.name,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/**
 * Contacts of the workspace sharing a normalised phone (on any phone channel: a WhatsApp number is
 * the phone's number) or email with this one.
 */
export async function sharingPoints(db: Kysely<DB>, workspaceId: string, contactId: string, limit: number) {
  // One branch per kind, each with `o.channel in (…)`, so both use the (channel, normalized) index.
  const sharing = (channels: string[]) => sql`
    select o.contact_id as id
    from contact_points p
    join contact_points o
      on o.workspace_id = p.workspace_id and o.channel in (${sql.join(channels)}) and o.normalized = p.normalized
    where p.workspace_id = ${workspaceId} and p.contact_id = ${contactId}
      and p.channel in (${sql.join(channels)}) and o.contact_id <> ${contactId}`;
  const { rows } = await sql<{ id: string }>`
    ${sharing([...PHONE_CHANNELS])} union ${sharing(['email'])} limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

export async function countContacts(db: Kysely<DB>, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('contacts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
