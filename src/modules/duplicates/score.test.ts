import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePoint } from '../contacts/normalize.js';
import { countNameFrequencies } from './frequencies.js';
import { DEFAULT_THRESHOLD, describeReason, scorePair, type DupeRecord, type ReasonCode } from './score.js';

let nextId = 0;
const person = (fields: Omit<DupeRecord, 'id'>): DupeRecord => ({ id: `r${++nextId}`, ...fields });

const katherine = person({
  firstName: 'Katherine',
  lastName: 'Moreno',
  company: 'Acme Inc',
  city: 'Denver',
  birthDate: '1984-03-12',
  phones: ['+13035550142'],
  emails: ['kmoreno@example.com'],
});
/** Only her name: every other field missing. */
const namesOnly = (first: string, last: string, more: Partial<DupeRecord> = {}) =>
  person({ firstName: first, lastName: last, ...more });

const score = (a: DupeRecord, b: DupeRecord) => scorePair(a, b)?.score ?? 0;
const codes = (a: DupeRecord, b: DupeRecord): ReasonCode[] =>
  scorePair(a, b)?.reasons.map((r) => r.code) ?? [];

describe('shared phone or email', () => {
  it('is a match on its own, as the caller normalised it', () => {
    const phone = normalizePoint('phone', '(303) 555-0142', 'US');
    expect(phone).toEqual({ normalized: '+13035550142' });
    const other = person({ phones: ['normalized' in phone ? phone.normalized : ''] });
    expect(score(katherine, other)).toBeGreaterThanOrEqual(0.95);
    expect(scorePair(katherine, other)?.reasons).toContainEqual({
      code: 'same_phone',
      detail: '+13035550142',
    });
    expect(score(katherine, person({ emails: ['kmoreno@example.com'] }))).toBeGreaterThanOrEqual(0.95);
  });

  it('is not enough when the first names clearly differ: a household shares its phone', () => {
    const husband = namesOnly('Daniel', 'Moreno', { phones: ['+13035550142'], city: 'Denver' });
    expect(score(katherine, husband)).toBeLessThan(DEFAULT_THRESHOLD);
    expect(codes(katherine, husband)).toContain('different_name');
  });

  it('survives a married name when phone and email agree', () => {
    const married = namesOnly('Katherine', 'Olsen', {
      phones: ['+13035550142'],
      emails: ['kmoreno@example.com'],
    });
    expect(score(katherine, married)).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });
});

