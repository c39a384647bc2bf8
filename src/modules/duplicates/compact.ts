import { nameCode } from './blocking.js';
import { givenNameRoots } from './nicknames.js';
import {
  normalizeBirthDate,
  normalizeCity,
  normalizeCompany,
  splitNames,
  type DupeRecord,
} from './record.js';
import { normalizeName } from './similarity.js';

// The scan's records in compact form: every string a record is matched on is interned once
// (an id per distinct string), a record is a row of ids in typed arrays, and its blocking keys are
// (kind, id, id) triples numbered as they are first seen. A million contacts then take a few
// hundred MB instead of gigabytes of objects and key strings, and comparing two names that are
// the same string is comparing two integers.
//
// The keys are those of blocking.ts, built from the same parts: a key's parts never contain ':'
// (names are letters, digits and spaces), so two keys are the same string exactly when their
// kinds and parts are the same, and the blocks are the same as blockingKeys() makes.

/** Key kinds, in the letters blockingKeys() writes them with. */
export const KIND_LETTERS = ['p', 'e', 'w', 'n', 'f', 't', 'l', 'k', 'i'] as const;
const [P, E, W, N, F, T, L, K, I] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
/** Name keys a record has, about: what the key table is sized for when the records are counted. */
const NAME_KEYS_PER_RECORD = 10;
/** The probe kind (blocking.ts isProbeKey): its blocks compare only pairs with a bare initial. */
export const PROBE_KIND = I;

