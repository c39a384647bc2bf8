import { z } from 'zod';
import type { JobDefinition } from '../../jobs/queue.js';
import type { JobContext } from '../../jobs/registry.js';
import { runScan, type ScanJobPayload } from './run.js';

const Payload = z.object({ workspaceId: z.uuid(), scanId: z.uuid() });

/** What senders need: the queue name and payload schema. */
export const DUPLICATE_SCAN_JOB = { name: 'duplicate-scan', payload: Payload } as const;

/** Contacts per read: PGlite shares its one connection with the requests, so it reads less at a time. */
export const SCAN_BATCH = { postgres: 10_000, pglite: 2_000 } as const;

export function duplicateScanJob(ctx: JobContext): JobDefinition<ScanJobPayload> {
  return {
    ...DUPLICATE_SCAN_JOB,
    // A failed scan is marked failed and started again by a person: it is cheap to rerun.
    retryLimit: 0,
    expireInSeconds: 60 * 60,
    handler: (payload) => runScan(ctx.db, ctx.log, payload, { batchSize: SCAN_BATCH[ctx.engine] }),
  };
}