describe('names with other evidence', () => {
  it('match through typos', () => {
    for (const [first, last] of [
      ['Katherine', 'Morenp'],
      ['Kahterine', 'Moreno'],
      ['Katherine', 'Mreno'],
    ]) {
      const typo = namesOnly(first, last, { company: 'Acme Inc', city: 'Denver' });
      expect(score(katherine, typo), `${first} ${last}`).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    }
  });

  it('match swapped first and last names', () => {
    const swapped = namesOnly('Moreno', 'Katherine', { company: 'ACME', city: 'Denver' });
    expect(score(katherine, swapped)).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(codes(katherine, swapped)).toContain('swapped_names');
  });

  it('match nicknames and initials', () => {
    const kate = namesOnly('Kate', 'Moreno', { city: 'Denver', company: 'Acme' });
    expect(score(katherine, kate)).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(codes(katherine, kate)).toContain('nickname');
    const initial = namesOnly('K.', 'Moreno', { birthDate: '1984-03-12', city: 'Denver' });
    expect(score(katherine, initial)).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(codes(katherine, initial)).toEqual(expect.arrayContaining(['initial', 'same_birth_date']));
  });

  it('ignore case, accents and company legal forms', () => {
    const a = namesOnly('JOSÉ', 'GARCÍA', { company: 'ACME Incorporated' });
    const b = namesOnly('Jose', 'Garcia', { company: 'Acme, Inc.', city: 'Austin' });
    expect(codes(a, b)).toEqual(['same_name', 'same_company']);
    expect(score(a, b)).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('take a name written in one field', () => {
    const oneField = person({ firstName: 'Katherine Moreno', city: 'Denver', company: 'Acme' });
    expect(codes(katherine, oneField)).toContain('same_name');
    expect(score(katherine, oneField)).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('need more than a name: missing fields leave a same-name pair below the threshold', () => {
    const bare = namesOnly('Katherine', 'Moreno');
    expect(score(katherine, bare)).toBeGreaterThan(0);
    expect(score(katherine, bare)).toBeLessThan(DEFAULT_THRESHOLD);
    expect(
      score(katherine, namesOnly('Katherine', 'Moreno', { birthDate: '1984-03-12' })),
    ).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });
});

describe('evidence against', () => {
  it('a clearly different birth date vetoes, whatever else agrees', () => {
    const mother = { ...katherine, id: 'mother', birthDate: '1958-11-02' };
    expect(score(katherine, mother)).toBeLessThan(0.2);
    expect(codes(katherine, mother)).toContain('different_birth_date');
  });

  it('a birth date one typo away does not veto', () => {
    const typo = { ...katherine, id: 'typo', birthDate: '1984-03-13' };
    const dayMonth = { ...katherine, id: 'swapped', birthDate: '1984-12-03' };
    expect(score(katherine, typo)).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(score(katherine, dayMonth)).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('different people sharing a common name stay apart', () => {
    const john1 = namesOnly('John', 'Smith', {
      city: 'New York',
      phones: ['+12125550100'],
      emails: ['js@a.com'],
    });
    const john2 = namesOnly('John', 'Smith', {
      city: 'New York',
      phones: ['+12125550199'],
      emails: ['js@b.com'],
    });
    expect(score(john1, john2)).toBeLessThan(DEFAULT_THRESHOLD);
    const john3 = namesOnly('John', 'Smith', { city: 'Boston', company: 'Initech' });
    expect(score(john1, john3)).toBeLessThan(0.5);
  });

  it('knows "Christian" and "Christina" are two names, not a typo', () => {
    const a = namesOnly('Christian', 'Moreno', { phones: ['+13035550142'] });
    const b = namesOnly('Christina', 'Moreno', { phones: ['+13035550142'] });
    expect(score(a, b)).toBeLessThan(DEFAULT_THRESHOLD);
  });

  it('returns null when nothing suggests one person', () => {
    expect(
      scorePair(katherine, namesOnly('Wei', 'Chen', { company: 'Acme Inc', city: 'Denver' })),
    ).toBeNull();
    expect(scorePair(person({}), person({}))).toBeNull();
  });
});

describe('name frequencies', () => {
  // A workspace where John and Smith are common and Yasvenpa is rare.
  const crowd = [
    ...Array.from({ length: 300 }, (_, i) => namesOnly('John', `Name${i}`)),
    ...Array.from({ length: 200 }, (_, i) => namesOnly(`Name${i}`, 'Smith')),
    ...Array.from({ length: 1500 }, (_, i) => namesOnly(`Given${i}`, `Family${i}`)),
  ];
  const rareA = namesOnly('Ripamu', 'Yasvenpa');
  const rareB = namesOnly('Ripamu', 'Yasvenpa');
  const frequencies = countNameFrequencies([...crowd, rareA, rareB]);

  it('let a rare shared name count for more and a common one for less', () => {
    expect(scorePair(rareA, rareB, { frequencies })!.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    const john1 = namesOnly('John', 'Smith', { city: 'New York', company: 'Initech' });
    const john2 = namesOnly('John', 'Smith', { city: 'New York', company: 'Initech' });
    expect(scorePair(john1, john2)!.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(scorePair(john1, john2, { frequencies })!.score).toBeLessThan(DEFAULT_THRESHOLD);
  });
});

describe('scores', () => {
  const field = fc.option(fc.constantFrom('Ann', 'Anna', 'Bob', 'Robert', 'Smith', 'Smyth', 'J.', ''), {
    nil: null,
  });
  const record = fc.record({
    id: fc.uuid(),
    firstName: field,
    lastName: field,
    company: fc.option(fc.constantFrom('Acme Inc', 'ACME', 'Initech'), { nil: null }),
    city: fc.option(fc.constantFrom('Denver', 'Austin'), { nil: null }),
    birthDate: fc.option(fc.constantFrom('1984-03-12', '1984-03-13', '1950-01-01'), { nil: null }),
    phones: fc.array(fc.constantFrom('+13035550142', '+13035550143'), { maxLength: 2 }),
    emails: fc.array(fc.constantFrom('a@example.com', 'b@example.com'), { maxLength: 2 }),
  });

  it('are probabilities, the same both ways round', () => {
    fc.assert(
      fc.property(record, record, (a, b) => {
        const ab = scorePair(a, b);
        const ba = scorePair(b, a);
        expect(ab === null).toBe(ba === null);
        if (ab && ba) {
          expect(ab.score).toBeGreaterThanOrEqual(0);
          expect(ab.score).toBeLessThanOrEqual(1);
          expect(ab.score).toBeCloseTo(ba.score, 10);
          expect(ab.reasons.map((r) => r.code).sort()).toEqual(ba.reasons.map((r) => r.code).sort());
        }
      }),
    );
  });

  it('come with reasons people can read', () => {
    expect(describeReason({ code: 'same_phone', detail: '+13035550142' })).toBe('Same phone: +13035550142');
    expect(DEFAULT_THRESHOLD).toBeGreaterThan(0.5);
    expect(DEFAULT_THRESHOLD).toBeLessThan(1);
  });
});
