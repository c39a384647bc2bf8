import type { Kysely } from 'kysely';
import type { ContactMergeRow, ContactRow, DB } from '../../db/types.js';
import { AppError, forbidden, notFound } from '../../server/errors.js';
import { isManager, type Actor } from '../auth/actor.js';
import { diffContacts, type FieldChange } from '../contacts/changes.js';
import { groupBy, presentContact } from '../contacts/present.js';
import * as contactsRepo from '../contacts/repo.js';
import { searchText } from '../contacts/search-text.js';
import { recordChanges } from '../contacts/service.js';
import type { Contact } from '../contacts/schema.js';
import { definitionsFor } from '../fields/service.js';
import { optOutEvent, recordEvents } from '../optouts/apply.js';
import { publishMany } from '../webhooks/publish.js';
import { linkChanges, returnLinks } from './links.js';
import * as repo from './repo.js';
import { UNMERGE_DAYS, type Merge } from './schema.js';
import type { Snapshot } from './snapshot.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const until = (m: ContactMergeRow) => new Date(new Date(m.created_at).getTime() + UNMERGE_DAYS * DAY_MS);

/**
 * Why a merge cannot be undone, or null. The primary must be exactly as the merge left it (same
 * version): an unmerge puts back the primary's pre-merge state, which would silently drop any
 * later edit, so it refuses instead and changes nothing.
 */
function refusal(m: ContactMergeRow, primaryVersion: number | undefined, now = new Date()): string | null {
  if (m.undone_at) return `This merge was already undone on ${new Date(m.undone_at).toISOString()}`;
  if (until(m) < now)
    return `Merges can be undone for ${UNMERGE_DAYS} days; this one was made on ${new Date(m.created_at).toISOString()}`;
  if (primaryVersion === undefined)
    return 'The primary contact was deleted or merged into another contact since; there is nothing to restore into';
  if (primaryVersion !== m.primary_version_after)
    return `The primary contact changed after the merge (version ${primaryVersion}, ${m.primary_version_after} right after the merge): undoing the merge would lose those changes`;
  return null;
}

function presentMerge(m: ContactMergeRow, primaryVersion: number | undefined): Merge {
  const reason = refusal(m, primaryVersion);
  return {
    id: m.id,
    primaryId: m.primary_id,
    mergedIds: m.merged_ids,
    createdAt: new Date(m.created_at).toISOString(),
    createdBy: { id: m.created_by, name: m.actor_name },
    undoneAt: m.undone_at ? new Date(m.undone_at).toISOString() : null,
    unmergeUntil: until(m).toISOString(),
    canUnmerge: reason === null,
    reason,
  };
}

/** Merges a contact took part in (as primary or merged away), newest first; agents see those of primaries they see. */
export async function listMerges(db: Kysely<DB>, actor: Actor, contactId: string) {
  let rows = await repo.mergesOf(db, actor.workspaceId, contactId, 100);
  const primaries = [...new Set(rows.map((r) => r.primary_id))];
  if (!isManager(actor)) {
    const visible = new Set(await contactsRepo.visibleIdsAmong(db, actor, primaries, false));
    rows = rows.filter((r) => visible.has(r.primary_id));
  }
  const versions = await repo.versionsOf(db, actor.workspaceId, primaries);
  return { items: rows.map((m) => presentMerge(m, versions.get(m.primary_id))) };
}

async function present(db: Kysely<DB>, workspaceId: string, ids: string[]): Promise<Contact[]> {
  const rows = new Map((await repo.contactsWithChildren(db, workspaceId, ids)).map((r) => [r.id, r]));
  return ids.map((id) => {
    const r = rows.get(id)!;
    return presentContact(r, r.points_json, r.shared_with);
  });
}

function rethrowExternalIdTaken(err: unknown): never {
  if (contactsRepo.isExternalIdTaken(err))
    throw new AppError(
      'conflict',
      'A contact created since the merge uses the external id of a merged contact: change one of them, then undo the merge',
    );
  throw err;
}

