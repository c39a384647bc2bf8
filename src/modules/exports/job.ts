import { z } from 'zod';
import type { JobDefinition } from '../../jobs/queue.js';
import type { JobContext } from '../../jobs/registry.js';
import { runExport } from './run.js';

const RETRY_LIMIT = 2;

const Payload = z.object({ workspaceId: z.uuid(), exportId: z.uuid() });
export type ExportJobPayload = z.infer<typeof Payload>;

/** Writes a requested export's file into the database (see run.ts). */
export function exportContactsJob(ctx: JobContext): JobDefinition<ExportJobPayload> {
  return {
    name: 'export-contacts',
    payload: Payload,
    retryLimit: RETRY_LIMIT,
    retryDelaySeconds: 10,
    // A million contacts take minutes; an hour leaves room on a busy machine.
    expireInSeconds: 60 * 60,
    handler: (payload, job) => runExport(ctx.db, ctx.log, payload, { last: job.attempt > RETRY_LIMIT }),
  };
}
