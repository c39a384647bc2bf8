import { afterEach, describe, expect, it, vi } from 'vitest';
import { repeat } from './repeat.js';

describe('repeat', () => {
  afterEach(() => vi.useRealTimers());

  it('runs first after firstMs, then everyMs after each run ends, and not after stop', async () => {
    vi.useFakeTimers();
    let runs = 0;
    const stop = repeat(
      async () => {
        runs++;
        if (runs === 2) throw new Error('a failing run does not stop the next');
      },
      1_000,
      10_000,
    );
    await vi.advanceTimersByTimeAsync(999);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(3);
    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toBe(3);
  });

  it('schedules no further run when stopped while one is under way', async () => {
    vi.useFakeTimers();
    let runs = 0;
    let finish = () => {};
    const stop = repeat(
      () => {
        runs++;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      1_000,
      1_000,
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(1);
    stop();
    finish();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(1);
  });
});
