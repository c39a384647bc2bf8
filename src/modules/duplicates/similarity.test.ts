import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areNicknames, GIVEN_NAME_PAIR_COUNT, givenNameRoots } from './nicknames.js';
import { normalizeCompany, normalizeCity } from './record.js';
import { foldText, jaroWinkler, normalizeName, withinOneTypo } from './similarity.js';

describe('name normal form', () => {
  it('drops case, accents, apostrophes and punctuation', () => {
    expect(['José', 'JOSE', ' jose '].map(normalizeName)).toEqual(['jose', 'jose', 'jose']);
    expect(normalizeName('O’Brien')).toBe('obrien');
    expect(normalizeName("O'Brien")).toBe('obrien');
    expect(normalizeName('Smith-Jones')).toBe('smith jones');
    expect(normalizeName('J.')).toBe('j');
    expect(normalizeName('Mary   Ann')).toBe('mary ann');
    expect(normalizeName(null)).toBe('');
  });

  it('folds letters that NFD leaves whole', () => {
    expect(foldText('Sørensen')).toBe('sorensen');
    expect(foldText('Łukasz')).toBe('lukasz');
    expect(foldText('Strauß')).toBe('strauss');
  });

  it('reads company names without legal forms and cities without abbreviations', () => {
    const acme = ['ACME Incorporated', 'Acme, Inc.', 'The Acme Co', 'acme llc'].map(normalizeCompany);
    expect(new Set(acme)).toEqual(new Set(['acme']));
    expect(normalizeCompany('Johnson & Johnson')).toBe(normalizeCompany('Johnson and Johnson'));
    expect(normalizeCompany('The Company Ltd')).toBe('the company ltd');
    expect(normalizeCity('St. Louis')).toBe(normalizeCity('Saint Louis'));
    expect(normalizeCity('São Paulo')).toBe('sao paulo');
  });
});

describe('Jaro-Winkler', () => {
  it('gives the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 3);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
  });

  it('is 1 for equal strings, 0 for nothing in common or an empty side, and symmetric', () => {
    expect(jaroWinkler('smith', 'smith')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'smith')).toBe(0);
    expect(jaroWinkler('johnson', 'jonhson')).toBe(jaroWinkler('jonhson', 'johnson'));
  });
});

describe('one typo', () => {
  it('knows a changed, dropped, added or swapped letter', () => {
    expect(['smyth', 'smth', 'smitth', 'smtih'].map((t) => withinOneTypo('smith', t))).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });
  it('refuses two typos', () => {
    expect(withinOneTypo('smith', 'smtyh')).toBe(false);
    expect(withinOneTypo('smith', 'smi')).toBe(false);
  });

  it('agrees with optimal string alignment distance ≤ 1 on any strings', () => {
    // Distance by dynamic programming: slow and plain, the definition withinOneTypo() is fast for.
    const distance = (a: string, b: string) => {
      const d = Array.from({ length: a.length + 1 }, (_, i) =>
        Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
      );
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
          const cost = a[i - 1] === b[j - 1] ? 0 : 1;
          d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
            d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
          }
        }
      }
      return d[a.length][b.length];
    };
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 7 });
    fc.assert(fc.property(word, word, (a, b) => withinOneTypo(a, b) === distance(a, b) <= 1));
  });
});

describe('Jaro-Winkler on long and short strings in turn', () => {
  it('gives the same value whatever was compared before (its scratch space is reused)', () => {
    const long = 'the quick brown fox jumps over the lazy dog '.repeat(3);
    const short = jaroWinkler('martha', 'marhta');
    const longer = jaroWinkler(long, long.slice(1));
    expect(longer).toBeCloseTo(0.846, 3);
    expect(jaroWinkler('martha', 'marhta')).toBe(short);
    expect(jaroWinkler(long, long.slice(1))).toBe(longer);
  });
});

describe('nicknames', () => {
  it('link nicknames and spelling variants to their formal names', () => {
    const pairs = [
      ['bob', 'robert'],
      ['bill', 'william'],
      ['liz', 'elizabeth'],
      ['jim', 'james'],
      ['kate', 'katherine'],
      ['cathy', 'katherine'],
      ['mike', 'michael'],
      ['tony', 'anthony'],
      ['dick', 'richard'],
      ['peggy', 'margaret'],
      ['jon', 'jonathan'],
      ['jack', 'john'],
      ['pepe', 'jose'],
      ['sasha', 'alexander'],
      ['muhammad', 'mohammed'],
    ];
    for (const [nick, formal] of pairs) expect(areNicknames(nick, formal), `${nick} ~ ${formal}`).toBe(true);
  });

  it('link two nicknames of one name, but not two names through a shared nickname', () => {
    expect(areNicknames('bob', 'rob')).toBe(true);
    expect(areNicknames('al', 'albert')).toBe(true);
    expect(areNicknames('al', 'alan')).toBe(true);
    expect(areNicknames('albert', 'alan')).toBe(false);
    expect(areNicknames('john', 'james')).toBe(false);
    expect(areNicknames('robert', 'robert')).toBe(false);
  });

  it('cover at least 150 pairs; a name outside the table is its own root', () => {
    expect(GIVEN_NAME_PAIR_COUNT).toBeGreaterThanOrEqual(150);
    expect(givenNameRoots('bob')).toEqual(['robert']);
    expect(givenNameRoots('ripamu')).toEqual(['ripamu']);
  });
});
