// Reading every contact an actor may see, for XLSX and vCard exports and other bulk readers (CSV
// exports are written by the database: exports/csv-repo.ts). Keyset pages by id
// (one query for the contacts, one for their points), so memory stays the same whatever the total
// and no cursor or transaction holds a connection between pages: on PGlite, the one connection is
// free for other callers while a slow client downloads. The price is that pages are not one
// snapshot: a contact changed during a long export shows as it was when its page was read.
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { ContactPointRow, ContactRow, DB } from '../../db/types.js';
import { AppError } from '../../server/errors.js';
import type { Actor } from '../auth/actor.js';
import { listMembers } from '../users/service.js';
import { CHANNELS, POINT_LABELS, type Channel } from './enums.js';
import { groupBy } from './present.js';
import { matching, pointsFor, visibleContacts, type ContactsQuery } from './repo.js';
import { selectionConditions } from './selection.js';

export const MAX_STREAM_IDS = 10_000;
export const STREAM_PAGE_SIZE = 2_000;

/** Which contacts to read; every option narrows what the actor may see. */
export interface ContactStreamOptions {
  /** Only these contacts (at most MAX_STREAM_IDS); ids the actor may not see are skipped. */
  ids?: readonly string[];
  /** Search text, matched as by the contact list (`GET /contacts?q=`). */
  q?: string;
  /** A filter tree, as the contact list takes it. */
  filter?: unknown;
  /** Fill `ownerEmail` (one look-up of the workspace's members per stream). */
  ownerEmails?: boolean;
  pageSize?: number;
}

export interface StreamedContact {
  contact: ContactRow;
  /** In the contact's order. */
  points: ContactPointRow[];
  ownerEmail: string | null;
}

/**
 * The contacts an actor may see that the options select, as a query on `contacts as c`; null when
 * an empty list of ids selects nothing. Bad options are refused here, before anything is read.
 */
export async function selectedContacts(
  db: Kysely<DB>,
  actor: Actor,
  opts: Pick<ContactStreamOptions, 'ids' | 'q' | 'filter'>,
): Promise<ContactsQuery | null> {
  if (opts.ids && opts.ids.length > MAX_STREAM_IDS) {
    throw new AppError('validation', `ids: at most ${MAX_STREAM_IDS} ids`, [
      { path: 'ids', message: `At most ${MAX_STREAM_IDS} ids` },
    ]);
  }
  if (opts.ids?.length === 0) return null;
  const { conditions } = await selectionConditions(db, actor, { q: opts.q, filter: opts.filter });
  const query = matching(visibleContacts(db, actor), conditions);
  // One array parameter, whatever the number of ids: the statement text stays the same.
  return opts.ids ? query.where(sql<SqlBool>`c.id = any(${[...new Set(opts.ids)]}::uuid[])`) : query;
}

/** Pages of visible contacts in id order (creation order: ids are UUIDv7), each with its points. */
export async function* streamContactPages(
  db: Kysely<DB>,
  actor: Actor,
  opts: ContactStreamOptions = {},
): AsyncGenerator<StreamedContact[]> {
  const base = await selectedContacts(db, actor, opts);
  if (!base) return;
  const pageSize = opts.pageSize ?? STREAM_PAGE_SIZE;
  const owners = opts.ownerEmails ? await ownerEmails(db, actor) : new Map<string, string>();

  let after: string | undefined;
  for (;;) {
    let q = base.selectAll('c').orderBy('c.id').limit(pageSize);
    if (after) q = q.where('c.id', '>', after);
    const rows = await q.execute();
    if (rows.length === 0) return;
    const points = groupBy(
      await pointsFor(
        db,
        actor.workspaceId,
        rows.map((r) => r.id),
      ),
      (p) => p.contact_id,
    );
    yield rows.map((contact) => ({
      contact,
      points: points.get(contact.id) ?? [],
      ownerEmail: (contact.owner_id && owners.get(contact.owner_id)) || null,
    }));
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].id;
  }
}

async function ownerEmails(db: Kysely<DB>, actor: Actor): Promise<Map<string, string>> {
  // Members, not only active ones: a deactivated user still owns its contacts.
  return new Map((await listMembers(db, actor)).map((m) => [m.id, m.email]));
}

export interface PointKind {
  channel: Channel;
  label: (typeof POINT_LABELS)[number];
}

/** The (channel, label) pairs used by any contact point of the workspace, in enumeration order. */
export async function pointKinds(db: Kysely<DB>, workspaceId: string): Promise<PointKind[]> {
  const rows = await db
    .selectFrom('contact_points')
    .select(['channel', 'label'])
    .distinct()
    .where('workspace_id', '=', workspaceId)
    .execute();
  const rank = (k: { channel: string; label: string }) =>
    CHANNELS.indexOf(k.channel as Channel) * POINT_LABELS.length +
    POINT_LABELS.indexOf(k.label as PointKind['label']);
  return (rows as PointKind[]).sort((a, b) => rank(a) - rank(b));
}
