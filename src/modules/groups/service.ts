import type { Kysely } from 'kysely';
import type { DB, GroupRow } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { AppError, fieldError, notFound } from '../../server/errors.js';
import { assertManager, type Actor } from '../auth/actor.js';
import { countContacts, matchingContactIds, visibleContactIds } from '../contacts/selection.js';
import { recordChanges } from '../contacts/service.js';
import { checkFilter } from '../filters/service.js';
import { isNameTaken, referencesTo } from '../segments/repo.js';
import * as repo from './repo.js';
import type { Group, GroupCreate, GroupPatch } from './schema.js';

const MAX_MERGE_MATCHES = 100_000;
const membersOf = (id: string) => ({ field: 'group', op: 'equals', value: id });

async function present(db: Kysely<DB>, actor: Actor, g: GroupRow): Promise<Group> {
  const memberCount = await countContacts(db, actor, { filter: membersOf(g.id) });
  const activeCount = await countContacts(db, actor, {
    filter: { and: [membersOf(g.id), { field: 'active', op: 'equals', value: true }] },
  });
  return {
    id: g.id,
    name: g.name,
    category: g.category,
    type: g.kind,
    filter: g.filter ?? null,
    activeCount,
    memberCount,
    createdBy: g.created_by,
    createdAt: g.created_at.toISOString(),
    updatedAt: g.updated_at.toISOString(),
  };
}

const nameTaken = () => fieldError('name', 'Another group already has this name');

async function load(db: Kysely<DB>, actor: Actor, id: string, forUpdate = false) {
  const g = await repo.find(db, actor.workspaceId, id, forUpdate);
  if (!g) throw notFound('Group');
  return g;
}

export async function listGroups(db: Kysely<DB>, actor: Actor): Promise<Group[]> {
  const out: Group[] = [];
  for (const g of await repo.list(db, actor.workspaceId)) out.push(await present(db, actor, g));
  return out;
}

export async function getGroup(db: Kysely<DB>, actor: Actor, id: string) {
  return present(db, actor, await load(db, actor, id));
}

export async function createGroup(db: Kysely<DB>, actor: Actor, input: GroupCreate) {
  assertManager(actor, 'create groups');
  const id = newId();
  if (input.type === 'dynamic') {
    if (input.filter === undefined) throw fieldError('filter', 'A dynamic group needs a filter');
    await checkFilter(db, actor, input.filter, `group:${id}`);
  } else if (input.filter !== undefined) {
    throw fieldError('filter', 'A static group has members, not a filter; use type "dynamic"');
  }
  if ((await repo.count(db, actor.workspaceId)) >= repo.MAX_GROUPS)
    throw new AppError('conflict', `A workspace has at most ${repo.MAX_GROUPS} groups`);
  try {
    const row = await repo.insert(db, {
      workspace_id: actor.workspaceId,
      id,
      name: input.name,
      category: input.category ?? null,
      kind: input.type,
      filter: input.type === 'dynamic' ? input.filter : null,
      created_by: actor.userId,
    });
    return present(db, actor, row);
  } catch (err) {
    if (isNameTaken(err)) throw nameTaken();
    throw err;
  }
}

export async function updateGroup(db: Kysely<DB>, actor: Actor, id: string, patch: GroupPatch) {
  assertManager(actor, 'change groups');
  const g = await load(db, actor, id);
  if (patch.filter !== undefined) {
    if (g.kind === 'static')
      throw fieldError('filter', 'A static group has members, not a filter; create a dynamic group instead');
    await checkFilter(db, actor, patch.filter, `group:${id}`);
  }
  try {
    const row = await repo.update(db, actor.workspaceId, id, {
      name: patch.name,
      category: patch.category,
      filter: patch.filter === undefined ? undefined : JSON.stringify(patch.filter),
    });
    return present(db, actor, row);
  } catch (err) {
    if (isNameTaken(err)) throw nameTaken();
    throw err;
  }
}

/** Deletes a group; its members stay, as contacts without this group. */
export async function deleteGroup(db: Kysely<DB>, actor: Actor, id: string) {
  assertManager(actor, 'delete groups');
  await load(db, actor, id);
  const users = await referencesTo(db, actor.workspaceId, id);
  if (users.length)
    throw new AppError('conflict', `The group is used by ${users.join(', ')}: change those first`);
  await repo.remove(db, actor.workspaceId, id);
}

