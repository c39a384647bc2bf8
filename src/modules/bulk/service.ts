import type { Kysely } from 'kysely';
import type { BulkActionRow, ContactRow, DB } from '../../db/types.js';
import { commitWithoutFlushWait } from '../../db/durability.js';
import { newId } from '../../lib/ids.js';
import { AppError, fieldError, notFound } from '../../server/errors.js';
import { onlyCreatedBy, type Actor } from '../auth/actor.js';
import { actorWhoAsked } from '../auth/stored-actor.js';
import { setFields } from '../contacts/bulk.js';
import { editTags, setOwner } from '../contacts/bulk-edit.js';
import { ContactPatch } from '../contacts/schema.js';
import { checkNewOwner, deleteMany, toColumns } from '../contacts/service.js';
import { definitionsFor } from '../fields/service.js';
import { applyCustomValues } from '../fields/validate.js';
import { selectionWalker } from '../contacts/selection.js';
import type { Selection } from '../contacts/selection.js';
import { addToGroup, assertStaticGroup, removeFromGroup } from '../groups/service.js';
import * as repo from './repo.js';
import { SETTABLE_FIELDS, type BulkAction, type BulkActionCreate, type BulkActionSpec } from './schema.js';

/** Actions the API takes, and tag edits that the tags module starts (rename, merge, delete). */
export type StoredAction = BulkActionSpec | { type: 'edit_tags'; remove: string[]; add: string[] };

/** Up to this many contacts, an action runs within the request and answers done. */
export const INLINE_LIMIT = 500;

export interface BulkJobPayload {
  workspaceId: string;
  bulkActionId: string;
}
export type SendBulkJob = (trx: Kysely<DB>, payload: BulkJobPayload) => Promise<unknown>;

/** Deleting and handing over contacts is for their owners (and managers): agents act on their own. */
const ownedOnly = (a: StoredAction) => a.type === 'delete' || a.type === 'assign_owner';

