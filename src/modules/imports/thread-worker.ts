// Worker-thread entry of an import run in a thread (thread.ts): opens connections of its own, runs
// the job as the server's thread would, and tells the server its log lines and how it ended.
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import { openDatabase } from '../../db/engine.js';
import { runImport } from './job.js';
import { IMPORT_APPLICATION_NAME, type LogLevel, type ThreadMessage, type ThreadTask } from './thread.js';

const task = workerData as ThreadTask;
const send = (m: ThreadMessage) => parentPort!.postMessage(m);

/** A logger whose lines the server writes with its own (the thread has no output of its own). */
function forwardingLogger(): FastifyBaseLogger {
  const at =
    (level: LogLevel) =>
    (obj: unknown, msg?: string): void => {
      if (typeof obj === 'string') return send({ type: 'log', level, fields: {}, msg: obj });
      const { err, ...fields } = (obj ?? {}) as { err?: unknown };
      send({
        type: 'log',
        level,
        fields: JSON.parse(JSON.stringify(fields)) as Record<string, unknown>,
        err: err instanceof Error ? { message: err.message, stack: err.stack } : undefined,
        msg,
      });
    };
  const logger = {
    level: task.config.logLevel,
    fatal: at('fatal'),
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    trace: at('trace'),
    silent: () => {},
    child: () => logger,
  };
  return logger as unknown as FastifyBaseLogger;
}

const database = await openDatabase({
  databaseUrl: task.databaseUrl,
  poolSize: 4,
  applicationName: IMPORT_APPLICATION_NAME,
});
const started = performance.eventLoopUtilization();
const log = forwardingLogger();
try {
  await runImport(
    {
      db: database.db,
      config: task.config,
      log,
      engine: 'postgres',
      queue: () => {
        throw new Error('An import thread has no job queue');
      },
    },
    task.payload,
    task.attempt,
  );
  // How much of its run the thread spent working rather than waiting for the database: near
  // all of it means the import is bound by this thread's CPU.
  const { active, idle } = performance.eventLoopUtilization(started);
  const times = { seconds: round((active + idle) / 1000), busySeconds: round(active / 1000) };
  log.info({ importId: task.payload.importId, ...times }, 'import thread ended');
  send({ type: 'done' });
} catch (err) {
  send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
} finally {
  await database.close();
}

function round(seconds: number) {
  return Math.round(seconds * 10) / 10;
}
