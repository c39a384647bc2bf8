// Import files are kept IMPORT_FILE_KEEP_DAYS after their import ends (or after an upload that was
// never started), then their bytes are deleted. The import stays, with its options, counts and
// failed rows (the error file is built from those), and shows when its file went; its preview and
// start answer 410. Nothing reads an ended import's file again, and files run to 200 MB each.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { repeat } from '../../lib/repeat.js';
import * as repo from './repo.js';

export interface PruneResult {
  /** Imports whose file was deleted. */
  files: number;
  /** Their files' sizes, summed. */
  bytes: number;
  /** False when the time budget ran out with files left (the next run takes them). */
  done: boolean;
}

/** Deletes the files past retention, one import per statement, within a time budget. */
export async function pruneImportFiles(
  db: Kysely<DB>,
  keepDays: number,
  opts: { now?: Date; budgetMs?: number } = {},
): Promise<PruneResult> {
  const result: PruneResult = { files: 0, bytes: 0, done: true };
  if (keepDays <= 0) return result; // 0 keeps files for good
  const before = new Date((opts.now ?? new Date()).getTime() - keepDays * 86_400_000);
  const until = Date.now() + (opts.budgetMs ?? 5 * 60_000);
  for (;;) {
    if (Date.now() > until) {
      result.done = false;
      break;
    }
    const gone = await repo.deleteOneOldFile(db, before);
    if (!gone) break;
    result.files++;
    result.bytes += gone.file_size;
  }
  // New uploads reuse the space now rather than at autovacuum's turn (PGlite has none).
  if (result.files > 0) await repo.vacuumChunks(db);
  return result;
}

/** How often a process that runs jobs prunes, after a first run a minute after it starts. */
export const PRUNE_FILES_EVERY_MS = 60 * 60_000;

/**
 * Prunes a minute after start (so a server restarted more often than hourly still prunes), then
 * hourly. Servers pruning at once take different imports (repo.deleteOneOldFile).
 */
export function pruneImportFilesEvery(
  db: Kysely<DB>,
  keepDays: number,
  report: { done(r: PruneResult): void; failed(err: unknown): void },
): () => void {
  const run = () => pruneImportFiles(db, keepDays).then((r) => r.files > 0 && report.done(r), report.failed);
  return repeat(run, 60_000, PRUNE_FILES_EVERY_MS);
}
