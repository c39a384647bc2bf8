// Duplicate scan engine benchmark: one startDuplicateScan() over records read from a file, line by
// line as a job reads them from the database, in a process of its own, so that its peak RSS and
// its event loop are the scan's and not a data generator's. bench/duplicates-quality.ts runs it
// (and scores the pairs it writes against the truth); it also runs on its own:
//
//   npx tsx bench/duplicates-engine.ts --input records.ndjson [--batch 10000] [--threads 2]
//     [--threshold 0.8] [--max-block 100] [--no-frequencies] [--pairs pairs.ndjson]
//
// Input: one DupeRecord as JSON per line. Output: the figures as JSON on stdout; with --pairs,
// every pair of every cluster (a, b, score, reasons) as JSON lines in that file.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import {
  startDuplicateScan,
  type BlockStats,
  type FindResult,
  type ScanPhase,
} from '../src/modules/duplicates/find.js';
import type { DupeRecord } from '../src/modules/duplicates/record.js';

const { values: args } = parseArgs({
  options: {
    input: { type: 'string' },
    batch: { type: 'string', default: '10000' },
    threads: { type: 'string' },
    threshold: { type: 'string', default: '0.8' },
    'max-block': { type: 'string' },
    'expected-records': { type: 'string' },
    'no-frequencies': { type: 'boolean', default: false },
    pairs: { type: 'string' },
  },
});
if (!args.input) throw new Error('--input <records.ndjson> is required');

export interface EngineRun {
  records: number;
  clusters: number;
  comparisons: number;
  blocks: BlockStats;
  /** The scan's own phases (loading: taking batches in, in its worker, while they are read). */
  timingsMs: FindResult['timingsMs'];
  /** From the first add() to finish()'s result; add: until the last add() returned. */
  wallMs: number;
  addMs: number;
  finishMs: number;
  /** Reading and parsing the file, on this thread, within addMs. */
  readMs: number;
  rssBeforeMb: number;
  /** The process's high-water mark: this thread, the scan's worker threads, everything. */
  maxRssMb: number;
  /** The longest a 10 ms timer on this thread was late, and in which phase; p99 of the delay. */
  eventLoopStallMs: number;
  eventLoopStallPhase: string;
  eventLoopDelayP99Ms: number;
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const rssBefore = process.memoryUsage.rss();

let phase: ScanPhase = 'loading';
let last = performance.now();
const stall = { ms: 0, phase: phase as string };
const ticker = setInterval(() => {
  const now = performance.now();
  if (now - last - 10 > stall.ms) [stall.ms, stall.phase] = [now - last - 10, phase];
  last = now;
}, 10);
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();

const t0 = performance.now();
const scan = startDuplicateScan({
  threshold: Number(args.threshold),
  maxBlockSize: args['max-block'] ? Number(args['max-block']) : undefined,
  threads: args.threads ? Number(args.threads) : undefined,
  useFrequencies: !args['no-frequencies'],
  expectedRecords: args['expected-records'] ? Number(args['expected-records']) : undefined,
  onProgress: (p) => (phase = p.phase),
});
const size = Number(args.batch);
let batch: DupeRecord[] = [];
let readMs = 0;
let mark = performance.now();
for await (const line of createInterface({ input: createReadStream(args.input), crlfDelay: Infinity })) {
  if (line) batch.push(JSON.parse(line) as DupeRecord);
  if (batch.length === size) {
    readMs += performance.now() - mark;
    await scan.add(batch);
    batch = [];
    mark = performance.now();
  }
}
readMs += performance.now() - mark;
await scan.add(batch);
const addMs = performance.now() - t0;
const result = await scan.finish();
const wallMs = performance.now() - t0;
clearInterval(ticker);
delay.disable();

const run: EngineRun = {
  records: result.records,
  clusters: result.clusters.length,
  comparisons: result.comparisons,
  blocks: result.blocks,
  timingsMs: result.timingsMs,
  wallMs: Math.round(wallMs),
  addMs: Math.round(addMs),
  finishMs: Math.round(wallMs - addMs),
  readMs: Math.round(readMs),
  rssBeforeMb: mb(rssBefore),
  maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
  eventLoopStallMs: Math.round(stall.ms),
  eventLoopStallPhase: stall.phase,
  eventLoopDelayP99Ms: Math.round(delay.percentile(99) / 1e6),
};
if (args.pairs) {
  const out = createWriteStream(args.pairs);
  for (const cluster of result.clusters) {
    for (const pair of cluster.pairs) if (!out.write(`${JSON.stringify(pair)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
process.stdout.write(`${JSON.stringify(run)}\n`);
