// Where a benchmark's figures go: JSON in bench/results/<name>-<date>.json (with the machine) and
// the same on stdout.
import fs from 'node:fs';
import os from 'node:os';

/** Runs `bench` on each engine in turn and writes the report. */
export async function runAndReport<E extends string, R>(
  name: string,
  engines: E[],
  bench: (engine: E) => Promise<R>,
) {
  const results: R[] = [];
  for (const engine of engines) results.push(await bench(engine));
  const report = {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    results,
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(
    `bench/results/${name}-${report.date.replace(/[:.]/g, '-')}.json`,
    JSON.stringify(report, null, 2),
  );
  console.log(JSON.stringify(report, null, 2));
  return report;
}

/** The nearest-rank percentile `p` (0–100) of values sorted ascending; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
