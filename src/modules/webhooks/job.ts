// The delivery worker: a pg-boss job that sends what is due, so deliveries go out only from
// processes that run jobs (and tests that start none drive `deliverDue` themselves). Processes that
// run jobs look for due deliveries every few seconds and send the job when there are some
// (routes.ts); servers doing so at once is harmless, each delivery is claimed once (deliver.ts).
// The retention job deletes ended deliveries after KEEP_ENDED_DAYS; the same processes send it
// once an hour.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.js';
import type { JobDefinition } from '../../jobs/queue.js';
import type { JobContext } from '../../jobs/registry.js';
import { deliverAllDue } from './deliver.js';
import { deleteEndedDeliveries, dueWorkspaces, workspacesWithHooks } from './repo.js';

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
      const r = await deliverAllDue(ctx.db, {
        budgetMs: 60_000,
        allowPrivate: ctx.config.webhookAllowPrivate,
      });
      if (r.claimed > 0) ctx.log.info({ ...r }, 'webhook deliveries sent');
    },
  };
}

/** Whether any delivery of an active hook is due now. */
export const anyDue = async (db: Kysely<DB>) => (await dueWorkspaces(db, new Date(), 1)).length > 0;

/**
 * Deliveries that ended (succeeded or dead) are deleted this many days after their last attempt;
 * pending and failed ones (retries left) are kept until they end. The last attempt, not
 * created_at: it is when the delivery ended (the attempt that made it succeeded or dead), dead
 * ones have no delivered_at, and a manual retry of an old one starts its period again.
 */
export const KEEP_ENDED_DAYS = 30;

/** How often processes that run jobs send the retention job. */
export const PRUNE_EVERY_MS = 60 * 60_000;

export interface PruneOptions {
  /** Deletes ended deliveries last attempted before `now` minus KEEP_ENDED_DAYS (default: now). */
  now?: Date;
  /** Rows per delete statement (default 10,000): each is short, so no lock is held for long. */
  chunk?: number;
  /** Stops starting statements after this long (default 5 minutes); the rest waits an hour. */
  budgetMs?: number;
}

/** Deletes ended deliveries past retention, workspace by workspace, in chunks; answers how many. */
export async function pruneEndedDeliveries(db: Kysely<DB>, opts: PruneOptions = {}) {
  const before = new Date((opts.now ?? new Date()).getTime() - KEEP_ENDED_DAYS * 86_400_000);
  const chunk = opts.chunk ?? 10_000;
  const until = Date.now() + (opts.budgetMs ?? 5 * 60_000);
  let deleted = 0;
  for (const ws of await workspacesWithHooks(db)) {
    for (;;) {
      if (Date.now() > until) return { deleted, done: false };
      const n = await deleteEndedDeliveries(db, ws, before, chunk);
      deleted += n;
      if (n < chunk) break;
    }
  }
  return { deleted, done: true };
}

/** What senders need: the queue name and payload schema. */
export const WEBHOOK_RETENTION_JOB = { name: 'webhook-retention', payload: Payload } as const;

export function webhookRetentionJob(ctx: JobContext): JobDefinition<z.infer<typeof Payload>> {
  return {
    ...WEBHOOK_RETENTION_JOB,
    // The next run is an hour away and picks up whatever this one left.
    retryLimit: 0,
    expireInSeconds: 15 * 60,
    handler: async () => {
      const r = await pruneEndedDeliveries(ctx.db);
      if (r.deleted > 0) ctx.log.info({ ...r }, 'webhook deliveries deleted after retention');
    },
  };
}
