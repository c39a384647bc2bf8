import { describe, expect, it } from 'vitest';
import { findDuplicates, ScanCancelledError, startDuplicateScan, type ScanOptions } from './find.js';
import type { DupeRecord } from './record.js';
import { generateRecords } from './test-records.js';

// The scan runs in worker threads (tsx loads them from the TypeScript sources, as in the server).

type Progress = Parameters<NonNullable<ScanOptions['onProgress']>>[0];

async function scanInBatches(records: DupeRecord[], sizes: number[], options: ScanOptions = {}) {
  const scan = startDuplicateScan(options);
  let at = 0;
  for (let k = 0; at < records.length; k++) {
    const size = sizes[k % sizes.length];
    await scan.add(records.slice(at, at + size));
    at += size;
  }
  return scan.finish();
}

describe('a streaming duplicate scan', () => {
  const records = generateRecords(6000, 5);
  const expected = findDuplicates(records, { threshold: 0.8 });

  it('finds the clusters findDuplicates() finds, pairs and reasons included, with one thread or two', async () => {
    expect(expected.clusters.length).toBeGreaterThan(200);
    for (const threads of [1, 2]) {
      const result = await scanInBatches(records, [1000, 0, 1, 2999, 7000], { threshold: 0.8, threads });
      expect(result.clusters).toEqual(expected.clusters);
      expect(result.comparisons).toBe(expected.comparisons);
      expect(result.blocks).toEqual(expected.blocks);
      expect(result.records).toBe(records.length);
    }
  });

  it('takes batches of any size, empty ones included, and a scan of nothing', async () => {
    const result = await scanInBatches(records, [0, 1, 13, 12_000], { threshold: 0.8 });
    expect(result.clusters).toEqual(expected.clusters);
    const empty = startDuplicateScan();
    await empty.add([]);
    const nothing = await empty.finish();
    expect(nothing.clusters).toEqual([]);
    expect(nothing.records).toBe(0);
  });

  it('reports progress through the phases in order, each from 0 to 1', async () => {
    const seen: Progress[] = [];
    await scanInBatches(records, [1500], {
      threshold: 0.8,
      threads: 2,
      expectedRecords: records.length,
      onProgress: (p) => seen.push(p),
    });
    const phases = ['loading', 'blocking', 'scoring', 'clustering'];
    expect([...new Set(seen.map((p) => p.phase))]).toEqual(phases);
    const order = seen.map((p) => phases.indexOf(p.phase));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const p of seen) {
      expect(p.done).toBeGreaterThanOrEqual(0);
      expect(p.done).toBeLessThanOrEqual(1);
    }
    for (const phase of phases) expect(seen).toContainEqual({ phase, done: 1 });
    expect(seen.filter((p) => p.phase === 'loading').length).toBeGreaterThanOrEqual(4);
  });

  it('can be cancelled while loading or while finishing, and then refuses work', async () => {
    const loading = startDuplicateScan();
    await loading.add(records);
    await loading.cancel();
    await expect(loading.add(records)).rejects.toBeInstanceOf(ScanCancelledError);
    await expect(loading.finish()).rejects.toBeInstanceOf(ScanCancelledError);

    const finishing = startDuplicateScan({ threads: 2 });
    await finishing.add(generateRecords(60_000, 9));
    const result = expect(finishing.finish()).rejects.toBeInstanceOf(ScanCancelledError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await finishing.cancel();
    await result;
  });

  it('refuses records after finish and a second finish', async () => {
    const scan = startDuplicateScan();
    await scan.add(records.slice(0, 100));
    await scan.finish();
    await expect(scan.add(records.slice(0, 1))).rejects.toThrow(/after finish/);
    await expect(scan.finish()).rejects.toThrow(/twice/);
  });

  it('stays linear on a giant block: 5,000 contacts sharing one phone', async () => {
    const switchboard: DupeRecord[] = Array.from({ length: 5000 }, (_, i) => ({
      id: `s${String(i).padStart(5, '0')}`,
      firstName: `Given${i}`,
      lastName: `Family${i % 250}`,
      city: ['Denver', 'Boston', 'Austin'][i % 3],
      phones: ['+13035550100'],
    }));
    const started = performance.now();
    const result = await scanInBatches([...switchboard, ...records], [5000], { threshold: 0.8 });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(result.blocks.largestBlock).toBe(5000);
    expect(result.blocks.byKind.p.largest).toBe(5000);
    // All against all would be 12.5M pairs; a window of 20 neighbours is at most 100,000.
    expect(result.blocks.byKind.p.pairs).toBeLessThanOrEqual(5000 * 20 + expected.blocks.byKind.p.pairs);
    expect(result.comparisons).toBeLessThan(expected.comparisons + 5000 * 20 * 8);
    expect(result.clusters).toEqual(
      findDuplicates([...switchboard, ...records], { threshold: 0.8 }).clusters,
    );
  });
});
