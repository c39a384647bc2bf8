// Following a running import to its end: polls its state, shows progress, and turns Ctrl-C into
// a cancel request so the server does not keep importing what the user meant to stop.
import type { ImportSummary } from '../modules/imports/schema.js';
import { ApiError, CliError, EXIT } from './errors.js';
import { countsLine, errorFileName } from './format.js';
import type { Api } from './http.js';
import { progressView } from './progress.js';

const POLL_MS = 1000;
/** A server restarting mid-import resumes it; keep asking this long before giving up. */
const UNREACHABLE_FOR_MS = 60_000;
const FINAL = new Set(['processed', 'error', 'cancelled']);

/** `announce` is printed once Ctrl-C is handled, so a Ctrl-C right after it cancels too. */
export async function waitForImport(api: Api, id: string, announce = ''): Promise<ImportSummary> {
  const view = progressView();
  let interrupted: (() => void) | null = null;
  const interrupt = new Promise<'interrupted'>((resolve) => {
    interrupted = () => resolve('interrupted');
  });
  const onSigint = () => interrupted?.();
  process.on('SIGINT', onSigint);
  if (announce) process.stdout.write(announce);
  let done = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });
  const poll = async (): Promise<ImportSummary> => {
    let failingSince = 0;
    for (;;) {
      try {
        const s = await api.get<ImportSummary>(`/imports/${id}`);
        failingSince = 0;
        if (done) return s;
        view.update(s);
        if (FINAL.has(s.state)) return s;
      } catch (err) {
        if (err instanceof ApiError || !(err instanceof CliError)) throw err;
        failingSince ||= Date.now();
        if (Date.now() - failingSince > UNREACHABLE_FOR_MS) throw err;
      }
      if (done) throw new CliError('stopped');
      await sleep(POLL_MS);
    }
  };
  try {
    const result = await Promise.race([poll(), interrupt]);
    if (result !== 'interrupted') return result;
    done = true;
    view.stop();
    await cancelOnInterrupt(api, id);
    throw new CliError('interrupted', EXIT.interrupted);
  } finally {
    done = true;
    clearTimeout(timer);
    wake?.();
    view.stop();
    process.off('SIGINT', onSigint);
  }
}

async function cancelOnInterrupt(api: Api, id: string) {
  // A second Ctrl-C while the cancel request is out leaves at once.
  const again = () => process.exit(EXIT.interrupted);
  process.once('SIGINT', again);
  process.stderr.write(`\nCancelling import ${id}…\n`);
  try {
    const s = await api.post<ImportSummary>(`/imports/${id}/cancel`);
    const when = s.state === 'cancelled' ? 'is cancelled' : 'stops shortly';
    process.stderr.write(`The import ${when}; rows already imported stay.\nSo far: ${countsLine(s)}\n`);
  } catch (err) {
    const why = err instanceof ApiError ? err.detail || err.message : (err as Error).message;
    process.stderr.write(`Could not cancel the import: ${why}\n`);
  } finally {
    process.off('SIGINT', again);
  }
}

/** Prints how an import ended and answers the exit code: 0 clean, 3 some rows failed, 1 stopped. */
export function reportEnd(s: ImportSummary, cli: string): number {
  const out = process.stdout;
  if (s.state === 'processed') {
    out.write(`Import ${s.id} of ${s.fileName} is done.\n${countsLine(s)}\n`);
    if (s.counts.failed === 0) return EXIT.ok;
    out.write(
      `${s.counts.failed === 1 ? '1 row' : `${s.counts.failed} rows`} failed. Download them with the reasons, fix and import again:\n` +
        `  ${cli} imports errors ${s.id} > ${errorFileName(s)}\n`,
    );
    return EXIT.rowsFailed;
  }
  const why = s.state === 'error' ? `stopped with an error: ${s.error ?? 'unknown error'}` : 'was cancelled';
  process.stderr.write(`error: import ${s.id} of ${s.fileName} ${why}\n`);
  out.write(`${countsLine(s)}\n`);
  if (s.counts.failed > 0) out.write(`Failed rows: ${cli} imports errors ${s.id} > ${errorFileName(s)}\n`);
  return EXIT.failed;
}
