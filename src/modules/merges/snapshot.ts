import type { ContactPointRow, ContactRow } from '../../db/types.js';
import type { StatusChange } from './combine.js';
import type { MembershipRow, MovedRow, ShareRow } from './repo.js';

/**
 * What an unmerge needs, stored with the merge as JSON (dates become ISO text). Whole rows rather
 * than a diff: the merged-away contacts are deleted, so their rows are the only copy left.
 */
export interface Snapshot {
  /** The primary before the merge. */
  primary: ContactRow;
  /** The merged-away contacts as they were, in merge order. */
  merged: ContactRow[];
  /** Every contact point of every contact before the merge (ids, statuses, positions). */
  points: ContactPointRow[];
  /** Shares and static group memberships of the merged-away contacts. */
  shares: ShareRow[];
  memberships: MembershipRow[];
  /** What the merge added to the primary, and only that, is taken away again. */
  addedShares: string[];
  addedGroups: { id: string; name: string }[];
  /** Values whose copies disagreed and were opted out by the merge. */
  statusChanges: StatusChange[];
  /**
   * Activities and list entries the merge moved to the primary, with the contact each came from,
   * and list entries it removed (whole rows, as the database wrote them to JSON). Absent in merges
   * made before these tables existed.
   */
  activities?: MovedRow[];
  entriesMoved?: MovedRow[];
  entriesRemoved?: Record<string, unknown>[];
}
