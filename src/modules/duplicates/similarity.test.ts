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
