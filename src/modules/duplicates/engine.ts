import { buildBlockIndex, walkBlocks, type BlockIndex, type WalkStats } from './block-index.js';
import { DEFAULT_MAX_BLOCK, DEFAULT_WINDOW, type BlockStats, type CandidateOptions } from './candidates.js';
import type { DuplicateCluster, ScoredPair } from './cluster.js';
import { IntList, KIND_LETTERS, RecordStore } from './compact.js';
import type { NameFrequencies } from './frequencies.js';
import { givenNameRoots } from './nicknames.js';
import { PairScorer, type ScoreData } from './pair-scorer.js';
import type { PreparedRecord } from './record.js';
import { DEFAULT_THRESHOLD, scorePrepared, type DupeRecord } from './score.js';

// A scan in one thread's memory: records are added in batches (their matching forms and blocking
// keys are made as they arrive), then the blocks are indexed, the candidate pairs walked and
// scored (by this thread alone, or with helper threads sharing the index: scan-worker.ts), and the
// pairs that reach the threshold get their reasons and become clusters.

export interface EngineOptions extends CandidateOptions {
  threshold?: number;
  /** Score with the name counts of the records added (default), as countNameFrequencies() counts them. */
  useFrequencies?: boolean;
  /** How many records will be added, when known: tables are sized for them from the start. */
  expectedRecords?: number;
}

export interface FindResult {
  clusters: DuplicateCluster[];
  /** Records scanned. */
  records: number;
  /** Candidate pairs compared. */
  comparisons: number;
  blocks: BlockStats;
  /** Loading: making the records' compact forms and keys as batches arrive (off the caller's thread in a scan). */
  timingsMs: { loading: number; blocking: number; scoring: number; clustering: number };
}

/** What a thread needs to score a share of the pairs: typed arrays (shared between threads) and the strings. */
export interface ScoringState {
  index: BlockIndex;
  data: ScoreData;
  threshold: number;
  /** Next chunk of blocks to take, shared by the threads (Atomics). */
  next: Int32Array;
}

/** Pairs kept by one thread: i and j interleaved. */
export interface ThreadOutcome {
  kept: Int32Array;
  pairs: number;
  byKind: Float64Array;
}

/**
 * Takes chunks of blocks until none is left, scoring their pairs. onChunk is called after each
 * chunk with the share of chunks taken so far.
 */
export function scoreChunks(state: ScoringState, onChunk?: (done: number) => void): ThreadOutcome {
  const { index, next } = state;
  const scorer = new PairScorer(state.data, state.threshold);
  const kept = new IntList();
  const stats: WalkStats = { pairs: 0, byKind: new Float64Array(KIND_LETTERS.length) };
  const onPair = (i: number, j: number) => {
    if (scorer.score(i, j) >= 0) {
      kept.push(i);
      kept.push(j);
    }
  };
  const chunks = index.chunks.length - 1;
  for (let c = Atomics.add(next, 0, 1); c < chunks; c = Atomics.add(next, 0, 1)) {
    walkBlocks(index, index.chunks[c], index.chunks[c + 1], onPair, stats);
    onChunk?.(Math.min(1, (c + 1) / chunks));
  }
  return { kept: kept.toArray(), pairs: stats.pairs, byKind: stats.byKind };
}

export class ScanEngine {
  private store: RecordStore | null;
  private loadingMs = 0;
  readonly threshold: number;
  private readonly maxBlockSize: number;
  private readonly window: number;
  private readonly useFrequencies: boolean;
  private indexMs = 0;
  private state: ScoringState | null = null;

  constructor(options: EngineOptions = {}) {
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
    this.maxBlockSize = options.maxBlockSize ?? DEFAULT_MAX_BLOCK;
    this.window = options.window ?? DEFAULT_WINDOW;
    this.useFrequencies = options.useFrequencies ?? true;
    this.store = new RecordStore(options.expectedRecords);
  }

  get records(): number {
    return this.store?.count ?? 0;
  }

  add(records: readonly DupeRecord[]): void {
    const t0 = performance.now();
    this.live().add(records);
    this.loadingMs += performance.now() - t0;
  }