/** Puts every merged-away contact back as it was and the primary as it was before the merge. */
export async function unmergeContacts(trx: Kysely<DB>, actor: Actor, mergeId: string) {
  const ws = actor.workspaceId;
  const m = await repo.findMerge(trx, ws, mergeId, true);
  if (!m) throw notFound('Merge');
  const primaryId = m.primary_id;
  const locked = await repo.lockContacts(trx, ws, [primaryId]);
  const [current] = locked.length ? await repo.contactRows(trx, ws, [primaryId]) : [];
  if (current) {
    if (!(await contactsRepo.visibleIdsAmong(trx, actor, [primaryId], false)).length) throw notFound('Merge');
    if (!isManager(actor) && current.owner_id !== actor.userId)
      throw forbidden('Only admins and the owner of the primary contact can undo a merge');
  } else if (!isManager(actor)) throw notFound('Merge');
  const why = refusal(m, current?.version);
  if (why) throw new AppError('conflict', `${why}. Nothing was changed.`);

  const snap = m.snapshot as Snapshot;
  const [before] = await present(trx, ws, [primaryId]);
  const defs = await definitionsFor(trx, ws);
  const pointsBy = groupBy(snap.points, (p) => p.contact_id);
  const now = new Date();
  const restore = (r: ContactRow, version: number): ContactRow => ({
    ...r,
    version,
    updated_at: now,
    // Custom fields may have changed since: the search text follows today's definitions.
    search_text: searchText(r, pointsBy.get(r.id) ?? [], defs),
  });

  await repo.deleteAliases(trx, ws, mergeId);
  await repo.deletePointsOf(trx, ws, [primaryId]);
  await repo.removeShares(trx, ws, primaryId, snap.addedShares);
  await repo.removeFromGroups(
    trx,
    ws,
    primaryId,
    snap.addedGroups.map((g) => g.id),
  );
  // The primary first: it gives back any external id it took from a merged contact.
  await repo.replaceContact(trx, restore(snap.primary, current!.version + 1));
  await repo
    .insertContacts(
      trx,
      snap.merged.map((r) => restore(r, r.version + 1)),
    )
    .catch(rethrowExternalIdTaken);
  await repo.insertPoints(trx, snap.points);
  await repo.carryVersions(trx, ws, snap.merged);
  await repo.restoreShares(trx, ws, snap.shares);
  await repo.restoreMemberships(trx, ws, snap.memberships);
  const links = await returnLinks(trx, ws, primaryId, snap);
  // The merge opted out a value on the kept copy; that copy is active again, as before the merge.
  await recordEvents(
    trx,
    ws,
    snap.statusChanges.map((c) =>
      optOutEvent(actor, c, c.keptFrom, 'active', 'system', `Unmerged: merge ${mergeId} undone`),
    ),
  );
  await repo.markUndone(trx, ws, mergeId, actor.userId);

  const mergedIds = snap.merged.map((r) => r.id);
  const [primary, ...restored] = await present(trx, ws, [primaryId, ...mergedIds]);
  const changes: FieldChange[] = [
    { field: 'unmerge', before: { mergeId, mergedIds }, after: null },
    ...diffContacts(before, primary),
  ];
  if (JSON.stringify(before.sharedWith) !== JSON.stringify(primary.sharedWith))
    changes.push({ field: 'sharedWith', before: before.sharedWith, after: primary.sharedWith });
  for (const g of snap.addedGroups) changes.push({ field: 'groups', before: g.name, after: null });
  changes.push(...linkChanges(links, true));
  const back: FieldChange[] = [{ field: 'mergedInto', before: { mergeId, primaryId }, after: null }];
  await recordChanges(trx, actor, [{ contactId: primaryId, changes }], 'unmerge');
  await recordChanges(
    trx,
    actor,
    mergedIds.map((id) => ({ contactId: id, changes: back })),
    'unmerge',
  );
  // Updated rather than created for the restored contacts: they keep their ids and history, and
  // `mergedInto` tells a receiver that dropped them on contact.merged to take them back.
  await publishMany(trx, ws, 'contact.updated', [
    { contact: primary, changes },
    ...restored.map((contact) => ({ contact, changes: back })),
  ]);
  return { mergeId, primary, restored };
}
