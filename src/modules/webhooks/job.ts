// The delivery worker: a pg-boss job that sends what is due, so deliveries go out only from
// processes that run jobs (and tests that start none drive `deliverDue` themselves). Processes that
// run jobs look for due deliveries every few seconds and send the job when there are some
// (routes.ts); servers doing so at once is harmless, each delivery is claimed once (deliver.ts).
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.js';
import type { JobDefinition } from '../../jobs/queue.js';
import type { JobContext } from '../../jobs/registry.js';
import { deliverAllDue } from './deliver.js';
import { dueWorkspaces } from './repo.js';

const Payload = z.object({}).strict();

/** What senders need: the queue name and payload schema. */
export const WEBHOOK_DELIVERY_JOB = { name: 'webhook-deliveries', payload: Payload } as const;

/** How often processes that run jobs look for due deliveries. */
export const LOOK_EVERY_MS = 2_000;

export function webhookDeliveryJob(ctx: JobContext): JobDefinition<z.infer<typeof Payload>> {
  return {
    ...WEBHOOK_DELIVERY_JOB,
    // Failed deliveries are retried by their own schedule, not by rerunning the job.
    retryLimit: 0,
    expireInSeconds: 5 * 60,
    handler: async () => {
      const r = await deliverAllDue(ctx.db, { budgetMs: 60_000 });
      if (r.claimed > 0) ctx.log.info({ ...r }, 'webhook deliveries sent');
    },
  };
}

/** Whether any delivery of an active hook is due now. */
export const anyDue = async (db: Kysely<DB>) => (await dueWorkspaces(db, new Date(), 1)).length > 0;
