// A list's file source: an import with a listId (src/modules/imports) adds the contact of every
// row it writes to the list, in the transaction of each batch, so a resumed import adds no entry
// twice and a cancelled one keeps the entries of the rows it imported. The rows are matched to
// existing contacts, or made into new ones, by the import pipeline itself (matchBy, onMatch).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { fieldError } from '../../server/errors.js';
import type { Actor } from '../auth/actor.js';
import { workspaceSettings } from '../workspaces/service.js';
import { entryRows } from './entries.js';
import * as repo from './repo.js';
import { assertManager } from '../auth/actor.js';

/** One row's contact and the entry values its entry.* columns gave (empty: the list's defaults). */
export interface ImportedEntry {
  contactId: string;
  priority?: number;
  nextTryAt?: string;
  timeZone?: string;
  topPriority?: boolean;
}

/** Checked when an import starts: managers only (403), and a list of the workspace (400 on `path`). */
export async function checkImportList(db: Kysely<DB>, actor: Actor, listId: string, path: string) {
  assertManager(actor, 'add imported contacts to a contact list');
  const list = await repo.find(db, actor.workspaceId, listId);
  if (!list) throw fieldError(path, 'No contact list with this id in the workspace');
  return { id: list.id, name: list.name };
}

/**
 * Adds a batch's contacts to the list as callable entries and answers how many were added. A
 * contact already on the list keeps its entry; a contact on several rows gets the first row's
 * values. Entry time zones: the row's, else the contact's, else its phone's country's, else the
 * workspace's default country's. A list deleted since the import started gets nothing.
 */
export async function addImportedEntries(
  trx: Kysely<DB>,
  actor: Actor,
  listId: string,
  items: ImportedEntry[],
): Promise<number> {
  if (items.length === 0) return 0;
  const list = await repo.find(trx, actor.workspaceId, listId);
  if (!list) return 0;
  const seen = new Set<string>();
  const first = items.filter((i) => !seen.has(i.contactId) && !!seen.add(i.contactId));
  const { defaultCountry } = await workspaceSettings(trx, actor.workspaceId);
  const rows = await entryRows(
    trx,
    actor,
    list,
    first.map(({ contactId, ...input }) => ({ contactId, input })),
    defaultCountry,
  );
  const added = await repo.insertEntries(trx, rows);
  if (added.length > 0 && list.source === 'manual')
    await repo.update(trx, actor.workspaceId, list.id, { source: 'file' });
  return added.length;
}

/** The names of lists by id, for showing which list an import fills; deleted lists are absent. */
export async function listNames(db: Kysely<DB>, workspaceId: string, ids: string[]) {
  const names = new Map<string, string>();
  for (const id of new Set(ids)) {
    const list = await repo.find(db, workspaceId, id);
    if (list) names.set(id, list.name);
  }
  return names;
}
