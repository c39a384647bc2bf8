import type { CandidateOptions } from './candidates.js';
import { ScanEngine, scoreAll, type FindResult } from './engine.js';
import type { NameFrequencies } from './frequencies.js';
import type { DupeRecord } from './record.js';

// From records to groups of duplicates. The product path is startDuplicateScan() (scan.ts): batches
// in, clusters out, the work in worker threads. findDuplicates() runs the same engine (engine.ts)
// on the caller's thread, for tests, benchmarks and small sets.

export { startDuplicateScan, ScanCancelledError } from './scan.js';
export type { DuplicateScan, ScanOptions, ScanPhase } from './scan.js';
export type { FindResult } from './engine.js';
export type { DuplicateCluster, ScoredPair } from './cluster.js';
export type { BlockStats } from './candidates.js';

export interface FindOptions extends CandidateOptions {
  /**
   * Name counts come from the records themselves (countNameFrequencies() over them), as a scan
   * counts them; null scores without them. Passing counts is accepted for callers that counted
   * the same records: they are not read.
   */
  frequencies?: NameFrequencies | null;
  /** Pairs scoring below this are dropped. */
  threshold?: number;
  /** Called now and then with the share of candidate pairs scored so far (0..1). */
  onProgress?: (done: number) => void;
}

/** Groups of duplicates among the records, on this thread: it blocks until done. */
export function findDuplicates(records: readonly DupeRecord[], options: FindOptions = {}): FindResult {
  const engine = new ScanEngine({
    threshold: options.threshold,
    maxBlockSize: options.maxBlockSize,
    window: options.window,
    useFrequencies: options.frequencies !== null,
    expectedRecords: records.length,
  });
  engine.add(records);
  return scoreAll(engine, engine.index(false), options.onProgress);
}
