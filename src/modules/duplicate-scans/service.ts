import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { decodeTupleCursor, encodeTupleCursor } from '../../lib/tuple-cursor.js';
import { fieldError, notFound } from '../../server/errors.js';
import { assertManager, type Actor } from '../auth/actor.js';
import { findVisibleMany, visibleContacts, withChildren } from '../contacts/repo.js';
import { presentContact } from '../contacts/present.js';
import { clusterPairs, type ScoredPair } from '../duplicates/cluster.js';
import type { Reason } from '../duplicates/score.js';
import { presentReasons, presentScan } from './present.js';
import * as repo from './repo.js';
import type { ScanJobPayload } from './run.js';
import type { Cluster, Scan } from './schema.js';

export type SendScanJob = (trx: Kysely<DB>, payload: ScanJobPayload) => Promise<unknown>;

/** A scan waiting or running longer than this is taken as lost (a crashed server): a new one may start. */
const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * Starts a whole-workspace scan, or answers the one already under way: two scans at once would
 * only compete for the same machine and answer the same thing.
 */
export async function startScan(
  db: Kysely<DB>,
  actor: Actor,
  body: { threshold: number },
  send: SendScanJob,
): Promise<{ scan: Scan; started: boolean }> {
  assertManager(actor, 'scan the workspace for duplicates');
  return db.transaction().execute(async (trx) => {
    // One scan start at a time per workspace, so two clicks cannot both start one.
    await sqlLock(trx, actor.workspaceId);
    const [active] = await repo.listScans(trx, actor.workspaceId, {
      limit: 1,
      states: ['waiting', 'running'],
    });
    if (active && Date.now() - active.created_at.getTime() < STALE_AFTER_MS)
      return { scan: presentScan(active), started: false };
    const row = await repo.insertScan(trx, {
      workspace_id: actor.workspaceId,
      id: newId(),
      threshold: body.threshold,
      created_by: actor.userId,
      api_key_id: actor.apiKeyId,
      actor_name: actor.name,
    });
    await send(trx, { workspaceId: actor.workspaceId, scanId: row.id });
    return { scan: presentScan(row), started: true };
  });
}

async function sqlLock(trx: Kysely<DB>, workspaceId: string) {
  await trx
    .selectFrom('workspaces')
    .select('id')
    .where('id', '=', workspaceId)
    .forUpdate()
    .executeTakeFirst();
}

export async function listScans(db: Kysely<DB>, actor: Actor) {
  assertManager(actor, 'see duplicate scans');
  return { items: (await repo.listScans(db, actor.workspaceId, { limit: 10 })).map(presentScan) };
}

export async function getScan(db: Kysely<DB>, actor: Actor, id: string): Promise<Scan> {
  assertManager(actor, 'see duplicate scans');
  const row = await repo.findScan(db, actor.workspaceId, id);
  if (!row) throw notFound('Duplicate scan');
  return presentScan(row);
}

const decodeCursor = (cursor: string) =>
  decodeTupleCursor(cursor, ([score, seq]) =>
    typeof score === 'number' && Number.isInteger(seq) ? { score, seq: seq as number } : undefined,
  );

interface StoredPair {
  a: string;
  b: string;
  score: number;
  reasons: Reason[];
}

const pairKey = (a: string, b: string) => (a < b ? `${a} ${b}` : `${b} ${a}`);

/**
 * Groups of the latest finished scan (or the one named), surest first. Contacts deleted or merged
 * since the scan and pairs dismissed since are left out, so a group may come back smaller, split,
 * or not at all: a page can hold fewer groups than `limit` and still have a next one.
 */
export async function listClusters(
  db: Kysely<DB>,
  actor: Actor,
  query: { scanId?: string; limit: number; cursor?: string },
) {
  assertManager(actor, 'see duplicate groups');
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const scanRow = query.scanId
    ? await repo.findScan(db, actor.workspaceId, query.scanId)
    : (await repo.listScans(db, actor.workspaceId, { limit: 1, states: ['done'] }))[0];
  if (query.scanId && !scanRow) throw notFound('Duplicate scan');
  if (!scanRow || scanRow.state !== 'done')
    return { scan: scanRow ? presentScan(scanRow) : null, items: [], nextCursor: null };

  const rows = await repo.clusterPage(db, actor.workspaceId, scanRow.id, after, query.limit + 1);
  const page = rows.slice(0, query.limit);
  const ids = [...new Set(page.flatMap((r) => r.members))];
  const [contacts, dismissed] = await Promise.all([
    ids.length ? withChildren(visibleContacts(db, actor)).where('c.id', 'in', ids).execute() : [],
    repo.dismissalsOf(db, actor.workspaceId, ids),
  ]);
  const byId = new Map(contacts.map((c) => [c.id, c]));

  const items: Cluster[] = [];
  for (const row of page) {
    const pairs = (row.pairs as StoredPair[]).filter(
      (p) => byId.has(p.a) && byId.has(p.b) && !dismissed.has(pairKey(p.a, p.b)),
    );
    const groups = clusterPairs(pairs as ScoredPair[], scanRow.threshold);
    groups.forEach((g, k) => {
      const order = row.members.filter((m) => g.members.includes(m));
      items.push({
        id: groups.length === 1 ? `${scanRow.id}:${row.seq}` : `${scanRow.id}:${row.seq}.${k}`,
        score: Math.max(...g.pairs.map((p) => p.score)),
        contacts: order.map((m) => {
          const c = byId.get(m)!;
          return presentContact(c, c.points_json, c.shared_with);
        }),
        pairs: g.pairs.map((p) => ({ a: p.a, b: p.b, score: p.score, reasons: presentReasons(p.reasons) })),
      });
    });
  }
  const last = page[page.length - 1];
  return {
    scan: presentScan(scanRow),
    items,
    nextCursor: rows.length > query.limit ? encodeTupleCursor([last.score, last.seq]) : null,
  };
}

/** "Not the same person": every pair among these contacts stops being offered. */
export async function dismiss(db: Kysely<DB>, actor: Actor, contactIds: string[]) {
  const ids = [...new Set(contactIds)];
  if (ids.length < 2) throw fieldError('contactIds', 'give at least two different contacts');
  const visible = await findVisibleMany(db, actor, ids, false);
  const seen = new Set(visible.map((c) => c.id));
  const missing = ids.find((id) => !seen.has(id));
  if (missing) throw notFound(`Contact ${missing}`);
  const pairs: [string, string][] = [];
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++)
      pairs.push(ids[i] < ids[j] ? [ids[i], ids[j]] : [ids[j], ids[i]]);
  const dismissed = await repo.insertDismissals(db, actor.workspaceId, pairs, {
    userId: actor.userId,
    name: actor.name,
  });
  return { dismissed };
}
