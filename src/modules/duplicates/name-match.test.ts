import { describe, expect, it } from 'vitest';
import { compareFamilyNames, compareGivenNames, compareNames } from './name-match.js';
import { prepare } from './record.js';

const kind = (x: string, y: string) => compareGivenNames(x, y).kind;

describe('given names', () => {
  it('tell exact names, nicknames, initials, extra words and typos apart', () => {
    expect(kind('john', 'john')).toBe('exact');
    expect(kind('bill', 'william')).toBe('nickname');
    expect(kind('j', 'john')).toBe('initial');
    expect(kind('j r', 'john robert')).toBe('initial');
    expect(kind('mary ann', 'mary')).toBe('contains');
    expect(kind('john r', 'john robert')).toBe('contains');
    expect(kind('jhon', 'john')).toBe('typo');
    expect(kind('amy', 'amt')).toBe('typo');
    expect(kind('john', '')).toBe('missing');
  });

  it('count clearly different names strongly against', () => {
    expect(compareGivenNames('john', 'mary').bits).toBeLessThanOrEqual(-10);
    expect(compareGivenNames('christian', 'christina').bits).toBeLessThanOrEqual(-10);
    expect(compareGivenNames('louis', 'louise').bits).toBeLessThanOrEqual(-10);
  });

  it('rank agreement: exact > nickname > extra words > typo > initial > missing', () => {
    const bits = [
      ['john', 'john'],
      ['bill', 'william'],
      ['mary ann', 'mary'],
      ['jhon', 'john'],
      ['j', 'john'],
      ['john', ''],
    ].map(([x, y]) => compareGivenNames(x, y).bits);
    expect([...bits].sort((p, q) => q - p)).toEqual(bits);
    expect(bits[4]).toBeGreaterThan(0);
  });
});

describe('family names', () => {
  it('take no nicknames, but typos and double-barrelled names', () => {
    expect(compareFamilyNames('smith', 'smyth').kind).toBe('typo');
    expect(compareFamilyNames('smith jones', 'smith').kind).toBe('contains');
    expect(compareFamilyNames('bill', 'william').bits).toBeLessThan(0);
  });
});

describe('swapped names', () => {
  const read = (a: [string, string], b: [string, string]) =>
    compareNames(
      prepare({ id: 'a', firstName: a[0], lastName: a[1] }),
      prepare({ id: 'b', firstName: b[0], lastName: b[1] }),
    );

  it('are read swapped when that agrees better, at a small cost', () => {
    const swapped = read(['Katherine', 'Moreno'], ['Moreno', 'Katherine']);
    const direct = read(['Katherine', 'Moreno'], ['Katherine', 'Moreno']);
    expect(swapped.swapped).toBe(true);
    expect(swapped.bits).toBeGreaterThan(0);
    expect(swapped.bits).toBeLessThan(direct.bits);
  });

  it('are not read swapped when the names agree as given', () => {
    expect(read(['James', 'Thomas'], ['James', 'Thomas']).swapped).toBe(false);
  });
});
