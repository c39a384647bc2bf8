import { describe, expect, it } from 'vitest';
import { cronProblem, nextRunAt, tidyCron } from './schedule-cron.js';

describe('list schedule cron', () => {
  it('reads five fields with lists, ranges, steps and names', () => {
    for (const ok of ['0 0 * * *', '*/15 9-17 * * 1-5', '0 6,12,18 * * MON-FRI', ' 30  2 1 * * '])
      expect(cronProblem(ok), ok).toBeNull();
    expect(tidyCron(' 30  2 1 * * ')).toBe('30 2 1 * *');
  });

  it('refuses words, other field counts and values out of range, saying why', () => {
    expect(cronProblem('every day')).toMatch(/five fields/);
    expect(cronProblem('@daily')).toMatch(/five fields/);
    expect(cronProblem('0 0 0 * * *')).toMatch(/five fields/);
    expect(cronProblem('0 0 * *')).toMatch(/five fields/);
    expect(cronProblem('61 * * * *')).toMatch(/61.*0-59/);
    expect(cronProblem('0 0 30 2 *')).toMatch(/not a valid cron/);
  });

  it('finds the next run in the schedule’s time zone, daylight saving included', () => {
    const after = new Date('2026-03-28T12:00:00Z');
    expect(nextRunAt('0 0 * * *', 'UTC', after).toISOString()).toBe('2026-03-29T00:00:00.000Z');
    // Paris is UTC+1 on the 28th and UTC+2 from the 29th (clocks go forward at 02:00 local).
    expect(nextRunAt('0 0 * * *', 'Europe/Paris', after).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(nextRunAt('0 0 * * *', 'Europe/Paris', new Date('2026-03-29T00:00:00Z')).toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    );
    // Strictly after: a run due at 00:00 schedules the next day's, not itself again.
    expect(nextRunAt('0 0 * * *', 'UTC', new Date('2026-03-29T00:00:00Z')).toISOString()).toBe(
      '2026-03-30T00:00:00.000Z',
    );
    expect(nextRunAt('30 6 * * 1-5', 'America/New_York', after).toISOString()).toBe(
      '2026-03-30T10:30:00.000Z',
    );
  });
});