/** Checks that `id` names a static group of the workspace (the target of a bulk action). */
export async function assertStaticGroup(db: Kysely<DB>, actor: Actor, id: string, path: string) {
  const g = await repo.find(db, actor.workspaceId, id);
  if (!g) throw fieldError(path, 'No group with this id in the workspace');
  if (g.kind === 'dynamic')
    throw fieldError(
      path,
      'is a dynamic group: its members come from its filter, so contacts cannot be added or removed',
    );
}

async function staticGroup(db: Kysely<DB>, actor: Actor, id: string) {
  const g = await load(db, actor, id, true);
  if (g.kind === 'dynamic')
    throw new AppError(
      'conflict',
      'The members of a dynamic group come from its filter; edit the filter instead',
    );
  return g;
}

/** Adds contacts the actor sees to a static group, logging it on each newly added contact. */
export async function addToGroup(db: Kysely<DB>, actor: Actor, id: string, contactIds: string[]) {
  const g = await staticGroup(db, actor, id);
  const visible = await visibleContactIds(db, actor, contactIds);
  const added = await repo.addMembers(db, actor.workspaceId, id, visible);
  await recordChanges(
    db,
    actor,
    added.map((contactId) => ({ contactId, changes: [{ field: 'groups', before: null, after: g.name }] })),
  );
  return { added: added.length, skipped: contactIds.length - added.length };
}

/**
 * For imports: adds the contacts to the group if it is still a static group of the workspace. A
 * group deleted while a long import runs ends the adding, not the import.
 */
export async function addToGroupIfThere(db: Kysely<DB>, actor: Actor, id: string, contactIds: string[]) {
  const g = await repo.find(db, actor.workspaceId, id);
  if (g?.kind === 'static' && contactIds.length) await addToGroup(db, actor, id, contactIds);
}

export async function removeFromGroup(db: Kysely<DB>, actor: Actor, id: string, contactIds: string[]) {
  const g = await staticGroup(db, actor, id);
  const visible = await visibleContactIds(db, actor, contactIds);
  const removed = await repo.removeMembers(db, actor.workspaceId, id, visible);
  await recordChanges(
    db,
    actor,
    removed.map((contactId) => ({ contactId, changes: [{ field: 'groups', before: g.name, after: null }] })),
  );
  return { removed: removed.length, skipped: contactIds.length - removed.length };
}

/**
 * Merges group `fromId` into `id` and deletes it. Into a static group go the other's members (a
 * dynamic group's current matches); two dynamic groups merge into one whose filter is either's.
 */
export async function mergeGroups(db: Kysely<DB>, actor: Actor, id: string, fromId: string) {
  assertManager(actor, 'merge groups');
  if (id === fromId) throw fieldError('from', 'A group cannot be merged into itself');
  const into = await load(db, actor, id, true);
  const from = await load(db, actor, fromId, true).catch(() => {
    throw fieldError('from', 'No group with this id in the workspace');
  });
  const users = (await referencesTo(db, actor.workspaceId, fromId)).filter(
    (u) => u !== `group "${into.name}"`,
  );
  if (users.length)
    throw new AppError('conflict', `The merged group is used by ${users.join(', ')}: change those first`);
  if (into.kind === 'dynamic') {
    if (from.kind === 'static')
      throw fieldError(
        'from',
        'A static group cannot merge into a dynamic one; merge the dynamic group into it instead',
      );
    const filter = { or: [into.filter, from.filter] };
    await checkFilter(db, actor, filter, `group:${id}`);
    await repo.update(db, actor.workspaceId, id, { filter: JSON.stringify(filter) });
  } else if (from.kind === 'static') {
    const added = await repo.moveAllMembers(db, actor.workspaceId, fromId, id);
    await recordChanges(
      db,
      actor,
      added.map((contactId) => ({
        contactId,
        changes: [{ field: 'groups', before: from.name, after: into.name }],
      })),
    );
  }
  if (into.kind === 'static' && from.kind === 'dynamic') {
    const matches = await countContacts(db, actor, { filter: membersOf(fromId) });
    if (matches > MAX_MERGE_MATCHES)
      throw new AppError(
        'conflict',
        `The dynamic group matches ${matches} contacts, more than ${MAX_MERGE_MATCHES} can be merged at once: add them with a bulk action, then delete the group`,
      );
    const ids = await matchingContactIds(db, actor, membersOf(fromId));
    const added = await repo.addMembers(db, actor.workspaceId, id, ids);
    await recordChanges(
      db,
      actor,
      added.map((contactId) => ({
        contactId,
        changes: [{ field: 'groups', before: from.name, after: into.name }],
      })),
    );
  }
  await repo.remove(db, actor.workspaceId, fromId);
  return getGroup(db, actor, id);
}
