// A whole-workspace duplicate scan off the caller's thread. The records go to a worker thread in
// batches as they are read (it makes their compact forms and keys while the next batch is read);
// finish() indexes the blocks and scores the candidate pairs there, with a second thread on a
// machine with two cores or more, and the clusters come back in parts. The caller's event loop
// only ever copies a batch in or a part of the result out.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startThread } from '../../lib/threads.js';
import type { DuplicateCluster } from './cluster.js';
import type { EngineOptions, FindResult } from './engine.js';
import type { DupeRecord } from './record.js';

export type ScanPhase = 'loading' | 'blocking' | 'scoring' | 'clustering';

export interface ScanOptions {
  /** Pairs scoring below this are dropped (score.ts DEFAULT_THRESHOLD). */
  threshold?: number;
  /** Blocks over this size are compared by sorted neighbourhood (candidates.ts). */
  maxBlockSize?: number;
  window?: number;
  /** The number of records expected, when known: loading progress is their share. */
  expectedRecords?: number;
  /** Threads that score pairs; default: up to 2 (the cores there are) for 50,000 records or more, else 1. */
  threads?: number;
  /** Score with the workspace's name counts (default true; false only for comparisons). */
  useFrequencies?: boolean;
  onProgress?: (p: { phase: ScanPhase; done: number }) => void;
}

export interface DuplicateScan {
  /** Hands a batch to the scan; resolves at once unless several batches are still being taken in. */
  add(records: DupeRecord[]): Promise<void>;
  /** Blocks, scores and clusters what was added. */
  finish(): Promise<FindResult>;
  /** Stops the threads and frees their memory; a pending finish() rejects. */
  cancel(): Promise<void>;
}

export type WorkerConfig = {
  role: 'coordinator' | 'helper';
  options: EngineOptions;
  threads?: number;
  defaultThreads: number;
  helperMinRecords: number;
};

export type ToCoordinator = { type: 'add'; records: DupeRecord[] } | { type: 'finish' } | { type: 'more' };
export type FromCoordinator =
  | { type: 'added'; records: number }
  | { type: 'progress'; phase: ScanPhase; done: number }
  | { type: 'clusters'; clusters: DuplicateCluster[] }
  | { type: 'result'; result: Omit<FindResult, 'clusters'> }
  | { type: 'failed'; message: string };

/** Records per message: copying 2,000 records takes the sending thread 2–5 ms. */
const RECORDS_PER_MESSAGE = 2_000;
/** Messages the worker may have queued before add() waits: enough to keep it busy, no more. */
const MAX_QUEUED = 10;
const HELPER_MIN_RECORDS = 50_000;

export class ScanCancelledError extends Error {
  constructor() {
    super('duplicate scan cancelled');
    this.name = 'ScanCancelledError';
  }
}

/** A thread of the scan (scan-worker.ts) in the given role. */
export function startScanThread(config: WorkerConfig): Worker {
  return startThread(import.meta.url, 'scan-worker', { workerData: config });
}

export function startDuplicateScan(options: ScanOptions = {}): DuplicateScan {
  const config: WorkerConfig = {
    role: 'coordinator',
    options: {
      threshold: options.threshold,
      maxBlockSize: options.maxBlockSize,
      window: options.window,
      useFrequencies: options.useFrequencies,
      expectedRecords: options.expectedRecords,
    },
    threads: options.threads,
    defaultThreads: Math.min(2, availableParallelism()),
    helperMinRecords: HELPER_MIN_RECORDS,
  };
  const worker = startScanThread(config);
  const report = (p: { phase: ScanPhase; done: number }) => {
    try {
      options.onProgress?.(p);
    } catch {
      // Progress is a courtesy to the caller: its failure must not stop the scan (or the process).
    }
  };

  let failure: Error | null = null;
  let state: 'loading' | 'finishing' | 'done' = 'loading';
  let queued = 0;
  const waiting: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const clusters: DuplicateCluster[] = [];
  let finished: { resolve: (r: FindResult) => void; reject: (e: Error) => void } | null = null;

  const fail = (error: Error) => {
    if (failure) return;
    failure = error;
    for (const w of waiting.splice(0)) w.reject(error);
    finished?.reject(error);
    finished = null;
  };

  worker.on('message', (message: FromCoordinator) => {
    switch (message.type) {
      case 'added':
        queued--;
        waiting.shift()?.resolve();
        // The worker takes messages in order: these all come before the progress of finish().
        if (options.expectedRecords)
          report({ phase: 'loading', done: Math.min(1, message.records / options.expectedRecords) });
        break;
      case 'progress':
        report({ phase: message.phase, done: message.done });
        break;
      case 'clusters':
        for (const c of message.clusters) clusters.push(c);
        // The next part after other work had its turn.
        setImmediate(
          () => state === 'finishing' && worker.postMessage({ type: 'more' } satisfies ToCoordinator),
        );
        break;
      case 'result':
        state = 'done';
        report({ phase: 'clustering', done: 1 });
        finished?.resolve({ ...message.result, clusters });
        finished = null;
        void worker.terminate();
        break;
      case 'failed':
        fail(new Error(`duplicate scan failed in its worker: ${message.message}`));
        void worker.terminate();
        break;
    }
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', () => {
    if (state !== 'done') fail(new Error('duplicate scan worker stopped'));
  });

  return {
    async add(records) {
      if (failure) throw failure;
      if (state !== 'loading') throw new Error('duplicate scan: add() after finish()');
      for (let at = 0; at < records.length; at += RECORDS_PER_MESSAGE) {
        const part =
          at === 0 && records.length <= RECORDS_PER_MESSAGE
            ? records
            : records.slice(at, at + RECORDS_PER_MESSAGE);
        worker.postMessage({ type: 'add', records: part } satisfies ToCoordinator);
        if (++queued > MAX_QUEUED) {
          await new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
        } else {
          // Other work runs between two messages, even for a caller adding batches from memory.
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (failure) throw failure;
      }
    },

    finish() {
      if (failure) return Promise.reject(failure);
      if (state !== 'loading') return Promise.reject(new Error('duplicate scan: finish() called twice'));
      state = 'finishing';
      return new Promise<FindResult>((resolve, reject) => {
        finished = { resolve, reject };
        worker.postMessage({ type: 'finish' } satisfies ToCoordinator);
      });
    },

    async cancel() {
      fail(new ScanCancelledError());
      state = 'done';
      await worker.terminate();
    },
  };
}