  /** Ends loading and indexes the blocks; `shared` puts the arrays where helper threads can read them. */
  index(shared: boolean): ScoringState {
    const t0 = performance.now();
    const store = this.live();
    store.seal();
    const index = buildBlockIndex(store, { maxBlockSize: this.maxBlockSize, window: this.window, shared });
    const textSize = store.text.strings.length;
    store.givenCount.ensure(textSize);
    store.familyCount.ensure(textSize);
    const emptyPoint = store.points.strings.indexOf('');
    const data: ScoreData = {
      first: store.first.toArray(shared),
      last: store.last.toArray(shared),
      company: store.company.toArray(shared),
      city: store.city.toArray(shared),
      birth: store.birth.toArray(shared),
      pointStart: store.pointStart.toArray(shared),
      pointIds: store.pointIds.toArray(shared),
      emptyPoint,
      givenCount: this.useFrequencies ? store.givenCount.toArray(shared) : null,
      familyCount: this.useFrequencies ? store.familyCount.toArray(shared) : null,
      total: store.count,
      text: store.text.strings,
    };
    store.release();
    const next = new Int32Array(shared ? new SharedArrayBuffer(4) : new ArrayBuffer(4));
    this.state = { index, data, threshold: this.threshold, next };
    this.indexMs = performance.now() - t0;
    return this.state;
  }

  /** Reasons for the kept pairs, clusters, and the figures of the scan. */
  result(outcomes: readonly ThreadOutcome[], scoringMs: number): FindResult {
    const t0 = performance.now();
    const store = this.live();
    const state = this.state!;
    const clusters = clusterKept(store, state.data, outcomes, this.threshold);
    const result: FindResult = {
      clusters,
      records: store.count,
      comparisons: outcomes.reduce((s, o) => s + o.pairs, 0),
      blocks: this.blockStats(state.index, outcomes),
      timingsMs: {
        loading: Math.round(this.loadingMs),
        blocking: Math.round(this.indexMs),
        scoring: Math.round(scoringMs),
        clustering: Math.round(performance.now() - t0),
      },
    };
    this.store = null;
    this.state = null;
    return result;
  }

  private blockStats(index: BlockIndex, outcomes: readonly ThreadOutcome[]): BlockStats {
    const stats: BlockStats = { blocks: 0, oversizeBlocks: 0, largestBlock: 0, byKind: {}, pairs: 0 };
    const byKind: BlockStats['byKind'][string][] = [];
    for (let b = 0; b < index.blocks; b++) {
      const size = index.memberStart[b + 1] - index.memberStart[b];
      if (size < 2) continue;
      const letter = KIND_LETTERS[index.kind[b]];
      const kind = (stats.byKind[letter] ??= byKind[index.kind[b]] = { blocks: 0, largest: 0, pairs: 0 });
      stats.blocks++;
      kind.blocks++;
      kind.largest = Math.max(kind.largest, size);
      stats.largestBlock = Math.max(stats.largestBlock, size);
      if (size > this.maxBlockSize) stats.oversizeBlocks++;
    }
    for (const o of outcomes) {
      stats.pairs += o.pairs;
      o.byKind.forEach((pairs, k) => {
        if (byKind[k]) byKind[k].pairs += pairs;
      });
    }
    return stats;
  }

  private live(): RecordStore {
    if (!this.store) throw new Error('duplicate scan: already finished');
    return this.store;
  }
}

/** Scores every pair of an indexed engine in this thread. */
export function scoreAll(
  engine: ScanEngine,
  state: ScoringState,
  onProgress?: (done: number) => void,
): FindResult {
  const t0 = performance.now();
  const outcome = scoreChunks(state, onProgress);
  return engine.result([outcome], performance.now() - t0);
}

/**
 * Calls onPair(i, j) for each candidate pair of the records (indexes into them), as
 * forEachCandidatePair() of candidates.ts does but through the scan's index: the same pairs.
 */
export function forEachCandidate(
  records: readonly DupeRecord[],
  onPair: (i: number, j: number) => void,
  options: CandidateOptions & { onBlock?: (size: number) => void } = {},
): BlockStats {
  const engine = new ScanEngine({ ...options, useFrequencies: false });
  engine.add(records);
  const { index } = engine.index(false);
  if (options.onBlock) {
    for (let b = 0; b < index.blocks; b++) {
      const size = index.memberStart[b + 1] - index.memberStart[b];
      if (size > 1) options.onBlock(size);
    }
  }
  const stats: WalkStats = { pairs: 0, byKind: new Float64Array(KIND_LETTERS.length) };
  walkBlocks(index, 0, index.blocks, onPair, stats);
  return engine.result([{ kept: new Int32Array(0), pairs: stats.pairs, byKind: stats.byKind }], 0).blocks;
}

