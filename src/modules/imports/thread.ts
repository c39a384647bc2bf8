// Large imports on PostgreSQL run in a worker thread of their own, with their own connections.
// Building a batch's rows, search text, change log and statements takes the import's thread about
// 100 µs a row, in runs that hold it for tens of milliseconds, and its garbage collector pauses
// it: on the server's main thread, every request waited behind that (GET by id p99 ~60 ms during
// a 1,000,000-row import, docs/benchmarks.md). In a thread, requests only share the cores.
// PGlite runs in the main thread and has one connection, so its imports stay there.
import type { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import { THREAD_YOUNG_GENERATION_MB } from '../../lib/thread-heap.js';
import { startThread } from '../../lib/threads.js';
import type { Config } from '../../server/config.js';

/** How an import thread's connections show in pg_stat_activity. */
export const IMPORT_APPLICATION_NAME = 'contacts import';

export interface ThreadTask {
  databaseUrl: string;
  config: Config;
  payload: { workspaceId: string; importId: string };
  attempt: number;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** What the thread tells the server: its log lines, then how the run ended. */
export type ThreadMessage =
  | {
      type: 'log';
      level: LogLevel;
      fields: Record<string, unknown>;
      err?: { message: string; stack?: string };
      msg?: string;
    }
  | { type: 'done' }
  | { type: 'failed'; message: string };

export interface ImportThreads {
  /** Runs the import in a new thread; settles as runImport would (throws to have it retried). */
  run(task: Omit<ThreadTask, 'databaseUrl' | 'config'>): Promise<void>;
  /** Ends every running import at once: each goes on from its last committed batch later. */
  stop(): Promise<void>;
}

export function importThreads(databaseUrl: string, config: Config, log: FastifyBaseLogger): ImportThreads {
  const running = new Set<Worker>();
  return {
    run(task) {
      const worker = startThread(import.meta.url, 'thread-worker', {
        workerData: { ...task, databaseUrl, config } satisfies ThreadTask,
        resourceLimits: { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB },
      });
      running.add(worker);
      let outcome: ThreadMessage | undefined;
      return new Promise<void>((resolve, reject) => {
        worker.on('message', (m: ThreadMessage) => {
          if (m.type === 'log') relay(log, m);
          else outcome = m;
        });
        worker.on('error', (err) => (outcome ??= { type: 'failed', message: err.message }));
        worker.on('exit', (code) => {
          running.delete(worker);
          if (outcome?.type === 'done') resolve();
          else
            reject(
              new Error(
                outcome?.type === 'failed'
                  ? outcome.message
                  : `The import's thread stopped (exit code ${code})`,
              ),
            );
        });
      });
    },
    async stop() {
      await Promise.all([...running].map((w) => w.terminate()));
    },
  };
}

function relay(log: FastifyBaseLogger, m: Extract<ThreadMessage, { type: 'log' }>) {
  const err = m.err && Object.assign(new Error(m.err.message), { stack: m.err.stack });
  log[m.level]({ ...m.fields, ...(err ? { err } : {}) }, m.msg);
}
