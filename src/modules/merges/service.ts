import type { Kysely } from 'kysely';
import type { ContactPointRow, ContactRow, DB } from '../../db/types.js';
import { newId, isUuid } from '../../lib/ids.js';
import { AppError, assertNoFieldErrors, notFound, type FieldError } from '../../server/errors.js';
import { isManager, type Actor } from '../auth/actor.js';
import { diffContacts, type FieldChange } from '../contacts/changes.js';
import { groupBy, presentContact } from '../contacts/present.js';
import * as contactsRepo from '../contacts/repo.js';
import { searchText } from '../contacts/search-text.js';
import { getContact, recordChanges } from '../contacts/service.js';
import type { Contact } from '../contacts/schema.js';
import { definitionsFor } from '../fields/service.js';
import { optOutEvent, recordEvents } from '../optouts/apply.js';
import { publish } from '../webhooks/publish.js';
import {
  combinePoints,
  combineRow,
  fieldKeys,
  fieldValue,
  pickSources,
  planEntries,
  type StatusChange,
} from './combine.js';
import { linkChanges, moveLinks } from './links.js';
import * as repo from './repo.js';
import { CHOOSABLE_FIELDS, MAX_MERGED, type MergeRequest } from './schema.js';
import type { Snapshot } from './snapshot.js';

/** The most contact points a contact may have (the limit of POST and PATCH /contacts). */
const MAX_POINTS = 50;

/** Collects duplicates and the primary itself among the merged ids. */
function checkIdList(
  primaryId: string,
  mergeIds: string[],
  pathOf: (i: number) => string,
  errors: FieldError[],
) {
  const seen = new Set<string>();
  mergeIds.forEach((id, i) => {
    if (id === primaryId)
      errors.push({ path: pathOf(i), message: 'is the primary; list only the contacts merged into it' });
    else if (seen.has(id)) errors.push({ path: pathOf(i), message: 'is listed twice' });
    seen.add(id);
  });
}

/**
 * The contacts of a merge, the primary first, each checked: 404 for ids the caller cannot see (or
 * that do not exist in its workspace), 409 for ids already merged away, 403 when an agent does not
 * own one. Locked (in id order) for a merge.
 */
async function loadForMerge(
  db: Kysely<DB>,
  actor: Actor,
  ids: string[],
  pathOf: (i: number) => string,
  lock: boolean,
): Promise<ContactRow[]> {
  const ws = actor.workspaceId;
  const found = new Set(await repo.lockContacts(db, ws, ids, lock));
  const visible = new Set(await contactsRepo.visibleIdsAmong(db, actor, [...found], false));
  const aliases = await repo.aliasesOf(
    db,
    ws,
    ids.filter((id) => !found.has(id)),
  );
  const unseen = ids.flatMap((id, i) =>
    !visible.has(id) && !aliases.has(id)
      ? [{ path: pathOf(i), message: 'No contact with this id that you can see' }]
      : [],
  );
  if (unseen.length) throw new AppError('not_found', 'Contact not found', unseen);
  const merged = ids.flatMap((id, i) =>
    aliases.has(id)
      ? [
          {
            path: pathOf(i),
            message: `was merged into contact ${aliases.get(id)}; merge that contact instead`,
          },
        ]
      : [],
  );
  if (merged.length)
    throw new AppError('conflict', merged.map((e) => `${e.path} ${e.message}`).join('; '), merged);
  const rows = new Map((await repo.contactRows(db, ws, ids)).map((r) => [r.id, r]));
  if (!isManager(actor)) {
    const notOwned = ids.flatMap((id, i) =>
      rows.get(id)!.owner_id !== actor.userId
        ? [{ path: pathOf(i), message: 'Agents can merge only contacts they own' }]
        : [],
    );
    if (notOwned.length) throw new AppError('forbidden', 'Agents can merge only contacts they own', notOwned);
  }
  return ids.map((id) => rows.get(id)!);
}

/** Field choices must name a field the contacts have and one of the merged contacts. */
function checkChoices(fields: Record<string, string>, keys: string[]) {
  const known = new Set(keys);
  const errors = Object.keys(fields)
    .filter((f) => !known.has(f))
    .map((f) => ({
      path: `fields.${f}`,
      message: `No such field; choose among ${CHOOSABLE_FIELDS.join(', ')} or custom.<key> of a custom field`,
    }));
  assertNoFieldErrors(errors);
}

interface Plan {
  row: ContactRow;
  points: ContactPointRow[];
  pointsBefore: ContactPointRow[];
  statusChanges: StatusChange[];
  sources: Map<string, string | null>;
}

