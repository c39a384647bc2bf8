// Where import rows are converted: in a pool of worker threads (phone validation runs at about
// 60k numbers/s per core, slower than reading and writing), or inline when the pool size is 0.
import { Piscina } from 'piscina';
import { THREAD_YOUNG_GENERATION_MB } from '../../lib/thread-heap.js';
import { threadEntry } from '../../lib/threads.js';
import type { CsvRow } from './read/csv.js';
import { convertRows, type ConvertedRows, type RowPlan } from './rows.js';

export interface RowConverter {
  convert(rows: CsvRow[], plan: RowPlan): Promise<ConvertedRows>;
  /** Batches that may be in flight at once to keep every thread busy. */
  readonly parallelism: number;
  close(): Promise<void>;
}

export function createRowConverter(threads: number): RowConverter {
  if (threads <= 0) {
    return {
      convert: async (rows, plan) => convertRows(rows, plan),
      parallelism: 1,
      close: async () => {},
    };
  }
  const { filename, argv } = threadEntry(import.meta.url, 'rows-worker');
  const pool = new Piscina({
    filename: filename.href,
    argv,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    resourceLimits: { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB },
  });
  return {
    convert: (rows, plan) => pool.run({ rows, plan }),
    parallelism: threads,
    close: () => pool.destroy(),
  };
}
