// The work of a duplicate scan job: read every contact of the workspace in id order, hand them
// to the engine (which blocks, scores and clusters off the main thread), and store the groups.
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { DuplicateCluster } from '../duplicates/cluster.js';
import { clusterPairs } from '../duplicates/cluster.js';
import { startDuplicateScan } from '../duplicates/find.js';
import * as repo from './repo.js';

export interface ScanJobPayload {
  workspaceId: string;
  scanId: string;
}

export interface RunOptions {
  /** Contacts read per statement pair. */
  batchSize: number;
}

/** Finished scans kept per workspace: the page shows the latest; older ones only cost space. */
const KEEP_SCANS = 3;
const CLUSTERS_PER_INSERT = 500;
const PROGRESS_EVERY_MS = 1000;

const pairKey = (a: string, b: string) => (a < b ? `${a} ${b}` : `${b} ${a}`);

/**
 * Groups without the pairs people dismissed since they were found (or before): what remains of
 * a group may fall apart into smaller ones, or to nothing.
 */
export function withoutDismissed(
  clusters: readonly DuplicateCluster[],
  dismissed: ReadonlySet<string>,
  threshold: number,
): DuplicateCluster[] {
  if (dismissed.size === 0) return [...clusters];
  return clusters.flatMap((c) =>
    c.pairs.some((p) => dismissed.has(pairKey(p.a, p.b)))
      ? clusterPairs(
          c.pairs.filter((p) => !dismissed.has(pairKey(p.a, p.b))),
          threshold,
        )
      : [c],
  );
}

/** Members ordered most linked first (the likeliest primary), then by id. */
export function linkOrder(cluster: DuplicateCluster): string[] {
  const links = new Map<string, number>();
  for (const p of cluster.pairs) {
    links.set(p.a, (links.get(p.a) ?? 0) + 1);
    links.set(p.b, (links.get(p.b) ?? 0) + 1);
  }
  return [...cluster.members].sort((x, y) => (links.get(y) ?? 0) - (links.get(x) ?? 0) || (x < y ? -1 : 1));
}

/** Progress goes to the scan row at most once a second, one write at a time. */
function progressWriter(db: Kysely<DB>, workspaceId: string, scanId: string) {
  let last = 0;
  let writing: Promise<void> = Promise.resolve();
  return {
    report(phase: string, done: number, force = false) {
      const now = Date.now();
      if (!force && now - last < PROGRESS_EVERY_MS) return;
      last = now;
      writing = writing
        .then(() => repo.updateScan(db, workspaceId, scanId, { phase, progress: Math.min(1, done) }))
        .catch(() => undefined); // progress is a courtesy: the scan goes on without it
    },
    settled: () => writing,
  };
}

export async function runScan(
  db: Kysely<DB>,
  log: FastifyBaseLogger,
  payload: ScanJobPayload,
  opts: RunOptions,
): Promise<void> {
  const { workspaceId, scanId } = payload;
  const scan = await repo.findScan(db, workspaceId, scanId);
  // Gone (workspace deleted) or finished by an earlier attempt: nothing to do.
  if (!scan || scan.state === 'done' || scan.state === 'error') return;
  await repo.updateScan(db, workspaceId, scanId, {
    state: 'running',
    phase: 'loading',
    progress: 0,
    started_at: new Date(),
  });

  const progress = progressWriter(db, workspaceId, scanId);
  const total = await repo.countContacts(db, workspaceId);
  const engine = startDuplicateScan({
    threshold: scan.threshold,
    expectedRecords: total,
    onProgress: (p) => progress.report(p.phase, p.done),
  });
  try {
    let read = 0;
    let after: string | null = null;
    for (;;) {
      const batch = await repo.recordBatch(db, workspaceId, after, opts.batchSize);
      if (batch.length === 0) break;
      await engine.add(batch);
      read += batch.length;
      after = batch[batch.length - 1].id;
      progress.report('loading', total ? read / total : 1);
    }
    const result = await engine.finish();
    progress.report('saving', 0, true);
    await progress.settled();

    const dismissed = await repo.allDismissals(db, workspaceId);
    const clusters = withoutDismissed(result.clusters, dismissed, scan.threshold);
    const rows = clusters.map((c, seq) => ({
      seq,
      score: Math.max(...c.pairs.map((p) => p.score)),
      members: linkOrder(c),
      pairs: c.pairs.map((p) => ({
        a: p.a,
        b: p.b,
        score: Math.round(p.score * 1000) / 1000,
        reasons: p.reasons,
      })),
    }));
    // The groups and the finished state appear together: a page never reads half a scan.
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += CLUSTERS_PER_INSERT)
        await repo.insertClusters(trx, workspaceId, scanId, rows.slice(i, i + CLUSTERS_PER_INSERT));
      await repo.updateScan(trx, workspaceId, scanId, {
        state: 'done',
        phase: null,
        progress: 1,
        contacts: result.records,
        comparisons: result.comparisons,
        clusters: rows.length,
        duplicates: rows.reduce((n, r) => n + r.members.length, 0),
        finished_at: new Date(),
      });
    });
    await repo.deleteOldScans(db, workspaceId, KEEP_SCANS);
    log.info({ workspaceId, scanId, ...result.timingsMs, clusters: rows.length }, 'duplicate scan done');
  } catch (err) {
    await engine.cancel();
    await progress.settled();
    log.error({ err, workspaceId, scanId }, 'duplicate scan failed');
    await repo.updateScan(db, workspaceId, scanId, {
      state: 'error',
      phase: null,
      error: 'The scan stopped on an unexpected error; start it again, and tell support if it repeats.',
      finished_at: new Date(),
    });
  }
}