async function plan(
  db: Kysely<DB>,
  actor: Actor,
  rows: ContactRow[],
  choices: Record<string, string>,
  path: string,
) {
  const defs = await definitionsFor(db, actor.workspaceId);
  const keys = fieldKeys(rows, defs);
  checkChoices(choices, keys);
  const sources = pickSources(rows, choices, keys);
  const pointsBefore = await contactsRepo.pointsFor(
    db,
    actor.workspaceId,
    rows.map((r) => r.id),
  );
  const by = groupBy(pointsBefore, (p) => p.contact_id);
  const { points, statusChanges } = combinePoints(
    rows[0].id,
    rows.map((r) => by.get(r.id) ?? []),
  );
  if (points.length > MAX_POINTS)
    throw new AppError(
      'validation',
      `The merged contact would have ${points.length} contact points; at most ${MAX_POINTS}`,
      [
        {
          path,
          message: `together these contacts have ${points.length} different contact points; at most ${MAX_POINTS}`,
        },
      ],
    );
  const row = combineRow(rows, sources);
  row.active = points.some((p) => p.status === 'active');
  row.search_text = searchText(row, points, defs);
  row.version = rows[0].version + 1;
  row.updated_at = new Date();
  return { row, points, pointsBefore, statusChanges, sources } satisfies Plan;
}

export async function mergeContacts(trx: Kysely<DB>, actor: Actor, input: MergeRequest) {
  const ws = actor.workspaceId;
  const { primaryId, mergeIds } = input;
  const choices = input.fields ?? {};
  const errors: FieldError[] = [];
  checkIdList(primaryId, mergeIds, (i) => `mergeIds.${i}`, errors);
  const members = new Set([primaryId, ...mergeIds]);
  for (const [field, id] of Object.entries(choices))
    if (!members.has(id))
      errors.push({ path: `fields.${field}`, message: 'must be primaryId or one of mergeIds' });
  assertNoFieldErrors(errors);

  const ids = [primaryId, ...mergeIds];
  const rows = await loadForMerge(
    trx,
    actor,
    ids,
    (i) => (i === 0 ? 'primaryId' : `mergeIds.${i - 1}`),
    true,
  );
  const p = await plan(trx, actor, rows, choices, 'mergeIds');
  const [primary, ...others] = rows;
  const before = presentContact(
    primary,
    p.pointsBefore.filter((x) => x.contact_id === primaryId),
    (await contactsRepo.sharesFor(trx, ws, [primaryId])).map((s) => s.user_id),
  );

  // Shares and memberships first: deleting the merged-away contacts takes theirs with them.
  const shares = await repo.shareRows(trx, ws, ids);
  const memberships = await repo.groupMemberships(trx, ws, ids);
  const theirs = shares.filter((s) => s.contact_id !== primaryId);
  // Their owners keep sight of what they owned: a share of the primary.
  const shareWith = [...theirs.map((s) => s.user_id), ...others.map((o) => o.owner_id)].filter(
    (u): u is string => !!u && u !== p.row.owner_id,
  );
  const addedShares = await repo.addShares(trx, ws, primaryId, [...new Set(shareWith)]);
  const theirGroups = memberships.filter((m) => m.contact_id !== primaryId);
  const addedGroupIds = new Set(
    await repo.addToGroups(trx, ws, primaryId, [...new Set(theirGroups.map((m) => m.group_id))]),
  );
  const addedGroups = theirGroups
    .filter((m) => addedGroupIds.delete(m.group_id))
    .map((m) => ({ id: m.group_id, name: m.name }));

  // Before the delete, which would take their activities and list entries with them.
  const links = await moveLinks(trx, ws, ids);
  await repo.deletePointsOf(trx, ws, ids);
  await repo.deleteContacts(
    trx,
    ws,
    others.map((o) => o.id),
  );
  await repo.replaceContact(trx, p.row);
  await repo.insertPoints(trx, p.points);

  const mergeId = newId();
  const snapshot: Snapshot = {
    primary,
    merged: others,
    points: p.pointsBefore,
    shares: theirs,
    memberships: theirGroups,
    addedShares,
    addedGroups,
    statusChanges: p.statusChanges,
    ...links,
  };
  const mergedIds = others.map((o) => o.id);
  await repo.insertMerge(trx, {
    workspace_id: ws,
    id: mergeId,
    primary_id: primaryId,
    merged_ids: mergedIds,
    snapshot: JSON.stringify(snapshot),
    primary_version_after: p.row.version,
    created_by: actor.userId,
    actor_name: actor.name,
  });
  await repo.insertAliases(trx, ws, mergeId, primaryId, mergedIds);
  // Only a value whose copies disagreed changes status (to opted out): that change is recorded.
  const optOuts = p.statusChanges.map((c) =>
    optOutEvent(actor, c, primaryId, 'opted_out', 'system', `Merged: opted out on contact ${c.optedOutOn}`),
  );
  await recordEvents(trx, ws, optOuts);

  const after = await getContact(trx, actor, primaryId);
  const changes = [
    ...mergeLog(mergeId, mergedIds, before, after, addedGroups),
    ...linkChanges({
      activities: links.activities.length,
      entriesMoved: links.entriesMoved.length,
      entriesRemoved: links.entriesRemoved.length,
    }),
  ];
  await recordChanges(trx, actor, [{ contactId: primaryId, changes }], 'merge');
  await recordChanges(
    trx,
    actor,
    mergedIds.map((id) => ({
      contactId: id,
      changes: [{ field: 'mergedInto', before: null, after: { mergeId, primaryId } }],
    })),
    'merge',
  );
  await publish(trx, ws, 'contact.merged', { mergeId, primaryId, mergedIds, contact: after });
  return { mergeId, contact: after };
}