/** A growable Int32Array. */
export class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(x: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = x;
  }
  /** Grows to `size` values if shorter (new ones are 0). */
  ensure(size: number): void {
    if (size > this.data.length) this.grow(size);
    if (size > this.length) this.length = size;
  }
  private grow(min: number): void {
    const next = new Int32Array(Math.max(min, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
  /** The values, in a buffer of their own size (shared between threads when asked). */
  toArray(shared = false): Int32Array {
    return copyInts(this.data.subarray(0, this.length), shared);
  }
}

function copyInts(from: Int32Array, shared: boolean): Int32Array {
  const out = shared ? new Int32Array(new SharedArrayBuffer(from.length * 4)) : new Int32Array(from.length);
  out.set(from);
  return out;
}

/**
 * Distinct strings numbered in order of arrival. A hash table of typed arrays rather than a Map:
 * with millions of strings (every phone and email of a workspace) it takes half the time.
 */
export class Interner {
  /** Per slot: the string's hash, its id + 1 (0: empty). */
  private slots: Int32Array | null = new Int32Array(2 << 12);
  private mask = (1 << 12) - 1;
  readonly strings: string[] = [];
  constructor(first?: string) {
    if (first !== undefined) this.id(first);
  }
  id(s: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h ^= h >>> 15;
    const slots = this.slots!;
    let at = h & this.mask;
    for (let v = slots[2 * at + 1]; v !== 0; at = (at + 1) & this.mask, v = slots[2 * at + 1]) {
      if (slots[2 * at] === h && this.strings[v - 1] === s) return v - 1;
    }
    const id = this.strings.length;
    this.strings.push(s);
    slots[2 * at] = h;
    slots[2 * at + 1] = id + 1;
    if (this.strings.length * 2 > this.mask) this.grow();
    return id;
  }
  private grow(): void {
    const old = this.slots!;
    const slots = (this.slots = new Int32Array(old.length * 2));
    this.mask = slots.length / 2 - 1;
    for (let k = 0; k < old.length; k += 2) {
      if (old[k + 1] === 0) continue;
      let at = old[k] & this.mask;
      while (slots[2 * at + 1] !== 0) at = (at + 1) & this.mask;
      slots[2 * at] = old[k];
      slots[2 * at + 1] = old[k + 1];
    }
  }
  /** Forgets the look-up (ids and strings stay): nothing is interned after loading. */
  seal(): void {
    this.slots = null;
  }
}

/**
 * Blocking keys (kind, a, b) → block ids in order of first sight: open addressing, linear probing,
 * each slot's three numbers side by side (one cache line per probe: the table outgrows the caches).
 */
class KeyTable {
  /** Per slot: (a << 4 | kind), b, block id + 1 (0: empty), unused. */
  private slots: Int32Array;
  private mask: number;
  private size = 0;

  constructor(expectedKeys: number) {
    let capacity = 1 << 16;
    while (capacity * 0.7 < expectedKeys) capacity *= 2;
    this.slots = new Int32Array(4 * capacity);
    this.mask = capacity - 1;
  }

  /** The block of the key, which is `fresh` when the key is new. */
  blockOf(kind: number, a: number, b: number, fresh: number): number {
    if (a >= 1 << 27) throw new Error('duplicate scan: too many distinct values');
    const ka = (a << 4) | kind;
    const slots = this.slots;
    for (let at = hashKey(ka, b) & this.mask; ; at = (at + 1) & this.mask) {
      const s = slots[4 * at + 2];
      if (s === 0) {
        slots[4 * at] = ka;
        slots[4 * at + 1] = b;
        slots[4 * at + 2] = fresh + 1;
        if (++this.size * 10 > this.mask * 7) this.rehash();
        return fresh;
      }
      if (slots[4 * at] === ka && slots[4 * at + 1] === b) return s - 1;
    }
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.slots.length / 4 - 1;
    for (let k = 0; k < old.length; k += 4) {
      if (old[k + 2] === 0) continue;
      let at = hashKey(old[k], old[k + 1]) & this.mask;
      while (this.slots[4 * at + 2] !== 0) at = (at + 1) & this.mask;
      this.slots[4 * at] = old[k];
      this.slots[4 * at + 1] = old[k + 1];
      this.slots[4 * at + 2] = old[k + 2];
    }
  }
}

function hashKey(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 13);
}

interface FirstInfo {
  roots: number[];
  /** left(fn, 2), right(fn, 3), left(fn, 1): -1 when the name is too short for the key. */
  two: number;
  end: number;
  initial: number;
}

interface LastInfo {
  roots: number[];
  /** The name without spaces. */
  flat: number;
  code: number;
  shape: number;
  /** right(ln, 4), -1 for names under 5 letters. */
  end: number;
}

/** The compact records of a scan, the name counts and the blocking keys of each record. */
export class RecordStore {
  /** Names, their parts in keys, companies, cities, birth dates; id 0 is '' (missing). */
  readonly text = new Interner('');
  /** Phones and emails as given (normalised by the caller). */
  readonly points = new Interner();
  readonly ids: string[] = [];
  count = 0;
  first = new IntList();
  last = new IntList();
  company = new IntList();
  city = new IntList();
  birth = new IntList();
  /** As given, for reasons ("Same company: Acme Inc"). */
  readonly rawCompany = new IntList();
  readonly rawCity = new IntList();
  /** Record i's phones are points[pointStart[2i] .. pointStart[2i+1]), its emails up to pointStart[2i+2]. */
  pointStart = new IntList();
  pointIds = new IntList();
  /** Records per given / family name id (frequencies.ts counts, over every record added). */
  givenCount = new IntList();
  familyCount = new IntList();
  /** Record i's block ids are keys[keyStart[i] .. keyStart[i+1]), in blockingKeys() order. */
  keyStart = new IntList();
  keys = new IntList(1 << 16);
  /** Per block id: its kind and how many records carry it. */
  blockKind = new IntList(1 << 16);
  blockSize = new IntList(1 << 16);

  private table: KeyTable | null;
  /** The p: and e: blocks of each point id (-1: none yet): a phone's key is the phone itself. */
  private readonly phoneBlock = new IntList();
  private readonly emailBlock = new IntList();
  private readonly firstInfo: FirstInfo[] = [];
  private readonly lastInfo: LastInfo[] = [];
  // Raw values repeat (real names, companies, cities): each distinct one is interned as given and
  // normalised once; these map its id to the id of its normal form (-1: not yet normalised).
  private readonly nameOf = new IntList();
  private readonly companyOf = new IntList();
  private readonly cityOf = new IntList();

  /** `expectedRecords` sizes the key table from the start (it is grown as needed anyway). */
  constructor(expectedRecords = 0) {
    this.table = new KeyTable(expectedRecords * NAME_KEYS_PER_RECORD);
    this.pointStart.push(0);
    this.keyStart.push(0);
  }

  add(records: readonly DupeRecord[]): void {
    for (const record of records) this.addOne(record);
  }

  /** Drops what only loading needs. */
  seal(): void {
    this.text.seal();
    this.points.seal();
    this.table = null;
  }

  /** Drops the per-record arrays once the scan has its own copies (block index, ScoreData). */
  release(): void {
    const empty = () => new IntList(0);
    [this.first, this.last, this.company, this.city, this.birth] = [
      empty(),
      empty(),
      empty(),
      empty(),
      empty(),
    ];
    [this.pointStart, this.pointIds, this.givenCount, this.familyCount] = [
      empty(),
      empty(),
      empty(),
      empty(),
    ];
    [this.keyStart, this.keys, this.blockKind, this.blockSize] = [empty(), empty(), empty(), empty()];
  }

  /** The id of the normal form of a raw value (by its own id), normalised on first sight. */
  private normalized(raw: number, of: IntList, normalize: (s: string) => string): number {
    if (raw === 0) return 0;
    if (raw >= of.length) {
      const from = of.length;
      of.ensure(this.text.strings.length);
      of.data.fill(-1, from, of.length);
    }
    let id = of.data[raw];
    if (id < 0) id = of.data[raw] = this.text.id(normalize(this.text.strings[raw]));
    return id;
  }

  private addOne(record: DupeRecord): void {
    const text = this.text;
    const strings = text.strings;
    const rawCompany = record.company ? text.id(record.company) : 0;
    const rawCity = record.city ? text.id(record.city) : 0;
    let first = this.normalized(record.firstName ? text.id(record.firstName) : 0, this.nameOf, normalizeName);
    let last = this.normalized(record.lastName ? text.id(record.lastName) : 0, this.nameOf, normalizeName);
    // A whole name in one field is split (splitNames); the parts are new strings.
    if ((first && !last && strings[first].includes(' ')) || (last && !first && strings[last].includes(' '))) {
      const [f, l] = splitNames(strings[first], strings[last]);
      [first, last] = [text.id(f), text.id(l)];
    }
    this.ids.push(record.id);
    this.count++;
    this.first.push(first);
    this.last.push(last);
    this.company.push(this.normalized(rawCompany, this.companyOf, normalizeCompany));
    this.city.push(this.normalized(rawCity, this.cityOf, normalizeCity));
    this.birth.push(record.birthDate ? text.id(normalizeBirthDate(record.birthDate)) : 0);
    this.rawCompany.push(rawCompany);
    this.rawCity.push(rawCity);
    this.givenCount.ensure(strings.length);
    this.familyCount.ensure(strings.length);
    if (first) this.givenCount.data[first]++;
    if (last) this.familyCount.data[last]++;

    const keysFrom = this.keys.length;
    for (const phone of record.phones ?? []) {
      const id = this.points.id(phone);
      this.pointIds.push(id);
      this.addPointKey(keysFrom, P, id, this.phoneBlock);
    }
    this.pointStart.push(this.pointIds.length);
    for (const email of record.emails ?? []) {
      const id = this.points.id(email);
      this.pointIds.push(id);
      this.addPointKey(keysFrom, E, id, this.emailBlock);
    }
    this.pointStart.push(this.pointIds.length);
    if (first && last) this.addNameKeys(keysFrom, first, last);
    this.keyStart.push(this.keys.length);
  }

  /** nameKeys() of blocking.ts, over interned parts. */
  private addNameKeys(from: number, firstId: number, lastId: number): void {
    const f = this.firstInfo[firstId] ?? this.describeFirst(firstId);
    const l = this.lastInfo[lastId] ?? this.describeLast(lastId);
    const strings = this.text.strings;
    for (const root of f.roots) {
      for (const lastRoot of l.roots) {
        if (strings[root] < strings[lastRoot]) this.addKey(from, W, root, lastRoot);
        else this.addKey(from, W, lastRoot, root);
      }
      this.addKey(from, N, root, l.code);
      this.addKey(from, F, root, l.shape);
      if (l.end >= 0) this.addKey(from, T, root, l.end);
    }
    if (f.two >= 0) this.addKey(from, L, l.flat, f.two);
    if (f.end >= 0) this.addKey(from, K, l.flat, f.end);
    this.addKey(from, I, l.flat, f.initial);
  }

  private describeFirst(id: number): FirstInfo {
    const name = this.text.strings[id];
    const text = this.text;
    const info: FirstInfo = {
      roots: givenNameRoots(name).map((r) => text.id(r)),
      two: name.length > 1 ? text.id(name.slice(0, 2)) : -1,
      end: name.length > 4 ? text.id(name.slice(-3)) : -1,
      initial: text.id(name[0]),
    };
    return (this.firstInfo[id] = info);
  }

  private describeLast(id: number): LastInfo {
    const name = this.text.strings[id];
    const text = this.text;
    const flat = name.replace(/ /g, '');
    const info: LastInfo = {
      roots: givenNameRoots(name).map((r) => text.id(r)),
      flat: text.id(flat),
      code: text.id(nameCode(name)),
      shape: text.id(`${flat[0]}${flat[flat.length - 1]}${flat.length}`),
      end: flat.length >= 5 ? text.id(flat.slice(-4)) : -1,
    };
    return (this.lastInfo[id] = info);
  }

  /** Adds a key to the record being added (whose keys start at `from`) unless it has it already. */
  private addKey(from: number, kind: number, a: number, b: number): void {
    this.addBlock(from, kind, this.table!.blockOf(kind, a, b, this.blockSize.length));
  }

  /** addKey() for a phone or email, by its id. */
  private addPointKey(from: number, kind: number, point: number, blocks: IntList): void {
    if (point >= blocks.length) {
      const grown = blocks.length;
      blocks.ensure(this.points.strings.length);
      blocks.data.fill(-1, grown, blocks.length);
    }
    let block = blocks.data[point];
    if (block < 0) block = blocks.data[point] = this.blockSize.length;
    this.addBlock(from, kind, block);
  }

  private addBlock(from: number, kind: number, block: number): void {
    const keys = this.keys;
    for (let k = from; k < keys.length; k++) if (keys.data[k] === block) return;
    keys.push(block);
    if (block === this.blockSize.length) {
      this.blockSize.push(0);
      this.blockKind.push(kind);
    }
    this.blockSize.data[block]++;
  }
}
