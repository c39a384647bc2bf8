import type { ContactPointRow, FieldType } from '../../db/types.js';
import { PHONE_CHANNELS } from './enums.js';

// eslint-disable-next-line no-control-regex -- every ASCII character, control ones included
const ASCII = /^[\x00-\x7f]*$/;

/** Lower-case and strip accents, so "José" is found by "jose". */
export function fold(s: string): string {
  // Most names are plain ASCII, which has no accents to strip: an import builds millions of these.
  if (ASCII.test(s)) return s.toLowerCase();
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Longest word kept; longer ones are cut (no name is this long, and deletes of long words cost). */
export const MAX_WORD = 40;
const MAX_LITERAL = 120;

/** Runs of letters and digits of folded text. */
export function wordsOf(s: string): string[] {
  return (fold(s).match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.slice(0, MAX_WORD));
}

/**
 * A name's words, plus each name written with apostrophes or hyphens as one word: "O’Brien" gives
 * "o", "brien" and "obrien", so "obrien", "o'brien" and "brien" all find it.
 */
export function nameWords(s: string): string[] {
  const out = wordsOf(s);
  for (const chunk of fold(s).split(/\s+/)) {
    const parts = chunk.match(/[\p{L}\p{N}]+/gu) ?? [];
    if (parts.length > 1 && /^[\p{L}\p{N}'’`‘-]+$/u.test(chunk)) out.push(parts.join('').slice(0, MAX_WORD));
  }
  return out;
}

/** A label that looks like a top-level domain, two or three letters ("com", "uk", "io"): not indexed. */
export const isTopLevel = (label: string) => /^\p{L}{2,3}$/u.test(label);

/** Custom field types whose values are searched, as whole words. */
export const SEARCHED_FIELD_TYPES: ReadonlySet<FieldType> = new Set(['text', 'select', 'multiselect']);

export interface SearchSource {
  first_name?: string | null;
  last_name?: string | null;
  company?: string | null;
  external_id?: string | null;
  /** Custom values by key (a JSON string is accepted as stored). */
  custom?: Record<string, unknown> | string | null;
}

/**
 * The one indexed string per contact, in five tab-separated sections of space-separated tokens;
 * every token has a space on each side, so `strpos(text, ' word ')` finds a whole word and
 * `strpos(text, ' wor')` a word by its beginning, in sections 1 and 2 only (the tokens of
 * sections 3 and 4 begin with "=" and "#"):
 *
 *   1. names and company: found whole, by prefix, and with a typo (through the workspace's
 *      dictionary of these words, search_words);
 *   2. words of emails (of the local part, and the domain's) and handles: whole and by prefix;
 *   3. words of text and select custom fields, each written "=word": whole words only;
 *   4. literals, each written "#literal": phones as digits, emails' local parts with their @
 *      ("jsmith@"), other handles, external id: found as substrings;
 *   5. the email addresses whole, as normalized (not folded), for filters on emails: scanning
 *      the contact's own row runs in parallel, where a look-up of its points per contact does
 *      not (src/modules/filters/fields.ts; docs/decisions.md). Not indexed.
 *
 * The database derives everything else from this string (migration 2026112401_search): the word
 * index, the substring index over section 4, and the dictionary; so every path that writes
 * `search_text` keeps search up to date.
 */
export function searchText(
  c: SearchSource,
  points: Pick<ContactPointRow, 'channel' | 'normalized'>[],
  fields: readonly { key: string; type: FieldType }[] = [],
): string {
  const names = new Set<string>();
  for (const s of [c.first_name, c.last_name, c.company]) if (s) for (const w of nameWords(s)) names.add(w);

  const pointWords = new Set<string>();
  const literals = new Set<string>();
  const emails: string[] = [];
  if (c.external_id) literals.add(literal(c.external_id));
  for (const p of points) {
    if (PHONE_CHANNELS.has(p.channel)) {
      const digits = p.normalized.replace(/\D/g, '');
      if (digits) literals.add(digits);
      continue;
    }
    if (p.channel === 'email') {
      emails.push(p.normalized.replace(/\s+/g, ''));
      // The local part is a literal up to its @; the domain is only words: domains repeat across
      // thousands of contacts, and their trigrams would make every email look-up slow.
      const at = p.normalized.lastIndexOf('@');
      const local = fold(p.normalized.slice(0, at));
      literals.add(literal(`${local}@`));
      for (const w of local.match(/\p{L}+/gu) ?? []) pointWords.add(w.slice(0, MAX_WORD));
      const domain = fold(p.normalized.slice(at + 1)).split('.');
      if (domain.length > 1 && isTopLevel(domain[domain.length - 1])) domain.pop();
      for (const w of domain.join(' ').match(/\p{L}+/gu) ?? []) pointWords.add(w.slice(0, MAX_WORD));
      continue;
    }
    literals.add(literal(p.normalized));
    if (p.channel !== 'web' && p.channel !== 'other') {
      for (const w of fold(p.normalized).match(/\p{L}+/gu) ?? []) pointWords.add(w.slice(0, MAX_WORD));
    }
  }
  for (const w of names) pointWords.delete(w);

  const exact = new Set<string>();
  const custom = typeof c.custom === 'string' ? (JSON.parse(c.custom) as Record<string, unknown>) : c.custom;
  if (custom) {
    for (const f of fields) {
      if (!SEARCHED_FIELD_TYPES.has(f.type)) continue;
      const v = custom[f.key];
      const values = Array.isArray(v) ? v : [v];
      for (const s of values) if (typeof s === 'string') for (const w of wordsOf(s)) exact.add(`=${w}`);
    }
  }
  literals.delete('');
  const section = (s: Set<string>, tag = '') => [...s].map((t) => tag + t).join(' ');
  return ` ${section(names)} \t ${section(pointWords)} \t ${section(exact)} \t ${section(literals, '#')} \t ${emails.join(' ')} `;
}

/** A literal as stored: folded, no whitespace (it would split it), bounded. */
function literal(s: string): string {
  return fold(s).replace(/\s+/g, '').slice(0, MAX_LITERAL);
}
