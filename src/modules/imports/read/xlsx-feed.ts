// Feeding ExcelJS's streaming reader from the stored file. The reader can stall for good on some
// damaged archives, and never hears of a source that fails (a pipe does not pass errors on): the
// watchdog here turns either into an error instead of a hang.
import { Readable } from 'node:stream';
import type { OpenBytes } from './table.js';

export interface Feed {
  readable: Readable;
  /** Waits for the reader, failing if the source fails or the reader stalls. */
  wait<T>(step: Promise<T>): Promise<T>;
  touch(): void;
  readonly failure: unknown;
  readonly sourceFailed: boolean;
  close(): void;
}

/**
 * ExcelJS pipes the file into unzipper's Parse stream and reads zip entries from it until 'end'.
 * Parse emits an 'end' of its own as soon as its input has been written, while entries may still
 * wait in its buffer (ExcelJS was busy writing an early worksheet to a temp file): ExcelJS then
 * stops and silently drops them, and with them the shared strings, styles or sheet names
 * (exceljs#3064). The stream's real 'end' follows once those entries are read, so the early one
 * is swallowed.
 */
function holdBackEarlyEnd(readable: Readable) {
  const pipe = readable.pipe.bind(readable);
  readable.pipe = ((dest: NodeJS.WritableStream, opts?: { end?: boolean }) => {
    const zip = dest as unknown as Readable;
    if (typeof zip.readableEnded === 'boolean') {
      const emit = zip.emit.bind(zip);
      zip.emit = (event: string | symbol, ...args: unknown[]) =>
        event === 'end' && !zip.readableEnded ? false : emit(event, ...args);
    }
    return pipe(dest, opts);
  }) as typeof readable.pipe;
}

/**
 * The stored file as a Node stream for ExcelJS, and a `wait` for each step of the reader that
 * fails with `stalled()` once the reader has made no progress for `idleMs`.
 */
export function openFeed(open: OpenBytes, idleMs: number, stalled: () => unknown): Feed {
  let sourceBusy = false;
  let waiting = false;
  let progress = 0;
  let seen = -1;
  let idleTicks = 0;
  let failure: unknown;
  let sourceFailed = false;
  let rejectAbort: (e: unknown) => void = () => {};
  const aborted = new Promise<never>((_, reject) => (rejectAbort = reject));
  aborted.catch(() => {});

  async function* source(): AsyncGenerator<Buffer> {
    const it = open()[Symbol.asyncIterator]();
    try {
      for (;;) {
        sourceBusy = true;
        const next = await it.next();
        sourceBusy = false;
        if (next.done) return;
        progress++;
        const c = next.value;
        yield Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
      }
    } catch (err) {
      sourceFailed = true;
      abort(err);
      throw err;
    } finally {
      sourceBusy = false;
      await it.return?.();
    }
  }

  const readable = Readable.from(source(), { objectMode: false });
  readable.on('error', () => {}); // reported through abort(); unhandled it would crash the process
  holdBackEarlyEnd(readable);
  const abort = (err: unknown) => {
    if (failure !== undefined) return;
    failure = err;
    rejectAbort(err);
    readable.destroy();
  };

  // Counted in ticks, not wall time: after the event loop was blocked elsewhere (a long PGlite
  // query) only one tick fires, so a busy server is never mistaken for a stalled reader. Time
  // spent waiting on the source or on our caller does not count either.
  const tickMs = Math.max(10, Math.min(500, Math.floor(idleMs / 5)));
  const timer = setInterval(() => {
    if (!waiting || sourceBusy || progress !== seen) {
      seen = progress;
      idleTicks = 0;
    } else if (++idleTicks * tickMs >= idleMs) abort(stalled());
  }, tickMs);
  timer.unref();

  return {
    readable,
    async wait(step) {
      waiting = true;
      try {
        return await Promise.race([step, aborted]);
      } finally {
        waiting = false;
      }
    },
    touch: () => void progress++,
    get failure() {
      return failure;
    },
    get sourceFailed() {
      return sourceFailed;
    },
    close() {
      clearInterval(timer);
      readable.destroy();
    },
  };
}
