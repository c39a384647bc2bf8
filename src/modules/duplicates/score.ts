import type { NameFrequencies } from './frequencies.js';
import {
  compareNames,
  householdNameBits,
  nameRarityBits,
  type FieldMatch,
  type NameEvidence,
} from './name-match.js';
import { prepare, type DupeRecord, type PreparedRecord } from './record.js';
import { jaroWinkler, withinOneTypo } from './similarity.js';

export type { DupeRecord };

// How sure we are that two contacts are one person. Each piece of evidence adds bits (log2 of a
// likelihood ratio), starting from a prior that two contacts of one block are rarely the same
// person; the score is the resulting probability, 1 / (1 + 2^-bits). The weights are about half
// the textbook Fellegi-Sunter ones (log2 of how often duplicates agree over how often strangers
// do), a scale that keeps scores from saturating; they were then tuned on
// bench/duplicates-quality.ts (see its header for the data it generates).
//
// - A shared phone or email (normalised by the caller) is near-certain on its own: with no name
//   to compare it scores ≥ 0.95. A second shared point adds little: households share both.
// - Names decide everything else (name-match.ts). A clearly different first name outweighs a
//   shared phone or email: that pair is a household or a switchboard, not one person.
// - A name alone is not enough: it needs a company, city or birth date to agree (or a contact
//   point). Given the workspace's name counts (ScoreOptions.frequencies), a rare name counts for
//   more and a common one for less: two "John Smith" in one city stay apart, two "Ripamu
//   Yasvenpa" with nothing else in common are offered.
// - A birth date that is clearly different (not one typo away) vetoes the pair whatever else
//   agrees: parent and child share name, phone and address.

export const DEFAULT_THRESHOLD = 0.8;

export const BITS = {
  prior: -10,
  contactPoint: 15,
  secondContactPoint: 2,
  // People have several phones and emails: a different one is weak evidence against.
  phonesDiffer: -2,
  emailsDiffer: -1.5,
  sameCompany: 4,
  similarCompany: 3,
  companyDiffers: -0.5,
  sameCity: 3.5,
  similarCity: 2.5,
  cityDiffers: -1,
  sameBirthDate: 6,
  /** The most a pair with different birth dates can have: a score of 1 / (1 + 2^3) ≈ 0.11. */
  birthDateVeto: -3,
};

export type ReasonCode =
  | 'same_phone'
  | 'same_email'
  | 'same_name'
  | 'similar_name'
  | 'swapped_names'
  | 'nickname'
  | 'initial'
  | 'same_company'
  | 'same_city'
  | 'same_birth_date'
  | 'different_name'
  | 'different_birth_date';

/** Reasons against a match; the rest are reasons for one. */
export const REASONS_AGAINST: ReadonlySet<ReasonCode> = new Set(['different_name', 'different_birth_date']);

export interface Reason {
  code: ReasonCode;
  /** The value or similarity behind the reason, for display. */
  detail: string;
}

export interface ScoreOptions {
  /** The workspace's name counts: rare shared names weigh more, common ones less (frequencies.ts). */
  frequencies?: NameFrequencies;
}

export interface PairScore {
  score: number;
  reasons: Reason[];
}

const LABELS: Record<ReasonCode, string> = {
  same_phone: 'Same phone',
  same_email: 'Same email',
  same_name: 'Same name',
  similar_name: 'Similar name',
  swapped_names: 'First and last name swapped',
  nickname: 'Nickname of the same name',
  initial: 'Initial matches the name',
  same_company: 'Same company',
  same_city: 'Same city',
  same_birth_date: 'Same birth date',
  different_name: 'Different name',
  different_birth_date: 'Different birth date',
};

/** "Same phone: +14155550100" */
export const describeReason = (r: Reason): string =>
  r.detail ? `${LABELS[r.code]}: ${r.detail}` : LABELS[r.code];

// Module-level helpers rather than closures made per call: scans score hundreds of thousands of pairs.
function firstShared(xs: readonly string[], ys: readonly string[]): string | undefined {
  for (const x of xs) if (ys.includes(x)) return x;
  return undefined;
}
const isCompared = (f: FieldMatch) => f.kind !== 'missing' && f.kind !== 'initial';
const disagrees = (f: FieldMatch) => f.bits < 0;
const isExact = (f: FieldMatch) => f.kind === 'exact';
const addSimilarity = (s: number, f: FieldMatch) => s + f.similarity;
/** With a shared point only evidence against counts from family name, company and city. */
const unlessShared = (x: number, sharedPoint: boolean) => (sharedPoint ? Math.min(0, x) : x);
const percent = (x: number) => `${Math.round(x * 100)}%`;
export const toScore = (bits: number) => 1 / (1 + 2 ** -bits);

