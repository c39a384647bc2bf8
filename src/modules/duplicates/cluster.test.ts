import { describe, expect, it } from 'vitest';
import { clusterPairs, type ScoredPair } from './cluster.js';

const pair = (a: string, b: string, score: number): ScoredPair => ({
  a,
  b,
  score,
  reasons: [{ code: 'same_phone', detail: `${a}-${b}` }],
});

describe('clusters', () => {
  const pairs = [pair('c', 'b', 0.9), pair('a', 'b', 0.95), pair('e', 'd', 0.99), pair('f', 'g', 0.3)];

  it('join pairs transitively: a-b and b-c make one group of three', () => {
    const clusters = clusterPairs(pairs, 0.8);
    expect(clusters.map((c) => c.members)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
    expect(clusters[0].pairs.map((p) => [p.a, p.b])).toEqual([
      ['a', 'b'],
      ['b', 'c'],
    ]);
    expect(clusters[0].pairs[1].reasons).toEqual([{ code: 'same_phone', detail: 'c-b' }]);
  });

  it('leave out pairs below the threshold', () => {
    expect(clusterPairs(pairs, 0.92).map((c) => c.members)).toEqual([
      ['a', 'b'],
      ['d', 'e'],
    ]);
    expect(clusterPairs(pairs, 0.2).map((c) => c.members)).toContainEqual(['f', 'g']);
  });

  it('come out in the same order whatever order the pairs arrive in', () => {
    const chain = Array.from({ length: 50 }, (_, i) => pair(`id${i + 1}`, `id${i}`, 0.9));
    const expected = clusterPairs(chain, 0.8);
    expect(expected).toHaveLength(1);
    expect(expected[0].members).toHaveLength(51);
    expect(clusterPairs([...chain].reverse(), 0.8)).toEqual(expected);
    expect(clusterPairs([...chain.slice(25), ...chain.slice(0, 25)], 0.8)).toEqual(expected);
  });

  it('ignore a record paired with itself', () => {
    expect(clusterPairs([pair('a', 'a', 1)], 0.8)).toEqual([]);
  });
});
