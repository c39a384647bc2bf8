import { rarityBits, type NameFrequencies } from './frequencies.js';
import { areNicknames, isKnownGivenName } from './nicknames.js';
import type { PreparedRecord } from './record.js';
import { jaroWinkler, withinOneTypo } from './similarity.js';

// How far two people's names say "same person", in bits of evidence (log2 of a likelihood ratio:
// +1 doubles the odds, -1 halves them). Given names weigh less than family names when they agree
// (fewer distinct values) but a clearly different given name is the strongest sign of two people
// who share a family name, a phone or an address.

export type NameMatchKind = 'missing' | 'exact' | 'nickname' | 'initial' | 'contains' | 'typo' | 'similar';

export interface FieldMatch {
  kind: NameMatchKind;
  /** 0..1; 1 for exact and nickname matches. */
  similarity: number;
  bits: number;
}

export interface NameEvidence {
  first: FieldMatch;
  last: FieldMatch;
  /** First name of one record compared with the last name of the other. */
  swapped: boolean;
  bits: number;
}

/** Points of a piecewise-linear curve from similarity to bits, highest similarity first. */
type Curve = readonly (readonly [number, number])[];

const GIVEN = {
  exact: 4,
  nickname: 3.5,
  contains: 3,
  typo: 2.5,
  initial: 1,
  knownDifferent: -10,
  // Beyond one typo, similar given names are mostly different people of one household
  // ("Daniel" / "Danielle", "Viki" / "Vikov"), so the curve falls fast below JW 0.95.
  curve: [
    [1, 4],
    [0.95, 2],
    [0.9, -2],
    [0.85, -10],
    [0.8, -14],
  ] as Curve,
};

const FAMILY = {
  exact: 5,
  nickname: 5,
  contains: 4,
  typo: 3.5,
  initial: 0.5,
  knownDifferent: -8,
  curve: [
    [1, 5],
    [0.95, 3],
    [0.9, 0],
    [0.85, -4],
    [0.8, -8],
  ] as Curve,
};

/** The most a different family name costs when a phone or email and the given name agree. */
const HOUSEHOLD_FAMILY_FLOOR = -4;

/** Preferring the swapped reading costs this much: "Thomas James" and "James Thomas" may be two. */
const SWAP_BITS = -1;

function onCurve(curve: Curve, x: number): number {
  if (x >= curve[0][0]) return curve[0][1];
  for (let i = 1; i < curve.length; i++) {
    const [x1, y1] = curve[i];
    if (x >= x1) {
      const [x0, y0] = curve[i - 1];
      return y1 + ((x - x1) / (x0 - x1)) * (y0 - y1);
    }
  }
  return curve[curve.length - 1][1];
}

const isInitialOf = (initial: string, name: string) =>
  initial.length === 1 && name.length > 1 && name[0] === initial;

const standsFor = (w: string, v: string) =>
  w === v || (w.length === 1 && v[0] === w) || (v.length === 1 && w[0] === v);

/**
 * Names of several words where each word of the one with fewer words has its own word in the
 * other, a single letter standing for a word it begins: "mary ann" / "mary", "john r" / "john
 * robert", "j r" / "john". An 'initial' match when the first word only matched as an initial.
 */
function wordsMatch(x: string, y: string): 'contains' | 'initial' | null {
  if (!x.includes(' ') && !y.includes(' ')) return null;
  const [xw, yw] = [x.split(' '), y.split(' ')];
  const [few, pool] = xw.length <= yw.length ? [xw, yw] : [yw, xw];
  let firstAsInitial = false;
  for (const [n, w] of few.entries()) {
    let at = pool.indexOf(w);
    if (at < 0) {
      at = pool.findIndex((v) => standsFor(w, v));
      if (n === 0) firstAsInitial = true;
    }
    if (at < 0) return null;
    pool.splice(at, 1);
  }
  return firstAsInitial ? 'initial' : 'contains';
}

function compareField(x: string, y: string, weights: typeof GIVEN, nicknames: boolean): FieldMatch {
  if (!x || !y) return { kind: 'missing', similarity: 0, bits: 0 };
  if (x === y) return { kind: 'exact', similarity: 1, bits: weights.exact };
  if (isInitialOf(x, y) || isInitialOf(y, x))
    return { kind: 'initial', similarity: 0, bits: weights.initial };
  if (nicknames && areNicknames(x, y)) return { kind: 'nickname', similarity: 1, bits: weights.nickname };
  const xs = x.includes(' ') ? x.replace(/ /g, '') : x;
  const ys = y.includes(' ') ? y.replace(/ /g, '') : y;
  if (xs === ys) return { kind: 'exact', similarity: 1, bits: weights.exact };
  const words = wordsMatch(x, y);
  if (words === 'contains') return { kind: 'contains', similarity: 1, bits: weights.contains };
  if (words === 'initial') return { kind: 'initial', similarity: 0, bits: weights.initial };
  const similarity = jaroWinkler(xs, ys);
  // One typo says more than JW in short names ("Amy" / "Amt" is JW 0.82), and no less in long ones.
  // Two known names one letter apart are two names ("Christian" / "Christina"), not a typo.
  const twoKnownNames = nicknames && isKnownGivenName(x) && isKnownGivenName(y);
  if (twoKnownNames) return { kind: 'similar', similarity, bits: weights.knownDifferent };
  if (Math.min(xs.length, ys.length) >= 3 && withinOneTypo(xs, ys)) {
    return { kind: 'typo', similarity, bits: Math.max(weights.typo, onCurve(weights.curve, similarity)) };
  }
  return { kind: 'similar', similarity, bits: onCurve(weights.curve, similarity) };
}

