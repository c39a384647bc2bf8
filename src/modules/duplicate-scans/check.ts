// "Possible duplicate" for one contact: the contacts it may be, found the way a person would look
// (same phone or email; the name typed into search, nickname roots too), scored with the same
// engine as the workspace scan. Cheap enough to run every time a contact's page opens.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { notFound } from '../../server/errors.js';
import type { Actor } from '../auth/actor.js';
import { visibleContacts, withChildren, type ContactWithChildren } from '../contacts/repo.js';
import { presentContact } from '../contacts/present.js';
import { ContactQuery } from '../contacts/schema.js';
import { listContacts } from '../contacts/service.js';
import { PHONE_CHANNELS } from '../contacts/enums.js';
import { givenNameRoots } from '../duplicates/nicknames.js';
import { DEFAULT_THRESHOLD, scorePair, type DupeRecord } from '../duplicates/score.js';
import { normalizeName } from '../duplicates/similarity.js';
import { presentReasons } from './present.js';
import * as repo from './repo.js';

/** Candidates looked at per way of finding them, and matches answered. */
const SHARED_POINT_CANDIDATES = 50;
const NAME_CANDIDATES = 25;
const MAX_MATCHES = 10;
/** Nickname roots searched besides the name as written ("Bob" → "Robert"). */
const MAX_ROOTS = 2;

function toRecord(c: ContactWithChildren): DupeRecord {
  const phones = new Set<string>();
  const emails = new Set<string>();
  for (const p of c.points_json) {
    if (PHONE_CHANNELS.has(p.channel)) phones.add(p.normalized);
    else if (p.channel === 'email') emails.add(p.normalized);
  }
  return {
    id: c.id,
    firstName: c.first_name,
    lastName: c.last_name,
    company: c.company,
    city: c.city,
    birthDate: c.birth_date,
    phones: [...phones],
    emails: [...emails],
  };
}

/** The texts to search for: the full name, and the name with each nickname root. */
function searchTexts(first: string | null, last: string | null): string[] {
  const full = [first, last].filter(Boolean).join(' ').trim();
  if (!full) return [];
  const texts = [full];
  const normalized = normalizeName(first);
  if (normalized && last) {
    for (const root of givenNameRoots(normalized).slice(0, MAX_ROOTS))
      if (root !== normalized) texts.push(`${root} ${last}`);
  }
  return texts;
}

async function candidateIds(db: Kysely<DB>, actor: Actor, contact: ContactWithChildren): Promise<string[]> {
  const ids = new Set(await repo.sharingPoints(db, actor.workspaceId, contact.id, SHARED_POINT_CANDIDATES));
  for (const q of searchTexts(contact.first_name, contact.last_name)) {
    const page = await listContacts(db, actor, ContactQuery.parse({ q, limit: NAME_CANDIDATES }));
    for (const c of page.items) ids.add(c.id);
  }
  ids.delete(contact.id);
  return [...ids];
}

export async function contactDuplicates(db: Kysely<DB>, actor: Actor, id: string) {
  const contact = await withChildren(visibleContacts(db, actor)).where('c.id', '=', id).executeTakeFirst();
  if (!contact) throw notFound('Contact');
  const ids = await candidateIds(db, actor, contact);
  if (ids.length === 0) return { items: [] };
  // Only contacts the actor may see: shared points of someone else's contact are not revealed.
  const [candidates, dismissed] = await Promise.all([
    withChildren(visibleContacts(db, actor)).where('c.id', 'in', ids).execute(),
    repo.dismissalsOf(db, actor.workspaceId, [contact.id]),
  ]);
  const self = toRecord(contact);
  const items = candidates
    .filter((c) => !dismissed.has(contact.id < c.id ? `${contact.id} ${c.id}` : `${c.id} ${contact.id}`))
    .map((c) => ({ c, s: scorePair(self, toRecord(c)) }))
    .filter(({ s }) => s !== null && s.score >= DEFAULT_THRESHOLD)
    .sort((x, y) => y.s!.score - x.s!.score || (x.c.id < y.c.id ? -1 : 1))
    .slice(0, MAX_MATCHES)
    .map(({ c, s }) => ({
      contact: presentContact(c, c.points_json, c.shared_with),
      score: Math.round(s!.score * 1000) / 1000,
      reasons: presentReasons(s!.reasons),
    }));
  return { items };
}
