import type { Kysely } from 'kysely';
import type { DB, SegmentRow } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { AppError, fieldError, forbidden, notFound } from '../../server/errors.js';
import { isManager, type Actor } from '../auth/actor.js';
import { countContacts } from '../contacts/selection.js';
import { checkFilter } from '../filters/service.js';
import * as repo from './repo.js';
import type { Segment, SegmentCreate, SegmentPatch } from './schema.js';

async function present(db: Kysely<DB>, actor: Actor, r: SegmentRow): Promise<Segment> {
  return {
    id: r.id,
    name: r.name,
    filter: r.filter,
    count: await countContacts(db, actor, { filter: { field: 'segment', op: 'equals', value: r.id } }),
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

const nameTaken = () => fieldError('name', 'Another segment already has this name');

async function load(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await repo.find(db, actor.workspaceId, id);
  if (!row) throw notFound('Segment');
  return row;
}

function assertMayChange(actor: Actor, row: SegmentRow) {
  if (!isManager(actor) && row.created_by !== actor.userId)
    throw forbidden('Only admins and the segment’s creator can change it');
}

export async function listSegments(db: Kysely<DB>, actor: Actor): Promise<Segment[]> {
  const rows = await repo.list(db, actor.workspaceId);
  const out: Segment[] = [];
  // One count at a time: on PGlite there is one connection, and on PostgreSQL counts are heavy.
  for (const r of rows) out.push(await present(db, actor, r));
  return out;
}

export async function getSegment(db: Kysely<DB>, actor: Actor, id: string) {
  return present(db, actor, await load(db, actor, id));
}

export async function createSegment(db: Kysely<DB>, actor: Actor, input: SegmentCreate) {
  await checkFilter(db, actor, input.filter);
  if ((await repo.count(db, actor.workspaceId)) >= repo.MAX_SEGMENTS)
    throw new AppError('conflict', `A workspace has at most ${repo.MAX_SEGMENTS} segments`);
  try {
    const row = await repo.insert(db, {
      workspace_id: actor.workspaceId,
      id: newId(),
      name: input.name,
      filter: input.filter,
      created_by: actor.userId,
    });
    return present(db, actor, row);
  } catch (err) {
    if (repo.isNameTaken(err)) throw nameTaken();
    throw err;
  }
}

export async function updateSegment(db: Kysely<DB>, actor: Actor, id: string, patch: SegmentPatch) {
  const row = await load(db, actor, id);
  assertMayChange(actor, row);
  if (patch.filter !== undefined) {
    await checkFilter(db, actor, patch.filter, `segment:${id}`);
  }
  try {
    const updated = await repo.update(db, actor.workspaceId, id, {
      name: patch.name,
      filter: patch.filter === undefined ? undefined : JSON.stringify(patch.filter),
    });
    return present(db, actor, updated);
  } catch (err) {
    if (repo.isNameTaken(err)) throw nameTaken();
    throw err;
  }
}

export async function deleteSegment(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await load(db, actor, id);
  assertMayChange(actor, row);
  const users = await repo.referencesTo(db, actor.workspaceId, id);
  if (users.length)
    throw new AppError('conflict', `The segment is used by ${users.join(', ')}: change those first`);
  await repo.remove(db, actor.workspaceId, id);
}
