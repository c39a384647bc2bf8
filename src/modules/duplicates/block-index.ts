import { PROBE_KIND, type RecordStore } from './compact.js';

// The blocks of a scan as flat arrays a second thread can share, and the walk over them that hands
// each candidate pair to the scorer once: forEachCandidatePair() of candidates.ts (the reference,
// whose rules are explained there), without strings, sets or per-pair allocations, and stateless,
// so that any range of blocks can be walked on its own and two threads can split the work.
//
// candidates.ts remembers the pairs its giant blocks compared in a set, so that a pair two giant
// blocks share is compared once. Here each record keeps its position in the neighbourhood order of
// every giant block it is in, and a pair found in a giant block is skipped when an earlier giant
// block (by block id, the order candidates.ts walks them in) compared it: the same pairs.

export const FULL = 1;
export const PROBE = 2;

export interface BlockIndex {
  records: number;
  blocks: number;
  /** Block b's records are members[memberStart[b] .. memberStart[b+1]); none for single-record keys. */
  memberStart: Int32Array;
  /** In record order, and for blocks over the cap in neighbourhood order (candidates.ts). */
  members: Int32Array;
  /** Record i's blocks of two or more are keys[keyStart[i] .. keyStart[i+1]), in blockingKeys() order. */
  keyStart: Int32Array;
  keys: Int32Array;
  /** Beside keys: the record's position in the block's neighbourhood order, for blocks over the cap. */
  rank: Int32Array;
  /** FULL (compared all against all) and PROBE (only pairs with a bare initial). */
  flags: Uint8Array;
  kind: Uint8Array;
  /** 1 for records whose first name is one letter. */
  initialOnly: Uint8Array;
  window: number;
  /** Blocks cut into runs of similar work, for threads to take in turn: run r is [chunks[r], chunks[r+1]). */
  chunks: Int32Array;
}

const sharedBytes = (n: number, shared: boolean) => (shared ? new SharedArrayBuffer(n) : new ArrayBuffer(n));
const ints = (n: number, shared: boolean) => new Int32Array(sharedBytes(n * 4, shared));
const bytes = (n: number, shared: boolean) => new Uint8Array(sharedBytes(n, shared));

/** Comparisons a chunk of work aims at: small enough for two threads to finish close together. */
const CHUNK_WORK = 200_000;

export function buildBlockIndex(
  store: RecordStore,
  options: { maxBlockSize: number; window: number; shared: boolean },
): BlockIndex {
  const { maxBlockSize, window, shared } = options;
  const n = store.count;
  const blocks = store.blockSize.length;
  const size = store.blockSize.data;
  const storeKeyStart = store.keyStart.data;
  const storeKeys = store.keys.data;

  const memberStart = ints(blocks + 1, shared);
  for (let b = 0; b < blocks; b++) memberStart[b + 1] = memberStart[b] + (size[b] > 1 ? size[b] : 0);
  const members = ints(memberStart[blocks], shared);
  let kept = 0;
  for (let x = 0; x < store.keys.length; x++) if (size[storeKeys[x]] > 1) kept++;
  const keyStart = ints(n + 1, shared);
  const keys = ints(kept, shared);
  const rank = ints(kept, shared);
  const fill = memberStart.slice(0, blocks);
  let w = 0;
  for (let i = 0; i < n; i++) {
    for (let x = storeKeyStart[i]; x < storeKeyStart[i + 1]; x++) {
      const b = storeKeys[x];
      if (size[b] < 2) continue;
      members[fill[b]++] = i;
      keys[w++] = b;
    }
    keyStart[i + 1] = w;
  }

  const flags = bytes(blocks, shared);
  const kind = bytes(blocks, shared);
  for (let b = 0; b < blocks; b++) {
    kind[b] = store.blockKind.data[b];
    flags[b] = (size[b] <= maxBlockSize ? FULL : 0) | (kind[b] === PROBE_KIND ? PROBE : 0);
  }
  const initialOnly = bytes(n, shared);
  const strings = store.text.strings;
  for (let i = 0; i < n; i++) initialOnly[i] = strings[store.first.data[i]].length === 1 ? 1 : 0;

  const order = (i: number) =>
    `${strings[store.city.data[i]]}\u0000${strings[store.birth.data[i]]}\u0000${strings[store.company.data[i]]}\u0000${store.ids[i]}`;
  for (let b = 0; b < blocks; b++) {
    if (size[b] < 2 || flags[b] & FULL) continue;
    const from = memberStart[b];
    const sorted = Array.from(members.subarray(from, memberStart[b + 1]), (i) => ({
      i,
      order: order(i),
    })).sort((u, v) => (u.order < v.order ? -1 : u.order > v.order ? 1 : 0));
    sorted.forEach(({ i }, r) => {
      members[from + r] = i;
      let x = keyStart[i];
      while (keys[x] !== b) x++;
      rank[x] = r;
    });
  }

  const chunkList: number[] = [0];
  let work = 0;
  for (let b = 0; b < blocks; b++) {
    const s = size[b];
    if (s < 2) continue;
    work += flags[b] & FULL ? (s * (s - 1)) / 2 : s * window;
    if (work >= CHUNK_WORK) {
      chunkList.push(b + 1);
      work = 0;
    }
  }
  if (chunkList[chunkList.length - 1] !== blocks) chunkList.push(blocks);
  const chunks = ints(chunkList.length, shared);
  chunks.set(chunkList);
  return {
    records: n,
    blocks,
    memberStart,
    members,
    keyStart,
    keys,
    rank,
    flags,
    kind,
    initialOnly,
    window,
    chunks,
  };
}

