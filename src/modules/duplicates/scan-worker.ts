// Worker-thread entry of a duplicate scan (scan.ts starts it). The first thread, the coordinator,
// receives the batches and keeps the records; at finish it indexes the blocks in shared memory,
// starts helper threads (this same file) that take chunks of blocks to score as it does, then
// writes the reasons and clusters and sends them back in parts.
import { parentPort, workerData } from 'node:worker_threads';
import { ScanEngine, scoreChunks, type ScoringState, type ThreadOutcome } from './engine.js';
import {
  startScanThread,
  type FromCoordinator,
  type ScanPhase,
  type ToCoordinator,
  type WorkerConfig,
} from './scan.js';

const config = workerData as WorkerConfig;
const port = parentPort!;

/** Clusters sent per message: each message is a short pause for the receiving thread. */
const CLUSTERS_PER_MESSAGE = 1_000;
const PARTS_AHEAD = 2;
const PROGRESS_EVERY_MS = 200;

if (config.role === 'helper') {
  port.once('message', (state: ScoringState) => {
    const outcome = scoreChunks(state);
    port.postMessage(outcome, [outcome.kept.buffer as ArrayBuffer, outcome.byKind.buffer as ArrayBuffer]);
  });
} else {
  const engine = new ScanEngine(config.options);
  const send = (message: FromCoordinator) => port.postMessage(message);
  let lastProgress = 0;
  const progress = (phase: ScanPhase, done: number, force = false) => {
    const now = performance.now();
    if (!force && now - lastProgress < PROGRESS_EVERY_MS) return;
    lastProgress = now;
    send({ type: 'progress', phase, done });
  };

  const finish = async () => {
    const records = engine.records;
    const threads = config.threads ?? (records >= config.helperMinRecords ? config.defaultThreads : 1);
    // Helpers start while the index is built: loading their modules takes a few hundred ms.
    const helpers = Array.from({ length: Math.max(0, threads - 1) }, () =>
      startScanThread({ ...config, role: 'helper' }),
    );
    progress('loading', 1, true);
    progress('blocking', 0, true);
    const state = engine.index(helpers.length > 0);
    progress('blocking', 1, true);
    const t0 = performance.now();
    const helped = helpers.map(
      (helper) =>
        new Promise<ThreadOutcome>((resolve, reject) => {
          helper.once('message', resolve);
          helper.once('error', reject);
          helper.once('exit', (code) => reject(new Error(`a scoring thread stopped (exit code ${code})`)));
          helper.postMessage(state);
        }),
    );
    const own = scoreChunks(state, (done) => progress('scoring', done));
    const outcomes = [own, ...(await Promise.all(helped))];
    await Promise.all(helpers.map((h) => h.terminate()));
    progress('scoring', 1, true);
    progress('clustering', 0, true);
    const result = engine.result(outcomes, performance.now() - t0);
    const { clusters, ...summary } = result;
    // Two parts ahead, the next when the caller asks for it: the messages waiting in its queue are
    // all read in one go, and the whole result at once would hold its event loop for a second.
    parts = (function* () {
      for (let at = 0; at < clusters.length; at += CLUSTERS_PER_MESSAGE) {
        yield {
          type: 'clusters',
          clusters: clusters.slice(at, at + CLUSTERS_PER_MESSAGE),
        } as FromCoordinator;
      }
      yield { type: 'result', result: summary } as FromCoordinator;
    })();
    for (let k = 0; k < PARTS_AHEAD; k++) {
      const next = parts.next();
      if (!next.done) send(next.value);
    }
  };
  let parts: Generator<FromCoordinator> | null = null;

  port.on('message', (message: ToCoordinator) => {
    if (message.type === 'add') {
      engine.add(message.records);
      send({ type: 'added', records: engine.records });
    } else if (message.type === 'more') {
      const next = parts?.next();
      if (next && !next.done) send(next.value);
    } else {
      finish().catch((error: unknown) =>
        send({ type: 'failed', message: String((error as Error)?.stack ?? error) }),
      );
    }
  });
}
