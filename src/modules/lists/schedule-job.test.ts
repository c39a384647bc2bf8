import { afterEach, describe, expect, it, vi } from 'vitest';
import { everyMinute } from './schedule-job.js';

describe('the list scheduler’s tick', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks a second into every minute until stopped', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-07T10:15:30.000Z'));
    const tick = vi.fn();
    const stop = everyMinute(tick);
    vi.advanceTimersByTime(30_000);
    expect(tick).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(tick).toHaveBeenCalledTimes(1);
    expect(new Date().toISOString()).toBe('2026-12-07T10:16:01.000Z');
    vi.advanceTimersByTime(120_000);
    expect(tick).toHaveBeenCalledTimes(3);
    stop();
    vi.advanceTimersByTime(600_000);
    expect(tick).toHaveBeenCalledTimes(3);
  });

  it('stops before the first tick too', () => {
    vi.useFakeTimers();
    const tick = vi.fn();
    everyMinute(tick)();
    vi.advanceTimersByTime(600_000);
    expect(tick).not.toHaveBeenCalled();
  });
});
