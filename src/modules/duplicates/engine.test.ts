import { describe, expect, it } from 'vitest';
import { forEachCandidatePair } from './candidates.js';
import { clusterPairs, type ScoredPair } from './cluster.js';
import { forEachCandidate, ScanEngine } from './engine.js';
import { findDuplicates } from './find.js';
import { countNameFrequencies } from './frequencies.js';
import { PairScorer } from './pair-scorer.js';
import { scorePair, type DupeRecord } from './score.js';
import { generateRecords } from './test-records.js';

// The engine (compact records, block index, fast scorer) against the reference composition:
// candidates.ts, scorePair() and clusterPairs(), one pair and one string at a time.

function reference(
  records: DupeRecord[],
  options: { threshold: number; maxBlockSize?: number; window?: number; frequencies?: boolean },
) {
  const frequencies = options.frequencies === false ? undefined : countNameFrequencies(records);
  const scored: ScoredPair[] = [];
  const blocks = forEachCandidatePair(
    records,
    (i, j) => {
      const s = scorePair(records[i], records[j], { frequencies });
      if (s && s.score >= options.threshold) {
        scored.push({ a: records[i].id, b: records[j].id, score: s.score, reasons: s.reasons });
      }
    },
    options,
  );
  return { clusters: clusterPairs(scored, options.threshold), blocks };
}

const pairsOf = (records: DupeRecord[], walk: typeof forEachCandidate, options = {}) => {
  const pairs: string[] = [];
  const stats = walk(records, (i, j) => pairs.push(`${i} ${j}`), options);
  return { pairs: pairs.sort(), stats };
};

describe('candidate pairs', () => {
  const records = generateRecords(3000, 7);

  it('are those of candidates.ts, block statistics included', () => {
    const ours = pairsOf(records, forEachCandidate);
    const theirs = pairsOf(records, forEachCandidatePair);
    expect(ours.pairs.length).toBeGreaterThan(1000);
    expect(ours.pairs).toEqual(theirs.pairs);
    expect(ours.stats).toEqual(theirs.stats);
  });

  it('are those of candidates.ts when many blocks are over the cap (sorted neighbourhoods)', () => {
    for (const options of [
      { maxBlockSize: 3, window: 2 },
      { maxBlockSize: 6, window: 4 },
    ]) {
      const ours = pairsOf(records, forEachCandidate, options);
      const theirs = pairsOf(records, forEachCandidatePair, options);
      expect(ours.stats.oversizeBlocks).toBeGreaterThan(50);
      expect(ours.pairs).toEqual(theirs.pairs);
      expect(ours.stats).toEqual(theirs.stats);
    }
  });
});

describe('the fast scorer', () => {
  it('gives scorePair() scores for every candidate pair, to the last bit', () => {
    const records = generateRecords(2000, 3);
    const frequencies = countNameFrequencies(records);
    const engine = new ScanEngine({ threshold: 0 });
    engine.add(records);
    const scorer = new PairScorer(engine.index(false).data, 0);
    let compared = 0;
    forEachCandidate(records, (i, j) => {
      const expected = scorePair(records[i], records[j], { frequencies })?.score ?? -1;
      expect(scorer.score(i, j)).toBe(expected);
      compared++;
    });
    expect(compared).toBeGreaterThan(500);
  });
});

describe('findDuplicates', () => {
  const records = generateRecords(4000, 11);

  it('finds the clusters of the reference at several thresholds and block caps', () => {
    for (const options of [
      { threshold: 0.8 },
      { threshold: 0.5 },
      { threshold: 0.95, maxBlockSize: 4, window: 3 },
    ]) {
      const ours = findDuplicates(records, options);
      const theirs = reference(records, options);
      expect(ours.clusters.length).toBeGreaterThan(100);
      expect(ours.clusters).toEqual(theirs.clusters);
      expect(ours.blocks).toEqual(theirs.blocks);
      expect(ours.comparisons).toBe(theirs.blocks.pairs);
      expect(ours.records).toBe(records.length);
    }
  });

  it('scores without the name counts when told to', () => {
    const ours = findDuplicates(records, { threshold: 0.8, frequencies: null });
    expect(ours.clusters).toEqual(reference(records, { threshold: 0.8, frequencies: false }).clusters);
  });

  it('takes records with missing and odd values', () => {
    const odd: DupeRecord[] = [
      { id: 'a' },
      { id: 'b', firstName: '', lastName: '', phones: [''], emails: [''] },
      { id: 'c', firstName: 'Ann', lastName: null, phones: [''] },
      { id: 'd', firstName: 'Ann Lee', phones: ['+1', '+1'] },
      { id: 'e', lastName: 'Ann Lee', phones: ['+1'], birthDate: 'not a date' },
      { id: 'f', firstName: '  ', lastName: '—', company: '  ', city: '.' },
    ];
    expect(findDuplicates(odd, { threshold: 0.5 }).clusters).toEqual(
      reference(odd, { threshold: 0.5 }).clusters,
    );
    expect(findDuplicates([]).clusters).toEqual([]);
  });
});
