// The server under test as a process of its own (bench/server.ts), so the load generator does not
// share its event loop and the RSS measured is the server's alone.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import type { Engine } from './fresh-db.js';

/** The line bench/server.ts prints once it listens. */
export interface ServerInfo {
  url: string;
  token: string;
  workspaceId: string;
  engine: Engine;
  contacts: number;
  seedSeconds: number;
  dataDir?: string;
  samples: { id: string; last_name: string; phone: string | null }[];
}

/**
 * Starts bench/server.ts on a fresh database with `env` (BENCH_CONTACTS, BENCH_SAMPLES,
 * BENCH_JOBS), compiled as `npm start` runs the product (dist/node, built first if stale), as a
 * plain node process, so its pid is the server's.
 */
export function startBenchServer(
  engine: Engine,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; info: ServerInfo }> {
  execFileSync(process.execPath, ['scripts/ensure-build.mjs'], { stdio: ['ignore', 'inherit', 'inherit'] });
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), 'dist/node/bench/server.js'],
    {
      env: { ...process.env, ...env, BENCH_ENGINE: engine },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`bench server (${engine}) exited with ${code} before it was ready`)),
    );
    readline
      .createInterface({ input: child.stdout! })
      .once('line', (line) => resolve({ child, info: JSON.parse(line) }));
  });
}

export function stopBenchServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Peak and current RSS of a process, from /proc (Linux). */
export function rssOf(pid: number): { peakMb: number; nowMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peakMb: Math.round(kb('VmHWM') / 1024), nowMb: Math.round(kb('VmRSS') / 1024) };
}
