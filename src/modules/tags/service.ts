import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { fieldError, forbidden } from '../../server/errors.js';
import { isManager, type Actor } from '../auth/actor.js';
import { startBulkAction, type SendBulkJob } from '../bulk/service.js';
import * as repo from './repo.js';

export const listTags = (db: Kysely<DB>, actor: Actor) => repo.tagCounts(db, actor);

/**
 * Renames, merges and deletes are one edit: on every contact carrying any of `tags`, remove them
 * and add `into` (none to delete). It runs as a bulk action, so each contact's log records it.
 */
async function editEverywhere(
  db: Kysely<DB>,
  actor: Actor,
  tags: string[],
  into: string | null,
  send: SendBulkJob,
) {
  if (!isManager(actor)) throw forbidden('Only owners and admins can rename, merge or delete tags');
  return startBulkAction(
    db,
    actor,
    {
      selection: { filter: { field: 'tags', op: 'in', value: tags } },
      action: { type: 'edit_tags', remove: tags, add: into === null ? [] : [into] },
    },
    send,
  );
}

export function renameTag(db: Kysely<DB>, actor: Actor, from: string, to: string, send: SendBulkJob) {
  if (from === to) throw fieldError('to', 'is the same as from');
  return editEverywhere(db, actor, [from], to, send);
}

export function mergeTags(db: Kysely<DB>, actor: Actor, tags: string[], into: string, send: SendBulkJob) {
  return editEverywhere(db, actor, [...new Set(tags)], into, send);
}

export function deleteTag(db: Kysely<DB>, actor: Actor, tag: string, send: SendBulkJob) {
  return editEverywhere(db, actor, [tag], null, send);
}