export const compareGivenNames = (x: string, y: string) => compareField(x, y, GIVEN, true);
export const compareFamilyNames = (x: string, y: string) => compareField(x, y, FAMILY, false);

/**
 * The better of reading the names as given and reading them swapped (first ↔ last). In the
 * swapped reading nobody knows which record is swapped, so which pair of names is the given name;
 * each pair is read both ways and the less trusting weight kept.
 */
export function compareNames(a: PreparedRecord, b: PreparedRecord): NameEvidence {
  return compareNamesBy(a.first, a.last, b.first, b.last, STRING_MATCHERS);
}

/** How two names compare: as given names, as family names, and as either (compareEitherNames). */
export interface NameMatchers<T> {
  given: (x: T, y: T) => FieldMatch;
  family: (x: T, y: T) => FieldMatch;
  either: (x: T, y: T) => FieldMatch;
}

/** Either name compared where it is unknown which is the given one: the less trusting reading. */
export function compareEitherNames(x: string, y: string): FieldMatch {
  const asGiven = compareGivenNames(x, y);
  const asFamily = compareFamilyNames(x, y);
  return asGiven.bits <= asFamily.bits ? asGiven : asFamily;
}

const STRING_MATCHERS: NameMatchers<string> = {
  given: compareGivenNames,
  family: compareFamilyNames,
  either: compareEitherNames,
};

/**
 * compareNames() over names as strings or as ids of interned strings (the scan's compact records,
 * with remembered comparisons): a falsy name ('' or id 0) is a missing one. The evidence is
 * written into `out` when given (the scan reuses one object for millions of pairs).
 */
export function compareNamesBy<T extends string | number>(
  aFirst: T,
  aLast: T,
  bFirst: T,
  bLast: T,
  match: NameMatchers<T>,
  out?: NameEvidence,
): NameEvidence {
  const first = match.given(aFirst, bFirst);
  const last = match.family(aLast, bLast);
  const names = out ?? ({} as NameEvidence);
  names.first = first;
  names.last = last;
  names.swapped = false;
  names.bits = first.bits + last.bits;
  // Swapped names need all four names, and are only worth reading when the direct reading is weak.
  // Nobody knows which record is swapped, so which pair of names is the given name: each pair is
  // read both ways and the less trusting weight kept.
  if (!aFirst || !aLast || !bFirst || !bLast || (first.bits > 0 && last.bits > 0)) return names;
  const sFirst = match.either(aFirst, bLast);
  const sLast = match.either(aLast, bFirst);
  const swappedBits = sFirst.bits + sLast.bits + SWAP_BITS;
  if (swappedBits > names.bits) {
    names.first = sFirst;
    names.last = sLast;
    names.swapped = true;
    names.bits = swappedBits;
  }
  return names;
}

/**
 * Name bits for a pair that shares a phone or email. The other explanation of a shared contact
 * point is a household (or a switchboard), whose members share a family name too: only the given
 * name tells them apart, so an agreeing family name adds nothing. A different family name under
 * an agreeing given name is more often a name change (marriage) than a second person, so it
 * costs at most HOUSEHOLD_FAMILY_FLOOR. In the swapped reading the weaker pair is the given names.
 */
export function householdNameBits(names: NameEvidence): number {
  const [given, family] = names.swapped
    ? [Math.min(names.first.bits, names.last.bits), Math.max(names.first.bits, names.last.bits)]
    : [names.first.bits, names.last.bits];
  const familyBits = given > 0 ? Math.max(HOUSEHOLD_FAMILY_FLOOR, Math.min(0, family)) : Math.min(0, family);
  return given + familyBits + (names.swapped ? SWAP_BITS : 0);
}

export const agrees = (f: FieldMatch) => f.bits > 0 && f.kind !== 'initial';

/**
 * Bits for how rare the agreeing name is in the workspace (frequencies.ts); 0 unless the names
 * agree without a clear disagreement. Agreeing names are counted at the commoner of the two
 * spellings ("Jim" / "James" counts as James), swapped ones at the commoner of both readings.
 */
export function nameRarityBits(
  a: PreparedRecord,
  b: PreparedRecord,
  names: NameEvidence,
  frequencies: NameFrequencies,
): number {
  const { first, last } = names;
  if (first.bits < 0 || last.bits < 0 || (!agrees(first) && !agrees(last))) return 0;
  const { givenCount: g, familyCount: f } = frequencies;
  if (names.swapped) {
    const count = (x: string, y: string) => Math.max(g(x), g(y), f(x), f(y));
    return rarityBits(
      frequencies,
      agrees(first) ? count(a.first, b.last) : undefined,
      agrees(last) ? count(a.last, b.first) : undefined,
    );
  }
  return rarityBits(
    frequencies,
    agrees(first) ? Math.max(g(a.first), g(b.first)) : undefined,
    agrees(last) ? Math.max(f(a.last), f(b.last)) : undefined,
  );
}
