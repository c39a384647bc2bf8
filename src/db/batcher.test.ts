import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher.js';

/** A batcher over plain functions that records each call it makes and answers when released. */
function recording(opts: { batch: number; inFlight: number; failBatchesWith?: string }) {
  const calls: string[][] = [];
  const pending: (() => void)[] = [];
  const later = <T>(value: () => T) =>
    new Promise<T>((resolve, reject) =>
      pending.push(() => {
        try {
          resolve(value());
        } catch (err) {
          reject(err);
        }
      }),
    );
  const batcher = new Batcher<string, string>(
    (inputs) => {
      calls.push(inputs);
      return later(() => {
        if (opts.failBatchesWith && inputs.includes(opts.failBatchesWith)) throw new Error('batch failed');
        return inputs.map((s) => s.toUpperCase());
      });
    },
    (input) => {
      calls.push([input]);
      return later(() => {
        if (input === opts.failBatchesWith) throw new Error(`bad input ${input}`);
        return input.toUpperCase();
      });
    },
    opts,
  );
  /** Answers every call in flight, then lets the batcher start the next ones. */
  const release = async () => {
    for (const answer of pending.splice(0)) answer();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { batcher, calls, release, pending };
}

describe('Batcher', () => {
  it('runs a call at once when nothing is in flight, and those that queue behind it as one batch', async () => {
    const { batcher, calls, release } = recording({ batch: 10, inFlight: 1 });
    const answers = ['a', 'b', 'c', 'd'].map((s) => batcher.submit(s));
    expect(calls).toEqual([['a']]);
    await release();
    expect(calls).toEqual([['a'], ['b', 'c', 'd']]);
    await release();
    expect(await Promise.all(answers)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('keeps to its limits: batch size and batches in flight', async () => {
    const { batcher, calls, release } = recording({ batch: 2, inFlight: 2 });
    const answers = ['a', 'b', 'c', 'd', 'e', 'f'].map((s) => batcher.submit(s));
    // Each call finds a free slot until two are in flight; the rest wait for a slot.
    expect(calls).toEqual([['a'], ['b']]);
    await release();
    expect(calls.slice(2)).toEqual([
      ['c', 'd'],
      ['e', 'f'],
    ]);
    await release();
    expect(await Promise.all(answers)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
  });

  it('answers each call of a failed batch on its own: only the bad one fails', async () => {
    const { batcher, calls, release, pending } = recording({ batch: 10, inFlight: 1, failBatchesWith: 'x' });
    const settled = Promise.allSettled(['a', 'b', 'x', 'c'].map((s) => batcher.submit(s)));
    await release(); // 'a' alone
    await release(); // the batch fails
    while (pending.length) await release(); // then one by one
    expect(calls).toEqual([['a'], ['b', 'x', 'c'], ['b'], ['x'], ['c']]);
    expect((await settled).map((s) => (s.status === 'fulfilled' ? s.value : String(s.reason)))).toEqual([
      'A',
      'B',
      'Error: bad input x',
      'C',
    ]);
  });
});
