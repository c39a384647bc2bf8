// The list scheduler: a pg-boss job that runs the due list schedules, sent once a minute by every
// server that runs jobs. pg-boss's own cron is off in this application (schedule: false), and a
// tick per minute is all cron needs. Servers sending the same tick is harmless: each due run is
// claimed once (schedule.ts).
import { z } from 'zod';
import type { JobDefinition } from '../../jobs/queue.js';
import type { JobContext } from '../../jobs/registry.js';
import { runDueSchedules } from './schedule.js';

const Payload = z.object({}).strict();

/** What senders need: the queue name and payload schema. */
export const LIST_SCHEDULES_JOB = { name: 'list-schedules', payload: Payload } as const;

export function listSchedulesJob(ctx: JobContext): JobDefinition<z.infer<typeof Payload>> {
  return {
    ...LIST_SCHEDULES_JOB,
    // The next tick is a minute away: a failed one is not worth retrying.
    retryLimit: 0,
    expireInSeconds: 60 * 60,
    handler: async () => {
      const runs = await runDueSchedules(ctx.db, {
        onError: (err) => ctx.log.error({ err }, 'list schedule run'),
      });
      for (const r of runs) ctx.log.info({ ...r }, 'list schedule ran');
    },
  };
}

/**
 * Calls `tick` at the start of every minute (a second past it, after cron's minute has begun)
 * until the returned function is called.
 */
export function everyMinute(tick: () => void): () => void {
  let interval: NodeJS.Timeout | undefined;
  const msToNextMinute = 60_000 - (Date.now() % 60_000) + 1000;
  const first = setTimeout(() => {
    tick();
    interval = setInterval(tick, 60_000);
    interval.unref();
  }, msToNextMinute);
  first.unref();
  return () => {
    clearTimeout(first);
    clearInterval(interval);
  };
}
