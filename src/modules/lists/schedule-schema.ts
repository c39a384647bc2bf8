import { z } from 'zod';
import { TimeZone } from '../contacts/normalize.js';

// No body at all is the defaults, as an empty object is.
export const ScheduleSet = z.preprocess(
  (v) => v ?? {},
  z
    .object({
      cron: z
        .string('cron must be a cron expression such as "0 0 * * *"')
        .trim()
        .min(1, 'cron is empty')
        .max(200, 'cron must be at most 200 characters')
        .default('0 0 * * *')
        .describe(
          'Five fields, minute hour day-of-month month day-of-week, with *, lists, ranges, steps and names; default "0 0 * * *" (every day at 00:00)',
        ),
      timeZone: TimeZone.default('UTC').describe('The IANA time zone the cron is read in (default UTC)'),
    })
    .strict(),
);
export type ScheduleSet = z.infer<typeof ScheduleSet>;

export const ListSchedule = z
  .object({
    cron: z.string(),
    timeZone: z.string(),
    nextRunAt: z.string().nullable().describe('When the stored filter or segment runs next'),
    lastRunAt: z.string().nullable().describe('When it last ran, by hand or on schedule'),
    lastError: z.string().nullable().describe('Why the last scheduled run failed; null when it worked'),
  })
  .describe('Re-runs of the list’s filter or segment, adding new matches; null when off');
