import { prepare, type DupeRecord } from './record.js';

// A shared rare name says more than a shared common one: two "Ripamu Yasvenpa" are likely one
// person, two "John Smith" in a big workspace are not. What matters is how many other people
// could carry the name: the expected number of namesakes, total × share(first) × share(last)
// (the term-frequency adjustment of Fellegi-Sunter record linkage, on the full name). The name
// weights in name-match.ts are for a name with TYPICAL_NAMESAKES; rarer names gain bits, commoner
// ones lose them.
//
// The counts are the workspace's own. In SQL, once per scan:
//   select first_name_norm, count(*) from contacts where workspace_id = $1 group by 1
// and the same for last names; countNameFrequencies() does the same over records in memory.

export interface NameFrequencies {
  /** Contacts in the workspace. */
  total: number;
  /** Contacts with this normalised given name (0 when none). */
  givenCount(name: string): number;
  familyCount(name: string): number;
}

/** Shares the name weights were set for: a given name every 200 people, a family name every 1,000. */
export const TYPICAL_GIVEN_SHARE = 1 / 200;
export const TYPICAL_FAMILY_SHARE = 1 / 1000;
/** Namesakes of a typical name in a workspace of 20,000 contacts, the size the weights were tuned at. */
export const TYPICAL_NAMESAKES = 20_000 * TYPICAL_GIVEN_SHARE * TYPICAL_FAMILY_SHARE;

// A rare name cannot stand in for all other evidence, nor a common one outweigh a shared company.
const MAX_RARITY_BITS = 6;

/**
 * Bits for an agreeing name whose given and family names have these counts (undefined: not known
 * to agree, so of typical frequency). Counts below 1 count as 1.
 */
export function rarityBits(
  frequencies: NameFrequencies,
  givenCount: number | undefined,
  familyCount: number | undefined,
): number {
  const n = Math.max(frequencies.total, 1);
  const given = givenCount === undefined ? TYPICAL_GIVEN_SHARE : Math.max(givenCount, 1) / n;
  const family = familyCount === undefined ? TYPICAL_FAMILY_SHARE : Math.max(familyCount, 1) / n;
  const bits = Math.log2(TYPICAL_NAMESAKES / (n * given * family));
  return Math.max(-MAX_RARITY_BITS, Math.min(MAX_RARITY_BITS, bits));
}

/** Name counts over a set of records (a workspace scan in memory, a test, the benchmark). */
export function countNameFrequencies(records: Iterable<DupeRecord>): NameFrequencies {
  const given = new Map<string, number>();
  const family = new Map<string, number>();
  let total = 0;
  for (const record of records) {
    const p = prepare(record);
    total++;
    if (p.first) given.set(p.first, (given.get(p.first) ?? 0) + 1);
    if (p.last) family.set(p.last, (family.get(p.last) ?? 0) + 1);
  }
  return {
    total,
    givenCount: (name) => given.get(name) ?? 0,
    familyCount: (name) => family.get(name) ?? 0,
  };
}
