// What a merge does with rows that point at contacts and are not the contact's own data: the
// timeline's activities and outbound list entries. Without this step the merged-away contacts'
// rows would go with them (their foreign keys cascade).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { FieldChange } from '../contacts/changes.js';
import { planEntries } from './combine.js';
import * as repo from './repo.js';
import type { Snapshot } from './snapshot.js';

type Links = Required<Pick<Snapshot, 'activities' | 'entriesMoved' | 'entriesRemoved'>>;

export interface LinkCounts {
  activities: number;
  entriesMoved: number;
  entriesRemoved: number;
}

/**
 * Moves the merged-away contacts' activities and list entries to the primary, removing entries
 * on lists the primary ends up on twice (see planEntries). Runs before those contacts are deleted.
 * A leased entry moves too: the dialer reports its outcome by entry id.
 */
export async function moveLinks(trx: Kysely<DB>, workspaceId: string, ids: string[]): Promise<Links> {
  const [primaryId, ...others] = ids;
  const activities = await repo.moveActivities(trx, workspaceId, primaryId, others);
  const plan = planEntries(ids, await repo.entriesOf(trx, workspaceId, ids));
  // Removed first, so no moved entry can meet a duplicate on its list.
  const entriesRemoved = await repo.removeEntries(trx, workspaceId, plan.remove);
  const entriesMoved = await repo.moveEntries(trx, workspaceId, primaryId, plan.move);
  return { activities, entriesMoved, entriesRemoved };
}

/** Undoes moveLinks after the merged-away contacts are back; rows deleted since stay deleted. */
export async function returnLinks(
  trx: Kysely<DB>,
  workspaceId: string,
  primaryId: string,
  snap: Snapshot,
): Promise<LinkCounts> {
  return {
    activities: await repo.returnRows(trx, 'activities', workspaceId, primaryId, snap.activities ?? []),
    entriesMoved: await repo.returnRows(trx, 'list_entries', workspaceId, primaryId, snap.entriesMoved ?? []),
    entriesRemoved: await repo.restoreEntries(trx, workspaceId, snap.entriesRemoved ?? []),
  };
}

/** Log lines for the primary, only for what there was; an unmerge logs them the other way round. */
export function linkChanges(counts: LinkCounts, undo = false): FieldChange[] {
  const out: FieldChange[] = [];
  const line = (field: string, value: Record<string, number>) =>
    out.push(undo ? { field, before: value, after: null } : { field, before: null, after: value });
  if (counts.activities) line('activities', { moved: counts.activities });
  if (counts.entriesMoved || counts.entriesRemoved)
    line('listEntries', { moved: counts.entriesMoved, removed: counts.entriesRemoved });
  return out;
}
