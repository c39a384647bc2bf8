import { rarityBits, type NameFrequencies } from './frequencies.js';
import {
  agrees,
  compareEitherNames,
  compareFamilyNames,
  compareGivenNames,
  compareNamesBy,
  householdNameBits,
  type FieldMatch,
  type NameEvidence,
  type NameMatchers,
} from './name-match.js';
import { agreement, BITS, nearDate, toScore } from './score.js';

// scorePrepared() of score.ts over compact records (compact.ts), for the millions of candidate
// pairs of a scan: the same rules, in the same order (so the same floating-point sums), but on
// ids. Equal ids are equal strings, so exact agreement is an integer test; the string comparisons
// (typos, Jaro-Winkler, nicknames) run once per pair of distinct values and are remembered; no
// reasons are written (the scan writes them for the pairs it keeps, with scorePrepared itself).
// A pair that can no longer reach the threshold is dropped before its company, city and birth
// date are read. engine.test.ts holds the two to the same scores, pair by pair.

/** What the scorer reads: typed arrays a worker thread can share. */
export interface ScoreData {
  first: Int32Array;
  last: Int32Array;
  company: Int32Array;
  city: Int32Array;
  birth: Int32Array;
  /** Record i's phones are pointIds[pointStart[2i] .. pointStart[2i+1]), its emails up to pointStart[2i+2]. */
  pointStart: Int32Array;
  pointIds: Int32Array;
  /** The id of '' among the points (a shared '' is no shared point), or -1. */
  emptyPoint: number;
  /** Records per given / family name id; null scores without the workspace's name counts. */
  givenCount: Int32Array | null;
  familyCount: Int32Array | null;
  total: number;
  /** The interned strings the ids stand for. */
  text: readonly string[];
}

/** Remembered results of a comparison of two ids, forgotten all at once when full. */
class PairMemo<V> {
  /** Per slot: x + 1 (0: empty), y + 1, index into values. */
  private slots = new Int32Array(3 << 12);
  private values: V[] = [];
  private mask = (1 << 12) - 1;

  constructor(
    private readonly compute: (x: number, y: number) => V,
    private readonly maxCapacity = 1 << 23,
  ) {}

  get(x: number, y: number): V {
    const kx = x + 1;
    const ky = y + 1;
    let slots = this.slots;
    let at = hashPair(x, y) & this.mask;
    for (; slots[3 * at] !== 0; at = (at + 1) & this.mask) {
      if (slots[3 * at] === kx && slots[3 * at + 1] === ky) return this.values[slots[3 * at + 2]];
    }
    const value = this.compute(x, y);
    if ((this.values.length + 1) * 2 > this.mask) {
      this.resize();
      slots = this.slots;
      for (at = hashPair(x, y) & this.mask; slots[3 * at] !== 0;) at = (at + 1) & this.mask;
    }
    slots[3 * at] = kx;
    slots[3 * at + 1] = ky;
    slots[3 * at + 2] = this.values.length;
    this.values.push(value);
    return value;
  }

  private resize(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    const size = Math.min(capacity, this.maxCapacity);
    const slots = (this.slots = new Int32Array(3 * size));
    this.mask = size - 1;
    if (capacity > this.maxCapacity) {
      this.values = []; // full: start again empty
      return;
    }
    for (let k = 0; k < old.length; k += 3) {
      if (old[k] === 0) continue;
      let at = hashPair(old[k] - 1, old[k + 1] - 1) & this.mask;
      while (slots[3 * at] !== 0) at = (at + 1) & this.mask;
      slots[3 * at] = old[k];
      slots[3 * at + 1] = old[k + 1];
      slots[3 * at + 2] = old[k + 2];
    }
  }
}

function hashPair(x: number, y: number): number {
  let h = Math.imul(x, 0x9e3779b1) ^ Math.imul(y + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 13);
}

const MISSING: FieldMatch = { kind: 'missing', similarity: 0, bits: 0 };
const SAME = 1;
const SIMILAR = 2;
const DIFFERS = 3;
const AGREEMENT = { unknown: 0, same: SAME, similar: SIMILAR, differs: DIFFERS };

/** Bits a score needs to reach the threshold, less a margin: only pairs sure to miss it are dropped early. */
function bitsFor(threshold: number): number {
  if (threshold <= 0) return -Infinity;
  if (threshold >= 1) return 50;
  return Math.log2(threshold / (1 - threshold)) - 1e-6;
}

export class PairScorer {
  private readonly agreeCompany: PairMemo<number>;
  private readonly agreeCity: PairMemo<number>;
  /** Name comparisons by id: equal ids need no look-up, others are remembered. */
  private readonly match: NameMatchers<number>;
  private readonly frequencies: NameFrequencies;
  private readonly minBits: number;
  /** Written by every score(): one object for all pairs. */
  private readonly names: NameEvidence = { first: MISSING, last: MISSING, swapped: false, bits: 0 };

