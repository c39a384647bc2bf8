// Finding imports whose job was lost (its process was killed, or the queue lost the job) and
// sending them again: the job takes over from the last committed batch.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Queue } from '../../jobs/queue.js';
import { importJobFor } from './job.js';
import * as repo from './repo.js';

export async function resumeStaleImports(
  db: Kysely<DB>,
  queue: Queue,
  staleSeconds: number,
): Promise<number> {
  const stale = await repo.staleImports(db, staleSeconds);
  for (const s of stale) {
    await queue.send(importJobFor(s.rows_estimate), { workspaceId: s.workspace_id, importId: s.id });
    // An import still waiting its turn behind a long one counts as fresh again, so it is not sent
    // once more at every check; a dead running one is claimed by the job just sent.
    if (s.state === 'waiting') await repo.updateImport(db, s.workspace_id, s.id, {});
  }
  return stale.length;
}

/**
 * Checks for lost imports now and then every half stale period. On PGlite no other process can
 * have the database open, so imports left running at start are dead and are taken over at once.
 */
export async function watchImports(
  db: Kysely<DB>,
  queue: Queue,
  opts: { staleSeconds: number; embedded: boolean; onError: (err: unknown) => void },
): Promise<() => void> {
  if (opts.embedded) await repo.releaseRunningImports(db);
  const check = () => resumeStaleImports(db, queue, opts.staleSeconds).catch(opts.onError);
  await check();
  const timer = setInterval(check, Math.max(1000, (opts.staleSeconds * 1000) / 2));
  timer.unref();
  return () => clearInterval(timer);
}
