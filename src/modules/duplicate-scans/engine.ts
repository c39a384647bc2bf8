// The engine behind a scan, in process for now: duplicates/find.ts is taking the streaming,
// worker-thread form of this interface.
import { countNameFrequencies } from '../duplicates/frequencies.js';
import { findDuplicates, type FindResult as SyncResult } from '../duplicates/find.js';
import type { DupeRecord } from '../duplicates/record.js';

export interface ScanOptions {
  threshold?: number;
  onProgress?: (p: { phase: 'loading' | 'blocking' | 'scoring' | 'clustering'; done: number }) => void;
}
export type FindResult = SyncResult & { records: number };
export interface DuplicateScan {
  add(records: DupeRecord[]): Promise<void>;
  finish(): Promise<FindResult>;
  cancel(): Promise<void>;
}
export function startDuplicateScan(options: ScanOptions = {}): DuplicateScan {
  const all: DupeRecord[] = [];
  return {
    add: async (records) => void all.push(...records),
    finish: async () => {
      const r = findDuplicates(all, {
        threshold: options.threshold,
        frequencies: countNameFrequencies(all),
        onProgress: (done) => options.onProgress?.({ phase: 'scoring', done }),
      });
      return { ...r, records: all.length };
    },
    cancel: async () => void (all.length = 0),
  };
}