  constructor(
    private readonly d: ScoreData,
    private readonly threshold: number,
  ) {
    const text = d.text;
    const given = new PairMemo((x, y) => compareGivenNames(text[x], text[y]));
    const family = new PairMemo((x, y) => compareFamilyNames(text[x], text[y]));
    const either = new PairMemo((x, y) => compareEitherNames(text[x], text[y]));
    const [exactGiven, exactFamily] = [compareGivenNames('x', 'x'), compareFamilyNames('x', 'x')];
    this.match = {
      given: (x, y) => (!x || !y ? MISSING : x === y ? exactGiven : given.get(x, y)),
      family: (x, y) => (!x || !y ? MISSING : x === y ? exactFamily : family.get(x, y)),
      // Only asked with four names: the less trusting of exact as given and as family name.
      either: (x, y) => (x === y ? exactGiven : either.get(x, y)),
    };
    this.agreeCompany = new PairMemo((x, y) => AGREEMENT[agreement(text[x], text[y])], 1 << 20);
    this.agreeCity = new PairMemo((x, y) => AGREEMENT[agreement(text[x], text[y])], 1 << 20);
    this.frequencies = { total: d.total, givenCount: () => 0, familyCount: () => 0 };
    this.minBits = bitsFor(threshold);
  }

  /** The pair's score when it reaches the threshold, else -1. */
  score(i: number, j: number): number {
    // Plain locals, no destructuring: nothing is allocated per pair.
    const d = this.d;
    const ps = d.pointStart;
    const ids = d.pointIds;
    const aPhones = ps[2 * i];
    const aEmails = ps[2 * i + 1];
    const aEnd = ps[2 * i + 2];
    const bPhones = ps[2 * j];
    const bEmails = ps[2 * j + 1];
    const bEnd = ps[2 * j + 2];
    const phoneAt = firstShared(ids, aPhones, aEmails, bPhones, bEmails);
    const emailAt = firstShared(ids, aEmails, aEnd, bEmails, bEnd);
    const phone = phoneAt >= 0 && phoneAt !== d.emptyPoint;
    const email = emailAt >= 0 && emailAt !== d.emptyPoint;
    const af = d.first[i];
    const al = d.last[i];
    const bf = d.first[j];
    const bl = d.last[j];
    const names = compareNamesBy(af, al, bf, bl, this.match, this.names);
    if (!phone && !email && names.bits <= 0) return -1;

    const sharedPoint = phone || email;
    const rarity = d.givenCount && !sharedPoint ? this.rarity(af, al, bf, bl, names) : 0;
    let bits = BITS.prior + (sharedPoint ? householdNameBits(names) : names.bits + rarity);
    if (sharedPoint) bits += BITS.contactPoint + (phone && email ? BITS.secondContactPoint : 0);
    if (!phone && aEmails > aPhones && bEmails > bPhones) bits += BITS.phonesDiffer;
    if (!email && aEnd > aEmails && bEnd > bEmails) bits += BITS.emailsDiffer;

    const ab = d.birth[i];
    const bb = d.birth[j];
    // What company, city and birth date can still add; with a shared point only evidence against counts.
    const most = (sharedPoint ? 0 : BITS.sameCompany + BITS.sameCity) + (ab && bb ? BITS.sameBirthDate : 0);
    if (bits + most < this.minBits) return -1;

    const ac = d.company[i];
    const bc = d.company[j];
    const company = !ac || !bc ? 0 : ac === bc ? SAME : this.agreeCompany.get(ac, bc);
    if (company === SAME || company === SIMILAR) {
      const x = company === SAME ? BITS.sameCompany : BITS.similarCompany;
      bits += sharedPoint ? Math.min(0, x) : x;
    } else if (company === DIFFERS) bits += BITS.companyDiffers;

    const ay = d.city[i];
    const by = d.city[j];
    const city = !ay || !by ? 0 : ay === by ? SAME : this.agreeCity.get(ay, by);
    if (city === SAME || city === SIMILAR) {
      const x = city === SAME ? BITS.sameCity : BITS.similarCity;
      bits += sharedPoint ? Math.min(0, x) : x;
    } else if (city === DIFFERS) bits += BITS.cityDiffers;

    if (ab && bb) {
      if (ab === bb) bits += BITS.sameBirthDate;
      else if (!nearDate(d.text[ab], d.text[bb])) bits = Math.min(bits, BITS.birthDateVeto);
    }
    const score = toScore(bits);
    return score >= this.threshold ? score : -1;
  }

  /** nameRarityBits() of name-match.ts, on ids. */
  private rarity(af: number, al: number, bf: number, bl: number, names: NameEvidence): number {
    const { first, last } = names;
    if (first.bits < 0 || last.bits < 0 || (!agrees(first) && !agrees(last))) return 0;
    const g = this.d.givenCount!;
    const f = this.d.familyCount!;
    if (names.swapped) {
      return rarityBits(
        this.frequencies,
        agrees(first) ? Math.max(g[af], g[bl], f[af], f[bl]) : undefined,
        agrees(last) ? Math.max(g[al], g[bf], f[al], f[bf]) : undefined,
      );
    }
    return rarityBits(
      this.frequencies,
      agrees(first) ? Math.max(g[af], g[bf]) : undefined,
      agrees(last) ? Math.max(f[al], f[bl]) : undefined,
    );
  }
}

/** The first of a's points (ids[aFrom..aTo)) that b has too, or -1: firstShared() of score.ts. */
function firstShared(ids: Int32Array, aFrom: number, aTo: number, bFrom: number, bTo: number): number {
  for (let x = aFrom; x < aTo; x++) {
    const id = ids[x];
    for (let y = bFrom; y < bTo; y++) if (ids[y] === id) return id;
  }
  return -1;
}
