// What a search box query means: a list of terms that must all match. Pure functions, no SQL.
import { fold, isTopLevel, MAX_WORD } from '../contacts/search-text.js';

/**
 * - word: letters (and digits) matched against the words of names, emails and custom fields:
 *   exactly, as a prefix, or with one typo (names only).
 * - literal: an email fragment, phone digits, a handle or an id, matched as a substring of the
 *   contact's literals (emails, phone digits, handles, external id).
 */
export type Term = { kind: 'word'; text: string } | { kind: 'literal'; text: string };

const MAX_QUERY = 200;
const MAX_TERMS = 6;
/** Shortest literal the trigram index can look up (shorter ones are matched as whole words). */
const MIN_LITERAL = 3;
/** Shortest word corrected (shorter words only match whole or by prefix). */
export const FUZZY_MIN = 3;
/** Longest word corrected; the dictionary holds names of 3 to 20 letters (search_words_collect). */
const MAX_FUZZY = 20;

const PHONE_LIKE = /^[+\d\s().\-/]+$/;

/**
 * Phone digits as stored (E.164 without "+"), or a part of them. A whole number keeps no
 * international prefix ("00", "011") or national trunk "0", so "0044 20 7946 0018",
 * "+44 20 7946 0018" and "020 7946 0018" all find 442079460018; a short fragment stays as typed.
 */
export function phoneDigits(s: string): string {
  const d = s.replace(/\D/g, '');
  if (d.length >= 10 && d.startsWith('011')) return d.slice(3);
  if (d.length >= 10 && d.startsWith('00')) return d.slice(2);
  if (d.length >= 9 && d.startsWith('0')) return d.slice(1);
  return d;
}

/** The terms of a query; an empty list when nothing in it can be searched for. */
export function parseQuery(q: string): Term[] {
  const s = q.slice(0, MAX_QUERY).trim();
  if (!s) return [];
  if (PHONE_LIKE.test(s) && (s.match(/\d/g)?.length ?? 0) >= MIN_LITERAL) return literalTerms(phoneDigits(s));

  const terms: Term[] = [];
  for (const chunk of fold(s).split(/\s+/)) {
    // Quotes, commas and brackets around a word are not part of it ("jsmith@" keeps its @).
    const t = chunk.replace(/^[^\p{L}\p{N}@+]+|[^\p{L}\p{N}@]+$/gu, '');
    if (!t) continue;
    if (PHONE_LIKE.test(t) && /\d/.test(t)) terms.push(...literalTerms(phoneDigits(t)));
    else if (t.includes('@')) {
      // An email or a part of one. With a local part, that part as written up to its @
      // ("jsmith@") says it all (a domain is shared by thousands); without, the domain's words.
      const at = t.indexOf('@');
      const local = t.slice(0, at).replace(/^[^\p{L}\p{N}]+/u, '');
      if (local) terms.push(...literalTerms(`${local}@`));
      else terms.push(...domainTerms(t.slice(at + 1)));
    }
    // Digits in a word: a handle, an id or the local part of an email ("jsmith83").
    else if (/\d/.test(t)) terms.push(...literalTerms(t));
    // "gmail.com" → gmail; "john.smith" → john, smith.
    else if (t.includes('.')) terms.push(...domainTerms(t));
    // "o'brien" → o, brien; "mary-jane" → mary, jane: names are indexed by their parts too.
    else for (const w of t.match(/[\p{L}\p{N}]+/gu) ?? []) terms.push(...wordTerms(w));
  }
  const seen = new Set<string>();
  return terms
    .filter((t) => {
      const k = `${t.kind}:${t.text}`;
      return !seen.has(k) && seen.add(k);
    })
    .slice(0, MAX_TERMS);
}

/**
 * The words of a dotted name: a domain without its top level ("gmail.com" → gmail; "acme.co.uk"
 * → acme, co), as contacts' email domains are indexed; other dotted names whole ("john.smith").
 */
function domainTerms(d: string): Term[] {
  const labels = d.match(/[\p{L}\p{N}]+/gu) ?? [];
  const last = labels[labels.length - 1];
  if (labels.length > 1 && isTopLevel(last)) labels.pop();
  return labels.flatMap(wordTerms);
}

function wordTerms(w: string): Term[] {
  return w ? [{ kind: 'word', text: w.slice(0, MAX_WORD) }] : [];
}

/** A literal long enough for the trigram index; a short one falls back to its words. */
function literalTerms(t: string): Term[] {
  const text = t.slice(0, MAX_WORD * 2);
  if ([...text].length >= MIN_LITERAL) return [{ kind: 'literal', text }];
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).flatMap(wordTerms);
}

/** A word with each one of its letters left out, once each: "smth" → mth, sth, smh, smt. */
export function deletes(w: string): string[] {
  const chars = [...w];
  const out = new Set<string>();
  for (let i = 0; i < chars.length; i++) out.add([...chars.slice(0, i), ...chars.slice(i + 1)].join(''));
  return [...out];
}

/**
 * The keys a word is looked up with in the dictionary of names (search_words), whose entries are
 * keyed by the word and its one-letter deletes: a name shares a key with the query word when one
 * letter was left out ("smth" is a delete of smith), added ("johhn" has the delete john), changed
 * or two swapped (both have the same delete: "smyth"/"smith" → smth, "jhon"/"john" → jon). A
 * three-letter word only finds names with one letter more ("jon" → john, joan); shorter words and
 * numbers are not corrected. Null when the word is not corrected.
 */
export function typoKeys(w: string): string[] | null {
  const len = [...w].length;
  if (len < FUZZY_MIN || len > MAX_FUZZY || /^\p{N}+$/u.test(w)) return null;
  return len === FUZZY_MIN ? [w] : [w, ...deletes(w)];
}

/** A tsquery lexeme: terms hold only letters and digits, but quote anyway. */
export function tsLexeme(lexeme: string): string {
  return `'${lexeme.replace(/['\\]/g, (c) => c + c)}'`;
}

/** Escapes LIKE wildcards so user text matches literally. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
