import type { DupeRecord } from './record.js';

// Records for the engine's tests: people with duplicates (nicknames, typos, initials, swapped
// names, whole names in one field, accents, dropped or extra phones and emails) and the hard
// cases around them (households sharing a phone, namesakes, a switchboard number). Deterministic
// for a seed. The quality benchmark (bench/duplicates-quality.ts) has the realistic generator.

const FIRST = (
  'James|Jim|Robert|Bob|Mary|Maria|Katherine|Kathy|William|Bill|Elizabeth|Liz|José|Søren|Anne|Ann|' +
  'Christian|Christina|Daniel|Danielle|Mohammed|Muhammad|Li|Wei|Thomas|Anna|Ivan|Zoë'
).split('|');
const LAST = (
  "Smith|Smyth|Johnson|Jonson|García|Garcia|Müller|Mueller|O'Brien|Nguyen|Thomas|James|Sørensen|" +
  'Kowalski|Li|Wang|Martin|Moreno|Brown|de la Cruz'
).split('|');
const COMPANIES = [
  'Acme Inc',
  'ACME Incorporated',
  'The Acme Co',
  'Globex LLC',
  'Initech',
  'Umbrella Corp',
  '',
];
const CITIES = ['St. Louis', 'Saint Louis', 'Denver', 'New York', 'São Paulo', 'Berlin', ''];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateRecords(n: number, seed = 1): DupeRecord[] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const chance = (p: number) => r() < p;
  const typo = (s: string) => {
    const i = Math.floor(r() * s.length);
    return chance(0.5) ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + 'x' + s.slice(i);
  };
  const phone = () => `+1303555${String(Math.floor(r() * 10_000)).padStart(4, '0')}`;
  const date = () => `19${50 + Math.floor(r() * 50)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`;
  const records: DupeRecord[] = [];
  const people: DupeRecord[] = [];
  while (records.length < n) {
    const earlier = people.length ? pick(people) : null;
    const person: DupeRecord = {
      id: '',
      firstName: pick(FIRST),
      lastName: pick(LAST),
      company: chance(0.6) ? pick(COMPANIES) : null,
      city: chance(0.7) ? pick(CITIES) : null,
      birthDate: chance(0.4) ? date() : chance(0.05) ? '1900-01-01' : null,
      phones: chance(0.8) ? [phone()] : [],
      emails: chance(0.6) ? [`p${people.length}@example.com`] : [],
    };
    if (earlier && chance(0.05)) person.phones = [...(earlier.phones ?? []), ...(person.phones ?? [])];
    if (earlier && chance(0.02)) person.phones = ['+13035550000']; // a switchboard
    people.push(person);
    records.push(person);
    for (let copies = chance(0.3) ? 1 + Math.floor(r() * 3) : 0; copies > 0; copies--) {
      const copy: DupeRecord = {
        ...person,
        phones: [...(person.phones ?? [])],
        emails: [...(person.emails ?? [])],
      };
      const first = copy.firstName ?? '';
      const last = copy.lastName ?? '';
      const change = r();
      if (change < 0.1) copy.firstName = typo(first);
      else if (change < 0.2) copy.lastName = typo(last);
      else if (change < 0.25) copy.firstName = `${first[0]}.`;
      else if (change < 0.3) [copy.firstName, copy.lastName] = [last, first];
      else if (change < 0.35) [copy.firstName, copy.lastName] = [`${first} ${last}`, null];
      else if (change < 0.4) [copy.firstName, copy.lastName] = [first.toUpperCase(), last.toLowerCase()];
      if (chance(0.3)) copy.phones = [];
      if (chance(0.3)) copy.emails = [];
      if (chance(0.1)) copy.phones = [...(copy.phones ?? []), phone()];
      if (chance(0.3)) copy.company = null;
      if (chance(0.3)) copy.city = chance(0.5) ? null : pick(CITIES);
      records.push(copy);
    }
  }
  records.length = n;
  for (let i = records.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [records[i], records[j]] = [records[j], records[i]];
  }
  return records.map((x, i) => ({ ...x, id: `c${String(i).padStart(6, '0')}` }));
}
