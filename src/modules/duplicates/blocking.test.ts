import { describe, expect, it } from 'vitest';
import { blockingKeys, nameCode } from './blocking.js';
import { forEachCandidatePair } from './candidates.js';
import type { DupeRecord } from './record.js';

let nextId = 0;
const rec = (fields: Omit<DupeRecord, 'id'>): DupeRecord => ({ id: `r${++nextId}`, ...fields });
const shared = (a: DupeRecord, b: DupeRecord) => blockingKeys(a).filter((k) => blockingKeys(b).includes(k));

function candidatePairs(records: DupeRecord[], maxBlockSize?: number) {
  const pairs: string[] = [];
  forEachCandidatePair(records, (i, j) => pairs.push(`${records[i].id}-${records[j].id}`), { maxBlockSize });
  return pairs;
}

describe('sound codes', () => {
  it('are Soundex-like: first letter and three consonant classes', () => {
    expect(nameCode('robert')).toBe('r163');
    expect(nameCode('rupert')).toBe('r163');
    expect(nameCode('smith')).toBe(nameCode('smyth'));
    expect(nameCode('johnson')).toBe(nameCode('jonson'));
    expect(nameCode('li')).toBe('l');
  });
});

describe('blocking keys', () => {
  const john = rec({
    firstName: 'John',
    lastName: 'Smith',
    phones: ['+12125550100'],
    emails: ['js@example.com'],
  });

  it('are shared by duplicates whatever one corruption they suffered', () => {
    const jonathan = rec({ firstName: 'Jonathan', lastName: 'Smithson' });
    const variants: [string, DupeRecord, Omit<DupeRecord, 'id'>][] = [
      ['typo in the last name', john, { firstName: 'John', lastName: 'Smiht' }],
      ['typo in the first letter of the last name', jonathan, { firstName: 'Jonathan', lastName: 'Mithson' }],
      ['typo in the first name', john, { firstName: 'Jhon', lastName: 'Smith' }],
      [
        'typo in the first letters of the first name',
        jonathan,
        { firstName: 'Ojnathan', lastName: 'Smithson' },
      ],
      ['swapped names', john, { firstName: 'Smith', lastName: 'John' }],
      ['nickname', john, { firstName: 'Jack', lastName: 'Smith' }],
      ['case and accents', john, { firstName: 'JÖHN', lastName: 'SMITH' }],
      ['same phone, other name', john, { firstName: 'J', lastName: 'Doe', phones: ['+12125550100'] }],
      ['same email, no name', john, { emails: ['js@example.com'] }],
    ];
    for (const [what, base, fields] of variants)
      expect(shared(base, rec(fields)).length, what).toBeGreaterThan(0);
  });

  it('leave different names apart', () => {
    expect(shared(john, rec({ firstName: 'Mary', lastName: 'Jones' }))).toEqual([]);
    expect(shared(john, rec({ firstName: 'Jane', lastName: 'Smith' }))).toEqual([
      expect.stringMatching(/^i:/), // the initials key: compared only when one side is a bare initial
    ]);
  });

  it('make no name key from half a name, which would block every "Smith" together', () => {
    expect(blockingKeys(rec({ lastName: 'Smith' }))).toEqual([]);
    expect(blockingKeys(rec({ firstName: 'John', phones: ['+12125550100'] }))).toEqual(['p:+12125550100']);
  });

  it('are deterministic and without repeats', () => {
    const keys = blockingKeys(rec({ firstName: 'Bob', lastName: 'Robert', phones: ['+1', '+1'] }));
    expect(new Set(keys).size).toBe(keys.length);
    expect(blockingKeys(john)).toEqual(blockingKeys({ ...john }));
  });
});

describe('candidate pairs', () => {
  it('hand over each pair once, however many keys it shares', () => {
    const a = rec({
      firstName: 'John',
      lastName: 'Smith',
      phones: ['+12125550100'],
      emails: ['js@example.com'],
    });
    const b = rec({
      firstName: 'John',
      lastName: 'Smith',
      phones: ['+12125550100'],
      emails: ['js@example.com'],
    });
    const c = rec({ firstName: 'Mary', lastName: 'Jones' });
    expect(candidatePairs([a, b, c])).toEqual([`${a.id}-${b.id}`]);
  });

  it('compare bare initials with full names of the same family name, not full names with each other', () => {
    const initial = rec({ firstName: 'J.', lastName: 'Smith' });
    const john = rec({ firstName: 'John', lastName: 'Smith' });
    const jane = rec({ firstName: 'Jane', lastName: 'Smith' });
    expect(candidatePairs([initial, john, jane]).sort()).toEqual(
      [`${initial.id}-${john.id}`, `${initial.id}-${jane.id}`].sort(),
    );
  });

  it('compare an over-size block by sorted neighbourhood, not all against all', () => {
    const switchboard = Array.from({ length: 40 }, (_, i) =>
      rec({ firstName: `Person${i}`, lastName: `Staff${i}`, city: `City${i % 4}`, phones: ['+12125550100'] }),
    );
    const pairs = candidatePairs(switchboard, 10);
    expect(pairs.length).toBeLessThan((40 * 39) / 2);
    expect(pairs.length).toBeGreaterThan(0);
    expect(new Set(pairs).size).toBe(pairs.length);
  });
});
