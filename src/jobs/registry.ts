// Every kind of background job, built once per process with what handlers need. Adding a job
// means adding its definition here; the queue creates its pg-boss queue at start.
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { Config } from '../server/config.js';
import type { JobDefinition, Queue } from './queue.js';
import { importContactsJobs } from '../modules/imports/job.js';
import { exportContactsJob } from '../modules/exports/job.js';
import { bulkActionJob } from '../modules/bulk/job.js';
import { duplicateScanJob } from '../modules/duplicate-scans/job.js';
import { listSchedulesJob } from '../modules/lists/schedule-job.js';
import { webhookDeliveryJob, webhookRetentionJob } from '../modules/webhooks/job.js';

export interface JobContext {
  db: Kysely<DB>;
  config: Config;
  log: FastifyBaseLogger;
  engine: 'pglite' | 'postgres';
  /** PostgreSQL's address, for jobs that run in a thread with connections of their own (imports). */
  databaseUrl?: string;
  /** The queue the jobs run on, for handlers that enqueue follow-up work. */
  queue(): Queue;
}

export function jobDefinitions(ctx: JobContext): JobDefinition<any>[] {
  return [
    ...importContactsJobs(ctx),
    exportContactsJob(ctx),
    bulkActionJob(ctx),
    duplicateScanJob(ctx),
    listSchedulesJob(ctx),
    webhookDeliveryJob(ctx),
    webhookRetentionJob(ctx),
  ];
}