/** Pairs handed over, in total and by key kind (the block that compared them first). */
export interface WalkStats {
  pairs: number;
  byKind: Float64Array;
}

/**
 * Calls onPair(i, j), i < j, for the candidate pairs whose first comparing block is in
 * [fromBlock, toBlock): over all blocks, each pair of forEachCandidatePair() once.
 */
export function walkBlocks(
  index: BlockIndex,
  fromBlock: number,
  toBlock: number,
  onPair: (i: number, j: number) => void,
  stats: WalkStats,
): void {
  const { memberStart, members, keyStart, keys, rank, flags, kind, initialOnly, window } = index;
  const has = (j: number, k: number): number => {
    for (let y = keyStart[j]; y < keyStart[j + 1]; y++) if (keys[y] === k) return y;
    return -1;
  };
  const comparesThrough = (k: number, i: number, j: number) =>
    !(flags[k] & PROBE) || initialOnly[i] === 1 || initialOnly[j] === 1;
  /** True when a full block compares the pair (then it is that block's). */
  const comparedInFull = (i: number, j: number): boolean => {
    for (let x = keyStart[i]; x < keyStart[i + 1]; x++) {
      const k = keys[x];
      if (flags[k] & FULL && has(j, k) >= 0 && comparesThrough(k, i, j)) return true;
    }
    return false;
  };
  /** True when a giant block before `block` had the pair within its window and compared it. */
  const windowedEarlier = (i: number, j: number, block: number): boolean => {
    for (let x = keyStart[i]; x < keyStart[i + 1]; x++) {
      const k = keys[x];
      if (k >= block || flags[k] & FULL) continue;
      const y = has(j, k);
      if (y >= 0 && Math.abs(rank[x] - rank[y]) <= window && comparesThrough(k, i, j)) return true;
    }
    return false;
  };

  let earlier = new Int32Array(64);
  /** True when j is in one of i's `count` earlier full blocks, which compared the pair. */
  const sharesEarlier = (j: number, i: number, count: number): boolean => {
    for (let y = keyStart[j]; y < keyStart[j + 1]; y++) {
      const k = keys[y];
      for (let e = 0; e < count; e++) if (earlier[e] === k && comparesThrough(k, i, j)) return true;
    }
    return false;
  };

  for (let k = fromBlock; k < toBlock; k++) {
    const from = memberStart[k];
    const to = memberStart[k + 1];
    if (to - from < 2) continue;
    const probe = (flags[k] & PROBE) !== 0;
    let found = 0;
    if (flags[k] & FULL) {
      for (let x = from; x < to; x++) {
        const i = members[x];
        const iInitial = initialOnly[i] === 1;
        // A pair belongs to the first full block of i's (in blockingKeys order) that compares it:
        // i's full blocks before this one, once for all its partners here.
        if (keyStart[i + 1] - keyStart[i] > earlier.length)
          earlier = new Int32Array(keyStart[i + 1] - keyStart[i]);
        let before = 0;
        for (let p = keyStart[i]; keys[p] !== k; p++) if (flags[keys[p]] & FULL) earlier[before++] = keys[p];
        for (let y = x + 1; y < to; y++) {
          const j = members[y];
          if (probe && !iInitial && initialOnly[j] !== 1) continue;
          if (before > 0 && sharesEarlier(j, i, before)) continue;
          found++;
          onPair(i, j);
        }
      }
    } else {
      for (let x = from; x < to; x++) {
        const end = Math.min(to, x + 1 + window);
        for (let y = x + 1; y < end; y++) {
          const i = Math.min(members[x], members[y]);
          const j = Math.max(members[x], members[y]);
          if (!comparesThrough(k, i, j) || comparedInFull(i, j) || windowedEarlier(i, j, k)) continue;
          found++;
          onPair(i, j);
        }
      }
    }
    stats.pairs += found;
    stats.byKind[kind[k]] += found;
  }
}
