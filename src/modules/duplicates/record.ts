import { givenNameRoots } from './nicknames.js';
import { foldText, normalizeName } from './similarity.js';

/**
 * What duplicate detection reads of a contact. Phones are E.164 and emails lower-cased: the caller
 * passes contact points' normalized values, so "(415) 555-0100" and "+1 415 555 0100" are one phone.
 */
export interface DupeRecord {
  id: string;
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  city?: string | null;
  /** YYYY-MM-DD */
  birthDate?: string | null;
  phones?: readonly string[];
  emails?: readonly string[];
}

/** A record in the forms matching compares; '' stands for a missing value. */
export interface PreparedRecord {
  record: DupeRecord;
  first: string;
  last: string;
  /** The formal names the first name may stand for (itself when it is no known nickname). */
  firstRoots: readonly string[];
  company: string;
  city: string;
  birthDate: string;
  phones: readonly string[];
  emails: readonly string[];
}

// Legal forms and filler words: "ACME Incorporated", "Acme, Inc." and "The Acme Co" are one company.
const COMPANY_NOISE = new Set(
  (
    'inc incorporated corp corporation co company cos llc llp lp ltd limited plc pllc pc gmbh ag kg mbh ' +
    'sa sas sarl srl spa bv nv oy ab as aps asa kk pty pte bhd sdn the and group holding holdings'
  ).split(' '),
);

/** A company name without case, accents, punctuation, legal form or "the": "acme". */
export function normalizeCompany(s: string | null | undefined): string {
  if (!s) return '';
  const words = foldText(s)
    .replace(/&/g, ' and ')
    .replace(/['’‘`.]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const kept = words.filter((w) => !COMPANY_NOISE.has(w));
  // A company called only "The Company Ltd" keeps its words rather than becoming empty.
  return (kept.length ? kept : words).join(' ');
}

const CITY_ABBREVIATIONS: Record<string, string> = { st: 'saint', ste: 'sainte', ft: 'fort', mt: 'mount' };

/** A city without case, accents or punctuation, common abbreviations spelled out ("St. Louis"). */
export function normalizeCity(s: string | null | undefined): string {
  return normalizeName(s)
    .split(' ')
    .map((w) => CITY_ABBREVIATIONS[w] ?? w)
    .join(' ');
}

// Dates forms fill in when nobody knows the birthday: not evidence of anything.
const PLACEHOLDER_DATES = new Set(['1900-01-01', '1901-01-01', '1970-01-01', '0001-01-01']);

export function normalizeBirthDate(s: string | null | undefined): string {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s) || PLACEHOLDER_DATES.has(s)) return '';
  return s;
}

/**
 * A whole name typed into one field ("John Smith" as first name, no last name) is split: the last
 * word is the family name. A name given as one word in each field is taken as given.
 */
export function splitNames(first: string, last: string): [string, string] {
  if (first && !last && first.includes(' ')) {
    const at = first.lastIndexOf(' ');
    return [first.slice(0, at), first.slice(at + 1)];
  }
  if (last && !first && last.includes(' ')) {
    const at = last.indexOf(' ');
    return [last.slice(0, at), last.slice(at + 1)];
  }
  return [first, last];
}

const cache = new WeakMap<DupeRecord, PreparedRecord>();

/**
 * The record's matching forms, computed once per record object (scoring sees each many times):
 * records are read as immutable, a changed contact is a new object.
 */
export function prepare(record: DupeRecord): PreparedRecord {
  const known = cache.get(record);
  if (known) return known;
  const [first, last] = splitNames(normalizeName(record.firstName), normalizeName(record.lastName));
  const prepared: PreparedRecord = {
    record,
    first,
    last,
    firstRoots: first ? givenNameRoots(first) : [],
    company: normalizeCompany(record.company),
    city: normalizeCity(record.city),
    birthDate: normalizeBirthDate(record.birthDate),
    phones: record.phones ?? [],
    emails: record.emails ?? [],
  };
  cache.set(record, prepared);
  return prepared;
}
