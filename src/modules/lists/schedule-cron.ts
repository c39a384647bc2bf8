// Cron expressions for list schedules: five fields (minute hour day-of-month month day-of-week)
// with *, lists, ranges, steps and names, read in an IANA time zone. Parsing and "when next" come
// from cron-parser (4.x, the version pg-boss already brings); this file only insists on exactly
// five fields, because cron-parser also reads six (seconds first) and even four.
import cronParser from 'cron-parser';

export const DEFAULT_CRON = '0 0 * * *';
export const DEFAULT_SCHEDULE_ZONE = 'UTC';

const HOW =
  'five fields: minute hour day-of-month month day-of-week, e.g. "0 0 * * *" for every day at 00:00';

/** One space between fields: how a schedule is stored and shown. */
export const tidyCron = (cron: string) => cron.trim().split(/\s+/).join(' ');

/** The first time strictly after `after` that the cron matches, in the zone. Throws when it never does. */
export function nextRunAt(cron: string, timeZone: string, after: Date): Date {
  return cronParser.parseExpression(tidyCron(cron), { currentDate: after, tz: timeZone }).next().toDate();
}

/** Why `cron` cannot be a list schedule, or null when it can. */
export function cronProblem(cron: string): string | null {
  const fields = tidyCron(cron).split(' ').filter(Boolean);
  if (fields.length !== 5) return `"${cron}" is not a cron expression: give ${HOW}`;
  try {
    nextRunAt(cron, DEFAULT_SCHEDULE_ZONE, new Date());
    return null;
  } catch (err) {
    // cron-parser says which field is wrong ("got value 61 expected range 0-59").
    const why = err instanceof Error ? err.message.replace(/^Error: /, '') : String(err);
    return `"${cron}" is not a valid cron expression (${why}): give ${HOW}`;
  }
}
