import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type RawBuilder,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import { fold, nameWords, searchText } from '../contacts/search-text.js';
import { deletes, likeEscape, parseQuery, phoneDigits, typoKeys } from './query.js';
import { searchPlan } from './search.js';

const words = (...ws: string[]) => ws.map((text) => ({ kind: 'word', text }));
const literal = (text: string) => ({ kind: 'literal', text });

describe('search text', () => {
  it('folds accents and case', () => {
    expect(fold('José NÚÑEZ Zoë')).toBe('jose nunez zoe');
    expect(fold('ADA Lovelace-Byron 42')).toBe('ada lovelace-byron 42');
  });

  it('keeps a name written with apostrophes or hyphens as one word too', () => {
    expect(nameWords('O’Brien')).toEqual(['o', 'brien', 'obrien']);
    expect(nameWords("Smith-Jones d'Arc")).toEqual(['smith', 'jones', 'd', 'arc', 'smithjones', 'darc']);
  });

  it('writes names, email words, custom words, literals and whole emails in their sections', () => {
    const text = searchText(
      {
        first_name: 'José',
        last_name: 'Núñez',
        company: 'Acme',
        external_id: 'CRM 0042',
        custom: {
          plan: 'Gold Plus',
          tier: 'VIP',
          colors: ['Red', 'Dark Blue'],
          vip: true,
          since: '2024-01-02',
          ltv: 42,
        },
      },
      [
        { channel: 'phone', normalized: '+12125550100' },
        { channel: 'email', normalized: 'jose.nunez83@mail.example.com' },
        { channel: 'twitter', normalized: 'jnunez' },
        { channel: 'email', normalized: 'jn@work.example' },
      ],
      [
        { key: 'plan', type: 'text' },
        { key: 'tier', type: 'select' },
        { key: 'colors', type: 'multiselect' },
        { key: 'vip', type: 'checkbox' },
        { key: 'since', type: 'date' },
        { key: 'ltv', type: 'number' },
      ],
    );
    expect(text.split('\t')).toEqual([
      ' jose nunez acme ',
      ' mail example jnunez jn work ',
      ' =gold =plus =vip =red =dark =blue ',
      ' #crm0042 #12125550100 #jose.nunez83@ #jnunez #jn@ ',
      ' jose.nunez83@mail.example.com jn@work.example ',
    ]);
  });

  it('accepts custom values as stored JSON and ignores fields without a definition', () => {
    const text = searchText(
      { last_name: 'Ng', custom: '{"plan":"Gold","other":"x"}' },
      [],
      [{ key: 'plan', type: 'text' }],
    );
    expect(text).toBe(' ng \t  \t =gold \t  \t  ');
  });
});

