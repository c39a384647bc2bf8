import { z } from 'zod';
import type { JobDefinition } from '../../jobs/queue.js';
import type { JobContext } from '../../jobs/registry.js';
import { runBulkAction, type BulkJobPayload } from './service.js';

const Payload = z.object({ workspaceId: z.uuid(), bulkActionId: z.uuid() });

/**
 * Chunk sizes: PostgreSQL takes big set-based statements well; PGlite shares one connection and
 * the event loop with the requests, so its chunks stay small.
 */
export const BULK_CHUNK = { postgres: 5000, pglite: 1000 } as const;
/** Chunks written at once: PGlite has one connection; PostgreSQL writes one while another commits. */
export const BULK_CONCURRENCY = { postgres: 2, pglite: 1 } as const;

/** What senders need: the queue name and payload schema. */
export const BULK_ACTION_JOB = { name: 'bulk-action', payload: Payload } as const;

export function bulkActionJob(ctx: JobContext): JobDefinition<BulkJobPayload> {
  return {
    ...BULK_ACTION_JOB,
    retryLimit: 2,
    retryDelaySeconds: 10,
    expireInSeconds: 60 * 60,
    handler: (payload) =>
      runBulkAction(ctx.db, payload, {
        chunkSize: BULK_CHUNK[ctx.engine],
        concurrency: BULK_CONCURRENCY[ctx.engine],
        pauseMs: ctx.config.bulkPauseMs,
      }),
  };
}