export function present(r: BulkActionRow): BulkAction {
  return {
    id: r.id,
    state: r.state,
    action: r.action,
    selection: r.selection,
    total: r.total,
    processed: r.processed,
    changed: r.changed,
    skipped: r.skipped,
    failed: r.failed,
    error: r.error,
    createdBy: { id: r.created_by ?? r.api_key_id, name: r.actor_name },
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

/** The contact patch a set_field action applies, checked as a PATCH of that one field would be. */
function fieldPatch(field: string, value: unknown): ContactPatch {
  let raw: Record<string, unknown>;
  if (field.startsWith('custom.')) raw = { custom: { [field.slice('custom.'.length)]: value } };
  else if (['street', 'city', 'state', 'zip', 'country'].includes(field))
    raw = { address: { [field]: value } };
  else if ((SETTABLE_FIELDS as readonly string[]).includes(field)) raw = { [field]: value };
  else
    throw fieldError(
      'action.field',
      `cannot be set in bulk; use one of ${SETTABLE_FIELDS.join(', ')} or custom.<key>`,
    );
  const parsed = ContactPatch.safeParse(raw);
  if (!parsed.success) throw fieldError('action.value', parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}

/** The columns and custom values a set_field action writes; custom ones checked against their definition. */
export async function fieldChange(db: Kysely<DB>, actor: Actor, field: string, value: unknown) {
  const patch = fieldPatch(field, value);
  if (patch.custom) {
    const defs = await definitionsFor(db, actor.workspaceId);
    const [error] = applyCustomValues(defs, {}, patch.custom, false).errors;
    if (error)
      throw fieldError(
        defs.some((d) => `custom.${d.key}` === field) ? 'action.value' : 'action.field',
        error.message,
      );
  }
  // One core field, as columns: toColumns never sets `custom`, the one column typed differently.
  return { cols: toColumns(patch) as Partial<ContactRow>, custom: patch.custom };
}

/** Checks what an action names (owner, group, field value) before any contact is touched. */
async function checkAction(db: Kysely<DB>, actor: Actor, action: StoredAction) {
  switch (action.type) {
    case 'assign_owner':
      if (action.ownerId) await checkNewOwner(db, actor, action.ownerId, 'action.ownerId');
      return;
    case 'add_to_group':
    case 'remove_from_group':
      await assertStaticGroup(db, actor, action.groupId, 'action.groupId');
      return;
    case 'set_field':
      await fieldChange(db, actor, action.field, action.value);
      return;
  }
}

/**
 * Records a bulk action over a selection and runs it: here and now when it is small, else as a
 * background job with progress. The count the caller was shown guards against a selection that
 * changed meanwhile; deleting requires it.
 */
export async function startBulkAction(
  db: Kysely<DB>,
  actor: Actor,
  input: BulkActionCreate | { selection: Selection; action: StoredAction; expectedCount?: number },
  send: SendBulkJob,
): Promise<BulkAction> {
  const { selection, action } = input;
  const walker = await selectionWalker(db, actor, selection, ownedOnly(action), 'selection.filter');
  await checkAction(db, actor, action);
  const total = await walker.count();
  if (action.type === 'delete' && input.expectedCount === undefined)
    throw fieldError(
      'expectedCount',
      `is required to delete: type the number of contacts to delete (${total})`,
    );
  if (input.expectedCount !== undefined && input.expectedCount !== total)
    throw new AppError(
      'conflict',
      `The selection now holds ${total} contacts you may change, not ${input.expectedCount}: nothing was done`,
      [{ path: 'expectedCount', message: `must be ${total}` }],
    );
  const row = await db.transaction().execute(async (trx) => {
    const inserted = await repo.insert(trx, {
      workspace_id: actor.workspaceId,
      id: newId(),
      created_by: actor.userId,
      api_key_id: actor.apiKeyId,
      actor_role: actor.role,
      actor_name: actor.name,
      action,
      selection,
      total,
    });
    if (total > INLINE_LIMIT) await send(trx, { workspaceId: actor.workspaceId, bulkActionId: inserted.id });
    return inserted;
  });
  if (total > INLINE_LIMIT) return present(row);
  await runBulkAction(
    db,
    { workspaceId: actor.workspaceId, bulkActionId: row.id },
    { chunkSize: INLINE_LIMIT },
  );
  return getBulkAction(db, actor, row.id);
}

/** Applies the action to one chunk of contacts: how many it changed, and how many it could not. */
async function applyToChunk(
  trx: Kysely<DB>,
  actor: Actor,
  action: StoredAction,
  ids: string[],
): Promise<{ changed: number; failed?: number }> {
  switch (action.type) {
    case 'add_tags':
      return { changed: await editTags(trx, actor, ids, [], action.tags) };
    case 'remove_tags':
      return { changed: await editTags(trx, actor, ids, action.tags, []) };
    case 'edit_tags':
      return { changed: await editTags(trx, actor, ids, action.remove, action.add) };
    case 'assign_owner':
      return { changed: await setOwner(trx, actor, ids, action.ownerId) };
    case 'add_to_group':
      return { changed: (await addToGroup(trx, actor, action.groupId, ids)).added };
    case 'remove_from_group':
      return { changed: (await removeFromGroup(trx, actor, action.groupId, ids)).removed };
    case 'delete':
      return { changed: await deleteMany(trx, actor, ids) };
    case 'set_field': {
      const { cols, custom } = await fieldChange(trx, actor, action.field, action.value);
      return setFields(trx, actor, ids, cols, custom);
    }
  }
}

/**
 * Works through a bulk action in chunks of ids (in id order), each chunk one transaction that also
 * records progress and where to resume, so a restart carries on after the last chunk done.
 * With `concurrency` 2 (PostgreSQL), the next chunk is written while the one before commits; each
 * still commits after its predecessor, so the resume point never passes a chunk not done.
 */
export async function runBulkAction(
  db: Kysely<DB>,
  payload: BulkJobPayload,
  opts: { chunkSize: number; concurrency?: number; pauseMs?: number },
): Promise<void> {
  const row = await repo.find(db, payload.workspaceId, payload.bulkActionId);
  if (!row || !(await repo.claim(db, row.workspace_id, row.id))) return;
  const inFlight: Promise<void>[] = [];
  try {
    const actor = await actorWhoAsked(db, row, 'bulk action');
    const action = row.action as StoredAction;
    const walker = await selectionWalker(
      db,
      actor,
      row.selection as Selection,
      ownedOnly(action),
      'selection.filter',
    );
    let last = row.last_id;
    let previous: Promise<void> = Promise.resolve();
    for (;;) {
      if ((await repo.find(db, row.workspace_id, row.id))?.state !== 'running') break;
      const ids = await walker.page(db, last, opts.chunkSize);
      if (ids.length === 0) break;
      last = ids[ids.length - 1];
      const before = previous;
      const chunk = db.transaction().execute(async (trx) => {
        await commitWithoutFlushWait(trx); // the progress below commits with the chunk
        const outcome = await applyToChunk(trx, actor, action, ids);
        await before;
        await repo.addProgress(trx, row.workspace_id, row.id, {
          processed: ids.length,
          changed: outcome.changed,
          failed: outcome.failed ?? 0,
          lastId: ids[ids.length - 1],
        });
      });
      chunk.catch(() => {}); // awaited below, in order; this only keeps it from being "unhandled"
      previous = chunk;
      inFlight.push(chunk);
      if (inFlight.length >= (opts.concurrency ?? 1)) await inFlight.shift();
      if (ids.length < opts.chunkSize) break;
      // Let requests in between chunks: on PGlite they share the one connection and event loop.
      if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
      else await new Promise((r) => setImmediate(r));
    }
    while (inFlight.length) await inFlight.shift();
    await repo.finish(db, row.workspace_id, row.id, { state: 'done' });
  } catch (err) {
    await Promise.allSettled(inFlight);
    const message = err instanceof AppError ? err.message : 'The bulk action stopped on an unexpected error';
    await repo.finish(db, row.workspace_id, row.id, { state: 'failed', error: message });
    if (!(err instanceof AppError)) throw err;
  }
}

async function loadVisible(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await repo.find(db, actor.workspaceId, id);
  const mine = onlyCreatedBy(actor);
  if (!row || (mine && row.created_by !== mine)) throw notFound('Bulk action');
  return row;
}

export async function getBulkAction(db: Kysely<DB>, actor: Actor, id: string) {
  return present(await loadVisible(db, actor, id));
}

export async function listBulkActions(db: Kysely<DB>, actor: Actor) {
  return (await repo.list(db, actor.workspaceId, onlyCreatedBy(actor))).map(present);
}

/** Stops a waiting or running action after the chunk in hand; what was done stays done. */
export async function cancelBulkAction(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await loadVisible(db, actor, id);
  if (row.state !== 'waiting' && row.state !== 'running')
    throw new AppError('conflict', `The bulk action is already ${row.state}`);
  await repo.update(db, actor.workspaceId, id, { state: 'cancelled', finished_at: new Date() });
  return getBulkAction(db, actor, id);
}
