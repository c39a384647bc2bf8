// Starting and cancelling an import: the choices are checked against the file's columns and the
// workspace, stored on the import, and the job is enqueued in the same transaction.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Queue } from '../../jobs/queue.js';
import { AppError, assertNoFieldErrors, forbidden, type FieldError } from '../../server/errors.js';
import { isManager, type Actor } from '../auth/actor.js';
import { maxNumericExternalId } from '../contacts/bulk.js';
import { definitionsFor } from '../fields/service.js';
import { assertStaticGroup } from '../groups/service.js';
import { checkImportList } from '../lists/file-source.js';
import { activeMemberIds } from '../users/service.js';
import { workspaceSettings } from '../workspaces/service.js';
import { importJobFor } from './job.js';
import { checkMapping, isEntryField, type ImportTarget } from './mapping.js';
import type { ImportStart, MatchKey, StoredImportOptions } from './options.js';
import { delimiterName, presentImport } from './present.js';
import * as repo from './repo.js';
import type { ImportSummary } from './schema.js';
import { fileGone, loadVisible, previewStored, withListNames } from './service.js';

const hasField = (m: ImportTarget[], field: string) => m.some((t) => t.kind === 'field' && t.field === field);
const hasChannel = (m: ImportTarget[], channel: string) =>
  m.some((t) => t.kind === 'point' && t.channel === channel);

/** Generated ids are new numbers that match nobody, so only a mapped id column makes it the key. */
function defaultMatchKey(input: ImportStart): MatchKey {
  if (hasField(input.mapping, 'externalId')) return 'externalId';
  if (hasChannel(input.mapping, 'email')) return 'email';
  return 'none';
}

/** entry.* columns fill the list entries of an import with a listId, one per row's contact. */
function checkEntryColumns(input: ImportStart): FieldError[] {
  const columns = input.mapping.flatMap((t, i) => (t.kind === 'field' && isEntryField(t.field) ? [i] : []));
  if (columns.length === 0) return [];
  if (!input.listId)
    return columns.map((i) => ({
      path: `mapping.${i}`,
      message: 'Entry columns set each row’s entry on a contact list: choose the list (listId)',
    }));
  if (input.onMatch === 'skip')
    return [
      {
        path: 'onMatch',
        message:
          'Entry columns need each row’s contact, and a row skipped on a match is left out: choose update or create',
      },
    ];
  return [];
}

function checkMatchKey(input: ImportStart, matchBy: MatchKey): FieldError[] {
  const m = input.mapping;
  if (matchBy === 'externalId' && !hasField(m, 'externalId') && !input.generateExternalIds)
    return [{ path: 'matchBy', message: 'Map a column to External id to match on it' }];
  if ((matchBy === 'email' || matchBy === 'phone') && !hasChannel(m, matchBy))
    return [{ path: 'matchBy', message: `Map a column to a ${matchBy} contact point to match on it` }];
  return [];
}

export async function startImport(
  db: Kysely<DB>,
  queue: Queue,
  actor: Actor,
  id: string,
  input: ImportStart,
): Promise<ImportSummary> {
  const row = await loadVisible(db, actor, id);
  if (row.state !== 'uploaded') {
    throw new AppError(
      'conflict',
      `The import is ${row.state}; only an uploaded file that has not started can start`,
    );
  }
  // Unless chosen now, the file is read as the user last saw it previewed (stored on the row).
  const hasHeader = input.hasHeader ?? row.has_header;
  const preview = await previewStored(db, actor, row, {
    encoding:
      input.encoding === 'auto' ? ((row.encoding as ImportStart['encoding']) ?? 'auto') : input.encoding,
    delimiter: input.delimiter === 'auto' ? (delimiterName(row.delimiter) ?? 'auto') : input.delimiter,
    hasHeader: hasHeader === null ? 'auto' : hasHeader ? 'true' : 'false',
    sheet: input.sheet ?? row.sheet ?? undefined,
  });
  const definitions = await definitionsFor(db, actor.workspaceId);
  const matchBy = input.matchBy ?? defaultMatchKey(input);
  const errors = [
    ...checkMapping(input.mapping, preview.headers, definitions),
    ...checkMatchKey(input, matchBy),
    ...checkEntryColumns(input),
  ];
  if (input.ownerId) {
    if (!isManager(actor) && input.ownerId !== actor.userId)
      throw forbidden('Only admins can import contacts for another owner');
    if (!(await activeMemberIds(db, actor.workspaceId, [input.ownerId])).has(input.ownerId))
      errors.push({ path: 'ownerId', message: 'No active user with this id in the workspace' });
  }
  if (input.groupId) {
    const problem = await assertStaticGroup(db, actor, input.groupId, 'groupId').catch(
      (err: AppError) => err,
    );
    if (problem) errors.push(...problem.errors);
  }
  let list: { id: string; name: string } | undefined;
  if (input.listId) {
    try {
      list = await checkImportList(db, actor, input.listId, 'listId');
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation') throw err;
      errors.push(...err.errors);
    }
  }
  if (input.onMatch === 'create' && matchBy === 'externalId')
    errors.push({
      path: 'onMatch',
      message:
        'External ids are unique: a row matching one cannot create another contact; choose update or skip',
    });
  assertNoFieldErrors(errors);

  const options: StoredImportOptions = {
    ...input,
    matchBy,
    encoding: (preview.encoding as StoredImportOptions['encoding']) ?? input.encoding,
    delimiter: preview.delimiter ?? input.delimiter,
    hasHeader: preview.hasHeader ?? true,
    sheet: preview.sheet ?? undefined,
    defaultCountry: input.defaultCountry ?? (await workspaceSettings(db, actor.workspaceId)).defaultCountry,
    externalIdBase: input.generateExternalIds ? await maxNumericExternalId(db, actor.workspaceId) : 0,
    actor: {
      workspaceId: actor.workspaceId,
      role: actor.role,
      userId: actor.userId,
      apiKeyId: actor.apiKeyId,
      name: actor.name,
    },
  };
  const started = await db.transaction().execute(async (trx) => {
    const moved = await repo.moveState(trx, actor.workspaceId, id, 'uploaded', {
      state: 'waiting',
      options: JSON.stringify(options),
    });
    if (!moved) throw new AppError('conflict', 'The import was started or deleted meanwhile');
    if (moved.file_deleted_at) throw fileGone(moved.file_deleted_at); // pruned while starting
    await queue.send(
      importJobFor(moved.rows_estimate),
      { workspaceId: actor.workspaceId, importId: id },
      { trx },
    );
    return moved;
  });
  const summary = presentImport(started);
  return list && summary.options ? { ...summary, options: { ...summary.options, list } } : summary;
}

/** Stops an import: at once when it waits, after the batch being written when it runs. */
export async function cancelImport(db: Kysely<DB>, actor: Actor, id: string): Promise<ImportSummary> {
  const row = await loadVisible(db, actor, id);
  const now = new Date();
  const waiting = await repo.moveState(db, actor.workspaceId, id, 'waiting', {
    state: 'cancelled',
    finished_at: now,
  });
  const moved =
    waiting ?? (await repo.moveState(db, actor.workspaceId, id, 'processing', { cancel_requested: true }));
  if (moved) return (await withListNames(db, actor, [presentImport(moved)]))[0];
  throw new AppError('conflict', `The import is ${row.state}, not running: there is nothing to cancel`);
}
