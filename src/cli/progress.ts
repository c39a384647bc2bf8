// Import progress on stderr: a live bar on a terminal, else a line every few seconds (CI logs,
// files), so stdout stays for results.
import cliProgress from 'cli-progress';
import type { ImportSummary } from '../modules/imports/schema.js';
import { count, duration } from './format.js';

export interface ProgressView {
  update(s: ImportSummary): void;
  stop(): void;
}

const LINE_EVERY_MS = 5000;

export function progressView(stream: NodeJS.WriteStream = process.stderr): ProgressView {
  return stream.isTTY ? barView(stream) : lineView(stream);
}

/** Rows read out of the estimate; the estimate is a guess from the file's start, so never below read. */
const totalOf = (s: ImportSummary) => Math.max(s.rowsEstimate ?? 0, s.counts.rowsRead, 1);

function tokens(s: ImportSummary) {
  const p = s.progress;
  return {
    state:
      { waiting: 'Waiting  ', processing: 'Importing', processed: 'Done     ' }[s.state as string] ?? s.state,
    pct: p.percent === null ? '  ?' : String(Math.round(p.percent)).padStart(3),
    rows: count(s.counts.rowsRead),
    estimate: s.rowsEstimate === null ? '?' : `~${count(s.rowsEstimate)}`,
    speed: p.rowsPerSecond === null ? '?' : count(p.rowsPerSecond),
    left: s.state === 'processed' ? '0 s' : p.secondsLeft === null ? '?' : duration(p.secondsLeft),
    failed: s.counts.failed > 0 ? `, ${count(s.counts.failed)} failed` : '',
  };
}

function barView(stream: NodeJS.WriteStream): ProgressView {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{state} |{bar}| {pct}% | {rows} of {estimate} rows{failed} | {speed} rows/s | {left} left',
      hideCursor: true,
      barsize: 30,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(s) {
      const value = s.state === 'processed' ? totalOf(s) : s.counts.rowsRead;
      if (!started) {
        bar.start(totalOf(s), value, tokens(s));
        started = true;
        return;
      }
      bar.setTotal(totalOf(s));
      bar.update(value, tokens(s));
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

function lineView(stream: NodeJS.WriteStream): ProgressView {
  let last = 0;
  let lastState = '';
  return {
    update(s) {
      const now = Date.now();
      // A line when the state changes, and every few seconds while it runs.
      if (s.state === lastState && now - last < LINE_EVERY_MS) return;
      if (s.state === 'processed' || s.state === 'error' || s.state === 'cancelled') return;
      last = now;
      lastState = s.state;
      const t = tokens(s);
      if (s.state === 'waiting') {
        stream.write(`waiting for the import to start (${t.estimate} rows)…\n`);
        return;
      }
      const pct = s.progress.percent === null ? '' : ` (${Math.round(s.progress.percent)}%)`;
      stream.write(
        `importing: ${t.rows} of ${t.estimate} rows${pct}${t.failed}, ${t.speed} rows/s, ${t.left} left\n`,
      );
    },
    stop() {},
  };
}
