import v8 from 'node:v8';

/**
 * Bounds how far V8 lets the heap grow past its live data before a full collection: to
 * (1 + percent/100) times it, instead of up to 4 times when collections are quick, as they are
 * for this server's small live heap (~60 MB). An import's batches outlive a few young-generation
 * collections while they wait on the database, so their garbage lands in the old generation; with
 * V8's own factor the server's RSS reached 490–509 MB on 60,000-row imports, with 50% 318–325 MB,
 * at about the same speed (the runs overlapped within the machine's drift; docs/benchmarks.md). Unlike a hard heap limit
 * (--max-old-space-size), it cannot make a large legitimate job run out of memory. The flag is
 * process-wide (worker threads too) and read at each collection, so setting it at start works.
 */
export function boundHeapGrowth(percent: number) {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