function nameReasons(a: PreparedRecord, b: PreparedRecord, names: NameEvidence): Reason[] {
  const { first, last } = names;
  const reasons: Reason[] = [];
  if (names.swapped)
    reasons.push({ code: 'swapped_names', detail: `${a.first} ${a.last} / ${b.first} ${b.last}` });
  if (first.kind === 'nickname' || last.kind === 'nickname') {
    reasons.push({ code: 'nickname', detail: `${a.first} ${a.last} / ${b.first} ${b.last}` });
  }
  if (first.kind === 'initial' || last.kind === 'initial') {
    reasons.push({ code: 'initial', detail: `${a.first} ${a.last} / ${b.first} ${b.last}` });
  }
  const compared = [first, last].filter(isCompared);
  if (compared.some(disagrees)) {
    reasons.push({ code: 'different_name', detail: `${a.first} ${a.last} / ${b.first} ${b.last}`.trim() });
  } else if (compared.length === 2 && compared.every(isExact) && !names.swapped) {
    reasons.push({ code: 'same_name', detail: `${a.first} ${a.last}`.trim() });
  } else if (compared.length) {
    const similarity = compared.reduce(addSimilarity, 0) / compared.length;
    reasons.push({ code: 'similar_name', detail: percent(similarity) });
  }
  return reasons;
}

/** Same, or one typo / JW ≥ 0.92 apart ("Acme Widgets" / "Acme Widget"). */
export function agreement(x: string, y: string): 'same' | 'similar' | 'differs' | 'unknown' {
  if (!x || !y) return 'unknown';
  if (x === y) return 'same';
  if (withinOneTypo(x, y) || jaroWinkler(x, y) >= 0.92) return 'similar';
  return 'differs';
}

/** One digit typed wrong, two digits swapped, or day and month swapped: still maybe one date. */
export function nearDate(x: string, y: string): boolean {
  if (withinOneTypo(x, y)) return true;
  return (
    x.slice(0, 4) === y.slice(0, 4) && x.slice(5, 7) === y.slice(8, 10) && x.slice(8, 10) === y.slice(5, 7)
  );
}

/**
 * How likely two contacts are one person, and why; null when nothing suggests it (no shared phone
 * or email and names that do not agree), so callers can drop the pair without looking further.
 */
export function scorePair(
  recordA: DupeRecord,
  recordB: DupeRecord,
  options: ScoreOptions = {},
): PairScore | null {
  return scorePrepared(prepare(recordA), prepare(recordB), options);
}

/**
 * scorePair() on records already prepared. The scan's fast scorer (pair-scorer.ts) must give the
 * same score: any change to the weights or rules here goes there too (its tests compare the two).
 */
export function scorePrepared(
  a: PreparedRecord,
  b: PreparedRecord,
  options: ScoreOptions = {},
): PairScore | null {
  const recordA = a.record;
  const phone = firstShared(a.phones, b.phones);
  const email = firstShared(a.emails, b.emails);
  const names = compareNames(a, b);
  if (!phone && !email && names.bits <= 0) return null;

  // With a shared point the rival explanation is a household or a switchboard, which shares
  // family name, city and often company: only evidence against counts from those.
  const sharedPoint = Boolean(phone || email);
  // How many namesakes a name has matters when the name is the main evidence, not with a shared point.
  const rarity = options.frequencies && !sharedPoint ? nameRarityBits(a, b, names, options.frequencies) : 0;
  let bits = BITS.prior + (sharedPoint ? householdNameBits(names) : names.bits + rarity);
  const reasons: Reason[] = [];
  if (phone) reasons.push({ code: 'same_phone', detail: phone });
  if (email) reasons.push({ code: 'same_email', detail: email });
  if (sharedPoint) bits += BITS.contactPoint + (phone && email ? BITS.secondContactPoint : 0);
  if (!phone && a.phones.length && b.phones.length) bits += BITS.phonesDiffer;
  if (!email && a.emails.length && b.emails.length) bits += BITS.emailsDiffer;
  reasons.push(...nameReasons(a, b, names));

  const company = agreement(a.company, b.company);
  if (company === 'same' || company === 'similar') {
    bits += unlessShared(company === 'same' ? BITS.sameCompany : BITS.similarCompany, sharedPoint);
    reasons.push({ code: 'same_company', detail: recordA.company ?? '' });
  } else if (company === 'differs') bits += BITS.companyDiffers;

  const city = agreement(a.city, b.city);
  if (city === 'same' || city === 'similar') {
    bits += unlessShared(city === 'same' ? BITS.sameCity : BITS.similarCity, sharedPoint);
    reasons.push({ code: 'same_city', detail: recordA.city ?? '' });
  } else if (city === 'differs') bits += BITS.cityDiffers;

  if (a.birthDate && b.birthDate) {
    if (a.birthDate === b.birthDate) {
      bits += BITS.sameBirthDate;
      reasons.push({ code: 'same_birth_date', detail: a.birthDate });
    } else if (!nearDate(a.birthDate, b.birthDate)) {
      bits = Math.min(bits, BITS.birthDateVeto);
      reasons.push({ code: 'different_birth_date', detail: `${a.birthDate} / ${b.birthDate}` });
    }
  }
  return { score: toScore(bits), reasons };
}