/** Records as scorePrepared() reads them, made again from the compact store for the pairs kept. */
class Prepared {
  private readonly made = new Map<number, PreparedRecord>();
  /** Name → id, for the names of the records made: what the name counts are looked up by. */
  private readonly nameIds = new Map<string, number>();
  readonly frequencies: NameFrequencies | undefined;

  constructor(
    private readonly store: RecordStore,
    private readonly data: ScoreData,
  ) {
    const { givenCount, familyCount } = data;
    if (givenCount && familyCount) {
      this.frequencies = {
        total: store.count,
        givenCount: (name) => givenCount[this.nameIds.get(name) ?? 0],
        familyCount: (name) => familyCount[this.nameIds.get(name) ?? 0],
      };
    }
  }

  of(i: number): PreparedRecord {
    let p = this.made.get(i);
    if (p) return p;
    const { store, data } = this;
    const strings = store.text.strings;
    const [firstId, lastId] = [data.first[i], data.last[i]];
    const [first, last] = [strings[firstId], strings[lastId]];
    this.nameIds.set(first, firstId).set(last, lastId);
    p = {
      record: {
        id: store.ids[i],
        company: strings[store.rawCompany.data[i]] || null,
        city: strings[store.rawCity.data[i]] || null,
      },
      first,
      last,
      firstRoots: first ? givenNameRoots(first) : [],
      company: strings[data.company[i]],
      city: strings[data.city[i]],
      birthDate: strings[data.birth[i]],
      phones: this.points(data.pointStart[2 * i], data.pointStart[2 * i + 1]),
      emails: this.points(data.pointStart[2 * i + 1], data.pointStart[2 * i + 2]),
    };
    this.made.set(i, p);
    return p;
  }

  private points(from: number, to: number): string[] {
    const out: string[] = [];
    for (let x = from; x < to; x++) out.push(this.store.points.strings[this.data.pointIds[x]]);
    return out;
  }
}

const byId = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const byPair = (x: ScoredPair, y: ScoredPair) => byId(x.a, y.a) || byId(x.b, y.b);
const byFirstMember = (x: DuplicateCluster, y: DuplicateCluster) => byId(x.members[0], y.members[0]);

/**
 * The kept pairs with their reasons (scorePrepared(), which also confirms the score), joined
 * into clusters: clusterPairs() of cluster.ts on record indexes rather than id strings, with the
 * same result and order.
 */
function clusterKept(
  store: RecordStore,
  data: ScoreData,
  outcomes: readonly ThreadOutcome[],
  threshold: number,
): DuplicateCluster[] {
  const prepared = new Prepared(store, data);
  const parent = new Int32Array(store.count);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    let root = x;
    while (parent[root] !== root) root = parent[root];
    while (parent[x] !== root) {
      const up = parent[x];
      parent[x] = root;
      x = up;
    }
    return root;
  };
  const pairs: ScoredPair[] = [];
  const ends = new IntList();
  for (const { kept } of outcomes) {
    for (let x = 0; x < kept.length; x += 2) {
      const [a, b] = [prepared.of(kept[x]), prepared.of(kept[x + 1])];
      const s = scorePrepared(a, b, { frequencies: prepared.frequencies });
      const [idA, idB] = [a.record.id, b.record.id];
      if (!s || s.score < threshold || idA === idB) continue;
      pairs.push(
        idA < idB
          ? { a: idA, b: idB, score: s.score, reasons: s.reasons }
          : { a: idB, b: idA, score: s.score, reasons: s.reasons },
      );
      ends.push(kept[x]);
      ends.push(kept[x + 1]);
      const [ri, rj] = [find(kept[x]), find(kept[x + 1])];
      if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
    }
  }
  const byRoot = new Map<number, { members: Set<string>; pairs: ScoredPair[] }>();
  for (let k = 0; k < pairs.length; k++) {
    const root = find(ends.data[2 * k]);
    let cluster = byRoot.get(root);
    if (!cluster) byRoot.set(root, (cluster = { members: new Set(), pairs: [] }));
    cluster.pairs.push(pairs[k]);
    cluster.members.add(pairs[k].a).add(pairs[k].b);
  }
  const clusters: DuplicateCluster[] = [];
  for (const c of byRoot.values()) {
    clusters.push({ members: [...c.members].sort(byId), pairs: c.pairs.sort(byPair) });
  }
  return clusters.sort(byFirstMember);
}