describe('query parsing', () => {
  it('splits words, folds them and drops what surrounds them', () => {
    expect(parseQuery('  Jon  SMTH ')).toEqual(words('jon', 'smth'));
    expect(parseQuery('"José", (Núñez)')).toEqual(words('jose', 'nunez'));
    expect(parseQuery("o'brien smith-jones")).toEqual(words('o', 'brien', 'smith', 'jones'));
  });

  it('reads phone numbers in any format as digits', () => {
    for (const q of ['(212) 555-0100', '212-555-0100', '2125550100', '212.555.0100'])
      expect(parseQuery(q)).toEqual([literal('2125550100')]);
    expect(parseQuery('+1 212 555 0100')).toEqual([literal('12125550100')]);
    expect(parseQuery('1-212-555-0100')).toEqual([literal('12125550100')]);
    expect(parseQuery('555-0100')).toEqual([literal('5550100')]);
    expect(parseQuery('smith 555-0100')).toEqual([...words('smith'), literal('5550100')]);
  });

  it('drops an international prefix or a national trunk 0 from whole numbers only', () => {
    expect(phoneDigits('+44 20 7946 0018')).toBe('442079460018');
    expect(phoneDigits('0044 20 7946 0018')).toBe('442079460018');
    expect(phoneDigits('011 44 20 7946 0018')).toBe('442079460018');
    expect(phoneDigits('020 7946 0018')).toBe('2079460018');
    expect(phoneDigits('0100')).toBe('0100');
  });

  it('keeps email fragments whole', () => {
    expect(parseQuery('jsmith@')).toEqual([literal('jsmith@')]);
    expect(parseQuery('J.Smith@Gmail.com')).toEqual([literal('j.smith@')]);
    expect(parseQuery('@gmail.com')).toEqual(words('gmail'));
    expect(parseQuery('@mail.acme.co.uk')).toEqual(words('mail', 'acme', 'co'));
    expect(parseQuery('gmail')).toEqual(words('gmail'));
    expect(parseQuery('gmail.com')).toEqual(words('gmail'));
    expect(parseQuery('john.smith')).toEqual(words('john', 'smith'));
    expect(parseQuery('j.r.r. tolkien')).toEqual(words('j', 'r', 'tolkien'));
    expect(parseQuery('jsmith83')).toEqual([literal('jsmith83')]);
  });

  it('finds nothing to search for in punctuation, wildcards, quotes and emoji', () => {
    for (const q of ['%', '_', '\\', "'", '"', '%_%', "'; drop table contacts; --", '😀 🎉', '   '])
      expect(parseQuery(q), q).toEqual(
        q === "'; drop table contacts; --" ? words('drop', 'table', 'contacts') : [],
      );
  });

  it('bounds long queries', () => {
    // 200 characters are read: 18 times the word, and the start of the 19th.
    expect(parseQuery('abcdefghij '.repeat(40))).toEqual(words('abcdefghij', 'ab'));
    expect(parseQuery('a b c d e f g h i j k')).toHaveLength(6);
    expect(parseQuery('x'.repeat(500))[0].text).toHaveLength(40);
  });

  it('keeps a short fragment with @ or digits as words', () => {
    expect(parseQuery('a@')).toEqual(words('a'));
    expect(parseQuery('x5')).toEqual(words('x5'));
  });
});

describe('typo keys', () => {
  it('are the word and its one-letter deletes', () => {
    expect(deletes('smth')).toEqual(['mth', 'sth', 'smh', 'smt']);
    expect(deletes('anna')).toEqual(['nna', 'ana', 'ann']);
    expect(typoKeys('smth')).toEqual(['smth', 'mth', 'sth', 'smh', 'smt']);
  });
  it('are the word alone for three letters, and none for shorter words and numbers', () => {
    expect(typoKeys('jon')).toEqual(['jon']);
    expect(typoKeys('jo')).toBeNull();
    expect(typoKeys('1234')).toBeNull();
    expect(typoKeys('x'.repeat(21))).toBeNull();
  });
});

const compiler = new Kysely<any>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});
const compile = (e: RawBuilder<unknown>) => e.compile(compiler);

describe('search plan', () => {
  it('is null for a blank query and matches nothing when nothing can be searched', () => {
    expect(searchPlan('  ')).toBeNull();
    expect(compile(searchPlan('%_%')!.where).sql).toBe('false');
  });

  it('sends user text as parameters, with LIKE wildcards escaped', () => {
    expect(likeEscape('50%_a\\b')).toBe('50\\%\\_a\\\\b');
    const { sql, parameters } = compile(searchPlan("o'hara_1%@x")!.where);
    expect(sql).not.toContain('hara');
    expect(parameters).toContain("%o'hara\\_1\\%@%");
  });

  it('looks words up in the word index and literals in the substring index, both on contact_search', () => {
    const { sql, parameters } = compile(searchPlan('jon smth 555-0100', 'ws')!.where);
    expect(sql).toMatch(/^exists \(select 1 from contact_search s/);
    expect(sql).toMatch(/array_to_tsvector\(.*s.search_text.*\) @@ \(select/s);
    expect(sql).toContain("split_part(s.search_text, E'\\t', 4) like");
    expect(sql).not.toContain('c.search_text');
    expect(parameters).toEqual(
      expect.arrayContaining(["('jon':* | '=jon'", "('smth':* | '=smth'", '%5550100%']),
    );
  });
});