function mergeLog(
  mergeId: string,
  mergedIds: string[],
  before: Contact,
  after: Contact,
  addedGroups: { name: string }[],
): FieldChange[] {
  const changes: FieldChange[] = [{ field: 'merge', before: null, after: { mergeId, mergedIds } }];
  changes.push(...diffContacts(before, after));
  if (JSON.stringify(before.sharedWith) !== JSON.stringify(after.sharedWith))
    changes.push({ field: 'sharedWith', before: before.sharedWith, after: after.sharedWith });
  for (const g of addedGroups) changes.push({ field: 'groups', before: null, after: g.name });
  return changes;
}

/** The merge dialog's data: each field's values and whose wins by default, and the result. */
export async function previewMerge(db: Kysely<DB>, actor: Actor, idsText: string) {
  const ids = idsText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const errors: FieldError[] = ids.flatMap((id, i) =>
    isUuid(id) ? [] : [{ path: `ids.${i}`, message: 'must be a contact id (UUID)' }],
  );
  if (ids.length < 2)
    errors.push({ path: 'ids', message: 'Give the primary and at least one contact to merge' });
  if (ids.length > MAX_MERGED + 1)
    errors.push({ path: 'ids', message: `At most ${MAX_MERGED + 1} contacts` });
  assertNoFieldErrors(errors);
  checkIdList(ids[0], ids.slice(1), (i) => `ids.${i + 1}`, errors);
  assertNoFieldErrors(errors);

  const rows = await loadForMerge(db, actor, ids, (i) => `ids.${i}`, false);
  const p = await plan(db, actor, rows, {}, 'ids');
  const shares = await repo.shareRows(db, actor.workspaceId, ids);
  const pointsBy = groupBy(p.pointsBefore, (x) => x.contact_id);
  const sharesBy = groupBy(shares, (s) => s.contact_id);
  const contacts = rows.map((r) =>
    presentContact(
      r,
      pointsBy.get(r.id) ?? [],
      (sharesBy.get(r.id) ?? []).map((s) => s.user_id),
    ),
  );
  const fields = [...p.sources].flatMap(([field, from]) => {
    const candidates = rows.map((r) => ({ contactId: r.id, value: fieldValue(r, field) }));
    if (candidates.every((c) => c.value === null)) return [];
    const distinct = new Set(candidates.map((c) => JSON.stringify(c.value)));
    return [{ field, candidates, defaultFrom: from, differs: distinct.size > 1 }];
  });
  const owners = rows.slice(1).map((r) => r.owner_id);
  const sharedWith = [...new Set([...shares.map((s) => s.user_id), ...owners])].filter(
    (u): u is string => !!u && u !== p.row.owner_id,
  );
  return {
    primaryId: ids[0],
    mergeIds: ids.slice(1),
    contacts,
    fields,
    result: presentContact(p.row, p.points, sharedWith),
    links: await previewLinks(db, actor.workspaceId, ids),
  };
}

/** Per contact, what the merge would do with its activities and list entries. */
async function previewLinks(db: Kysely<DB>, workspaceId: string, ids: string[]) {
  const counts = await repo.linkCounts(db, workspaceId, ids);
  const entries = await repo.entriesOf(db, workspaceId, ids);
  const removed = new Set(planEntries(ids, entries).remove);
  return ids.map((id) => ({
    contactId: id,
    activities: counts.get(id)?.activities ?? 0,
    listEntries: counts.get(id)?.entries ?? 0,
    listEntriesRemoved: entries.filter((e) => e.contact_id === id && removed.has(e.id)).length,
  }));
}

/**
 * GET /contacts/:id for an id that was merged away: the contact it went into (following later
 * merges). Other routes do not resolve aliases.
 */
export async function getContactOrMerged(db: Kysely<DB>, actor: Actor, id: string): Promise<Contact> {
  try {
    return await getContact(db, actor, id);
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'not_found')) throw err;
  }
  let current = id;
  // A chain is as long as the merges made one after another; the bound only guards against a cycle.
  for (let hop = 0; hop < 100; hop++) {
    const next = (await repo.aliasesOf(db, actor.workspaceId, [current])).get(current);
    if (!next) break;
    current = next;
  }
  if (current === id) throw notFound('Contact');
  return getContact(db, actor, current);
}
