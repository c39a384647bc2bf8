// Duplicate-detection quality benchmark: no database, just src/modules/duplicates on synthetic
// people whose true identity is known. Blocking → scoring → clustering, then pairwise precision
// and recall against the truth, at DEFAULT_THRESHOLD and a sweep of thresholds, with timings.
//
//   npm run bench:dupes-quality                         # 20,000 records, seed 1
//   npm run bench:dupes-quality -- --n 2000 --seed 7    # CI size: a couple of seconds
//   npm run bench:dupes-quality -- --json               # the figures as JSON on stdout
//   npm run bench:dupes-quality -- --examples 10        # print some misses and false matches
//   … --max-block 100 (the block cap), --no-frequencies (score without the workspace's name counts)
//   … --engine scan (default: startDuplicateScan(), as the app runs it: in a process of its own,
//     bench/duplicates-engine.ts, fed from a file in batches of --batch records; --threads to
//     force the number of scoring threads), sync (findDuplicates() on this thread), reference
//     (candidates.ts and scorePair() one pair at a time: the engine before the scan was built)
//
// Besides quality it reports the engine's wall time (for a scan: adding every batch and finish()),
// its phases and its peak RSS (a scan's process, worker threads included; for the others the RSS
// before and the peak while they ran, sampled), and for a scan the longest stall of its caller's
// event loop.
//
// People (names from bench/names.ts: real-world frequencies and a long synthetic tail):
//   company 65% (Zipf over 3,000 companies, so big employers have many contacts), city 80%
//   (weighted list), birth date 45%, phones: 90% one US mobile and a quarter of those a second,
//   emails: 75% a personal one, and a fifth of those with a company a work one. Phones and emails
//   are unique per person unless shared on purpose below.
//
// Duplicates: 15% of people have 1-3 more records (60/28/12%), each copied from the first record
// or (30%) from an earlier duplicate, with each corruption drawn independently:
//   first name: nickname 12% (from this file's own list of names people go by, which includes some
//     the matcher does not know), initial only 3%, typo 8%; last name: typo 10%;
//     a typo is one letter changed, dropped, inserted or two swapped, anywhere in the name
//   first and last swapped 4%; whole name in the first-name field 2%; married name (new last
//     name, same phones and emails) 2%; upper or lower case 15%; accents dropped 50% when present
//   company dropped 30% or written another way 30% ("Inc" / "Incorporated" / "INC.", no suffix);
//   city dropped 30%; birth date dropped 40%, one digit wrong 3%
//   each phone dropped 35% (callers normalise formats to E.164, so a kept phone is the same
//   string), a new phone added 10%; each email dropped 35%, a new email added 10%
//
// Hard negatives (different people, counted against precision when matched):
//   namesakes 3%: the name of an earlier person whose first and last names are both real (listed)
//   ones, everything else their own; "common name" people 2%: first and last from the ten most
//   common of each (many John Smiths)
//   family 6%: an earlier person's last name and city, their home phone 60%, their email 10%,
//   their own first name and birth date
//   junior/senior 0.5%: an earlier person's first and last name and city, their phone 50%, born
//   20-35 years apart
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { blockingKeys } from '../src/modules/duplicates/blocking.js';
import {
  DEFAULT_MAX_BLOCK,
  forEachCandidatePair,
  type BlockStats,
} from '../src/modules/duplicates/candidates.js';
import { countNameFrequencies } from '../src/modules/duplicates/frequencies.js';
import { clusterPairs, type ScoredPair } from '../src/modules/duplicates/cluster.js';
import { forEachCandidate } from '../src/modules/duplicates/engine.js';
import { findDuplicates } from '../src/modules/duplicates/find.js';
import {
  DEFAULT_THRESHOLD,
  scorePair,
  type DupeRecord,
  type Reason,
  type ScoreOptions,
} from '../src/modules/duplicates/score.js';
import {
  AREA_CODES,
  EMAIL_DOMAIN_WEIGHTS,
  FIRST_NAME_WEIGHTS,
  LAST_NAME_WEIGHTS,
  TAIL_SYLLABLES,
} from './names.js';
import type { EngineRun } from './duplicates-engine.js';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    examples: { type: 'string', default: '0' },
    'no-frequencies': { type: 'boolean', default: false },
    'max-block': { type: 'string', default: String(DEFAULT_MAX_BLOCK) },
    engine: { type: 'string', default: 'scan' },
    batch: { type: 'string', default: '10000' },
    threads: { type: 'string' },
  },
});
if (!['scan', 'sync', 'reference'].includes(args.engine))
  throw new Error('--engine is scan, sync or reference');
const N = Number(args.n);
const SEED = Number(args.seed);
const SWEEP = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];

// mulberry32: small, fast, and the same sequence for the same seed on every machine.
let state = SEED >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const chance = (p: number) => random() < p;
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** Draws from weights per 1,000; what they leave is drawn from `rest`. */
function weighted(weights: readonly [string, number][], rest: () => string): () => string {
  const cumulative: number[] = [];
  let sum = 0;
  for (const [, w] of weights) cumulative.push((sum += w / 1000));
  return () => {
    const r = random();
    const i = cumulative.findIndex((c) => r < c);
    return i < 0 ? rest() : weights[i][0];
  };
}
const capitalise = (s: string) => s[0].toUpperCase() + s.slice(1);
const tailName = () =>
  capitalise(pick(TAIL_SYLLABLES) + pick(TAIL_SYLLABLES) + (chance(1 / 3) ? pick(TAIL_SYLLABLES) : ''));
const firstName = weighted(FIRST_NAME_WEIGHTS, tailName);
const lastName = weighted(LAST_NAME_WEIGHTS, tailName);
const LISTED_FIRST = new Set(FIRST_NAME_WEIGHTS.map(([n]) => n));
const LISTED_LAST = new Set(LAST_NAME_WEIGHTS.map(([n]) => n));
const COMMON_FIRST = FIRST_NAME_WEIGHTS.slice(0, 10).map(([n]) => n);
const COMMON_LAST = LAST_NAME_WEIGHTS.slice(0, 10).map(([n]) => n);

const CITIES: [string, number][] = [
  ['New York', 90],
  ['Los Angeles', 45],
  ['Chicago', 30],
  ['Houston', 25],
  ['Phoenix', 18],
  ['Philadelphia', 17],
  ['San Antonio', 16],
  ['San Diego', 15],
  ['Dallas', 14],
  ['San José', 11],
  ['Austin', 11],
  ['Jacksonville', 10],
  ['Fort Worth', 10],
  ['Columbus', 10],
  ['Charlotte', 10],
  ['San Francisco', 9],
  ['Indianapolis', 9],
  ['Seattle', 8],
  ['Denver', 8],
  ['Washington', 8],
  ['Boston', 7],
  ['Nashville', 7],
  ['Detroit', 7],
  ['Portland', 7],
  ['Las Vegas', 7],
  ['Memphis', 6],
  ['Louisville', 6],
  ['Baltimore', 6],
  ['Milwaukee', 6],
  ['Albuquerque', 6],
  ['St. Louis', 5],
  ['Atlanta', 5],
  ['Miami', 5],
  ['Minneapolis', 5],
  ['New Orleans', 4],
  ['Cleveland', 4],
  ['Pittsburgh', 4],
  ['Cincinnati', 4],
  ['London', 20],
  ['Toronto', 12],
  ['Berlin', 8],
  ['Paris', 8],
  ['Madrid', 6],
  ['México City', 8],
  ['São Paulo', 6],
  ['Mumbai', 6],
];
const cityTotal = CITIES.reduce((s, [, w]) => s + w, 0);
const city = weighted(
  CITIES.map(([c, w]) => [c, (w / cityTotal) * 1000]),
  () => 'New York',
);

const INDUSTRIES = ['Logistics', 'Foods', 'Labs', 'Systems', 'Partners', 'Health', 'Media', 'Bank', 'Motors'];
const LEGAL_FORMS = ['Inc', 'LLC', 'Ltd', 'Corp', 'Co', 'Group', 'GmbH', '', '', ''];
const COMPANIES = Array.from({ length: 3000 }, () =>
  `${tailName()} ${pick(INDUSTRIES)} ${pick(LEGAL_FORMS)}`.trim(),
);
// Zipf: the k-th company employs ~1/k as many contacts as the first.
const zipfTotal = COMPANIES.reduce((s, _, k) => s + 1 / (k + 1), 0);
function company(): string {
  let r = random() * zipfTotal;
  for (let k = 0; k < COMPANIES.length; k++) if ((r -= 1 / (k + 1)) <= 0) return COMPANIES[k];
  return COMPANIES[COMPANIES.length - 1];
}

const EMAIL_DOMAINS_TOTAL = EMAIL_DOMAIN_WEIGHTS.reduce((s, [, w]) => s + w, 0);
const emailDomain = weighted(
  EMAIL_DOMAIN_WEIGHTS.map(([d, w]) => [d, (w / EMAIL_DOMAINS_TOTAL) * 1000]),
  () => 'gmail.com',
);
const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

const usedPhones = new Set<string>();
const usedEmails = new Set<string>();
function newPhone(): string {
  for (;;) {
    const phone = `+1${pick(AREA_CODES)}${int(2, 9)}${String(int(0, 999999)).padStart(6, '0')}`;
    if (!usedPhones.has(phone)) return (usedPhones.add(phone), phone);
  }
}
function newEmail(first: string, last: string, domain: string): string {
  const [f, l] = [ascii(first) || 'x', ascii(last) || 'y'];
  const local = pick([`${f}.${l}`, `${f}${l}`, `${f[0]}${l}`, `${f}_${l}`, `${f}${l}${int(1, 99)}`]);
  for (let k = 0; ; k++) {
    const email = `${local}${k ? k + 1 : ''}@${domain}`;
    if (!usedEmails.has(email)) return (usedEmails.add(email), email);
  }
}
const companyDomain = (c: string) => `${ascii(c.split(' ')[0])}.com`;

function birthDate(): string {
  const y = int(1940, 2006);
  const m = int(1, 12);
  const d = int(1, new Date(Date.UTC(y, m, 0)).getUTCDate());
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
/** A parent's or child's birth date: years earlier or later, the 28th for a 29 February. */
function shiftYears(date: string, years: number): string {
  const year = Number(date.slice(0, 4));
  const shifted = year + years > 2010 ? year - years : year + years;
  return `${shifted}${date.slice(4).replace('-02-29', '-02-28')}`;
}

type Relation = 'namesake' | 'family' | 'junior/senior';
interface Person {
  id: number;
  first: string;
  last: string;
  company: string | null;
  city: string | null;
  birthDate: string | null;
  phones: string[];
  emails: string[];
  relation?: { kind: Relation; of: number };
}
interface TruthRecord extends DupeRecord {
  person: number;
  corruptions: string[];
}

function contactPoints(p: Person): void {
  if (chance(0.9)) {
    p.phones.push(newPhone());
    if (chance(0.25)) p.phones.push(newPhone());
  }
  if (chance(0.75)) p.emails.push(newEmail(p.first, p.last, emailDomain()));
  if (p.emails.length && p.company && chance(0.2)) {
    p.emails.push(newEmail(p.first, p.last, companyDomain(p.company)));
  }
}

function newPerson(id: number, people: Person[]): Person {
  const p: Person = {
    id,
    first: firstName(),
    last: lastName(),
    company: chance(0.65) ? company() : null,
    city: chance(0.8) ? city() : null,
    birthDate: chance(0.45) ? birthDate() : null,
    phones: [],
    emails: [],
  };
  const r = random();
  const earlier = people.length ? pick(people) : null;
  if (earlier && r < 0.03) {
    // Namesakes of real names: a synthetic tail name is rare by construction, so nobody shares it.
    const model = Array.from({ length: 20 }, () => pick(people)).find(
      (q) => LISTED_FIRST.has(q.first) && LISTED_LAST.has(q.last),
    );
    if (model) [p.first, p.last, p.relation] = [model.first, model.last, { kind: 'namesake', of: model.id }];
  } else if (earlier && r < 0.05) {
    [p.first, p.last] = [pick(COMMON_FIRST), pick(COMMON_LAST)];
  } else if (earlier && r < 0.11) {
    [p.last, p.city, p.relation] = [earlier.last, earlier.city, { kind: 'family', of: earlier.id }];
    if (chance(0.6) && earlier.phones.length) p.phones.push(earlier.phones[0]);
    if (chance(0.1) && earlier.emails.length) p.emails.push(earlier.emails[0]);
  } else if (earlier && r < 0.115) {
    [p.first, p.last, p.city] = [earlier.first, earlier.last, earlier.city];
    p.relation = { kind: 'junior/senior', of: earlier.id };
    if (chance(0.5) && earlier.phones.length) p.phones.push(earlier.phones[0]);
    p.birthDate = earlier.birthDate && p.birthDate ? shiftYears(earlier.birthDate, int(20, 35)) : p.birthDate;
  }
  contactPoints(p);
  return p;
}

// Names people go by, as people write them: written for this benchmark, not taken from the matcher.
const GOES_BY: Record<string, string[]> = {
  James: ['Jim', 'Jimmy', 'Jamie'],
  John: ['Johnny', 'Jack'],
  Robert: ['Bob', 'Bobby', 'Rob'],
  Michael: ['Mike', 'Mikey'],
  William: ['Bill', 'Will', 'Billy'],
  David: ['Dave'],
  Richard: ['Rick', 'Dick', 'Rich'],
  Joseph: ['Joe', 'Joey'],
  Thomas: ['Tom', 'Tommy'],
  Charles: ['Charlie', 'Chuck'],
  Christopher: ['Chris', 'Topher'],
  Daniel: ['Dan', 'Danny'],
  Matthew: ['Matt'],
  Anthony: ['Tony'],
  Steven: ['Steve'],
  Andrew: ['Andy', 'Drew'],
  Kenneth: ['Ken', 'Kenny'],
  Joshua: ['Josh'],
  Edward: ['Ed', 'Eddie', 'Ted'],
  Timothy: ['Tim'],
  Ronald: ['Ron'],
  Jeffrey: ['Jeff'],
  Nicholas: ['Nick'],
  Benjamin: ['Ben'],
  Samuel: ['Sam'],
  Gregory: ['Greg'],
  Alexander: ['Alex', 'Sasha'],
  Patrick: ['Pat'],
  Raymond: ['Ray'],
  Zachary: ['Zach', 'Zack'],
  Jonathan: ['Jon'],
  Douglas: ['Doug'],
  Peter: ['Pete'],
  Henry: ['Hank', 'Harry'],
  Jacob: ['Jake'],
  Nathan: ['Nate'],
  Kevin: ['Kev'],
  Tyler: ['Ty'],
  Lucas: ['Luke'],
  Ashley: ['Ash'],
  Elizabeth: ['Liz', 'Beth', 'Betty', 'Eliza'],
  Patricia: ['Pat', 'Patty', 'Trish'],
  Jennifer: ['Jen', 'Jenny'],
  Barbara: ['Barb'],
  Margaret: ['Maggie', 'Peggy', 'Meg'],
  Susan: ['Sue', 'Susie'],
  Jessica: ['Jess'],
  Katherine: ['Kate', 'Katie', 'Kathy'],
  Catherine: ['Cathy', 'Cate'],
  Deborah: ['Deb', 'Debbie'],
  Rebecca: ['Becky'],
  Stephanie: ['Steph'],
  Kimberly: ['Kim'],
  Samantha: ['Sam'],
  Victoria: ['Vicky', 'Tori'],
  Christina: ['Tina', 'Chrissy'],
  Amanda: ['Mandy'],
  Melissa: ['Missy', 'Mel'],
  Isabella: ['Bella', 'Izzy'],
  Sophia: ['Sophie'],
  Julia: ['Julie'],
  Evelyn: ['Evie'],
  Teresa: ['Terry', 'Tess'],
  Helen: ['Nell'],
  Lauren: ['Laurie'],
  Andrea: ['Andie'],
  Nicole: ['Nikki'],
  Sandra: ['Sandy'],
  José: ['Pepe'],
  Mohammed: ['Mohamed', 'Muhammad'],
  Ivan: ['Vanya'],
};

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** One typo anywhere in the name, keeping the case of the letter it replaces. */
function typo(name: string): string {
  if (name.length < 3) return name;
  const i = int(0, name.length - 1);
  const letter = (like: string) =>
    like === like.toUpperCase() ? pick([...LETTERS]).toUpperCase() : pick([...LETTERS]);
  switch (int(0, 3)) {
    case 0:
      return name.slice(0, i) + letter(name[i]) + name.slice(i + 1);
    case 1:
      return name.slice(0, i) + name.slice(i + 1);
    case 2:
      return name.slice(0, i) + letter(name[i]) + name.slice(i);
    default:
      return i < name.length - 1 ? name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2) : name;
  }
}

const COMPANY_FORMS: [RegExp, string[]][] = [
  [/ Inc$/, [' Incorporated', ' Inc.', ', Inc.', ' INC']],
  [/ LLC$/, [' L.L.C.', ', LLC', ' llc']],
  [/ Ltd$/, [' Limited', ' Ltd.', ' LTD']],
  [/ Corp$/, [' Corporation', ' Corp.']],
  [/ Co$/, [' Company', ' & Co.']],
  [/ Group$/, [' Grp', ' Group Inc']],
  [/ GmbH$/, [' GMBH', ' Gmbh']],
];
function companyVariant(c: string): string {
  if (chance(0.3)) return c.toUpperCase();
  for (const [form, variants] of COMPANY_FORMS) if (form.test(c)) return c.replace(form, pick(variants));
  return chance(0.5) ? `${c} Inc` : `The ${c}`;
}

function dateTypo(date: string): string {
  const positions = [2, 3, 6, 8, 9];
  const i = pick(positions);
  const digit = String((Number(date[i]) + int(1, 8)) % 10);
  return date.slice(0, i) + digit + date.slice(i + 1);
}

function duplicateOf(source: TruthRecord): TruthRecord {
  const tags: string[] = [];
  const tag = <T>(name: string, value: T) => (tags.push(name), value);
  let first = source.firstName ?? '';
  let last = source.lastName ?? '';
  const nick = GOES_BY[first];
  if (nick && chance(0.12)) first = tag('nickname', pick(nick));
  else if (first && chance(0.03)) first = tag('initial', `${first[0]}.`);
  else if (chance(0.08)) first = tag('typo first', typo(first));
  if (chance(0.1)) last = tag('typo last', typo(last));
  if (chance(0.02)) last = tag('married name', lastName());
  if (chance(0.15))
    [first, last] = tag(
      'case',
      chance(0.5) ? [first.toUpperCase(), last.toUpperCase()] : [first.toLowerCase(), last.toLowerCase()],
    );
  if (/[^\p{ASCII}]/u.test(first + last) && chance(0.5)) {
    const strip = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');
    [first, last] = tag('accents dropped', [strip(first), strip(last)]);
  }
  let firstName: string | null = first;
  let lastNameField: string | null = last;
  const layout = random();
  if (layout < 0.04) [firstName, lastNameField] = tag('swapped', [last, first]);
  else if (layout < 0.06) [firstName, lastNameField] = tag('name in one field', [`${first} ${last}`, null]);

  let companyField = source.company ?? null;
  const companyDraw = random();
  if (companyField && companyDraw < 0.3) companyField = tag('company dropped', null);
  else if (companyField && companyDraw < 0.6)
    companyField = tag('company variant', companyVariant(companyField));
  const cityField = source.city && chance(0.3) ? tag('city dropped', null) : (source.city ?? null);
  let birth = source.birthDate ?? null;
  const birthDraw = random();
  if (birth && birthDraw < 0.4) birth = tag('birth date dropped', null);
  else if (birth && birthDraw < 0.43) birth = tag('birth date typo', dateTypo(birth));

  const kept = (points: readonly string[], what: string) =>
    points.filter(() => (chance(0.35) ? (tags.push(`${what} dropped`), false) : true));
  const phones = kept(source.phones ?? [], 'phone');
  if (chance(0.1)) phones.push(tag('new phone', newPhone()));
  const emails = kept(source.emails ?? [], 'email');
  if (chance(0.1)) emails.push(tag('new email', newEmail(first, last, emailDomain())));
  return {
    id: '',
    person: source.person,
    firstName,
    lastName: lastNameField,
    company: companyField,
    city: cityField,
    birthDate: birth,
    phones,
    emails,
    corruptions: tags,
  };
}

function generate(n: number): { records: TruthRecord[]; people: Person[] } {
  const people: Person[] = [];
  const records: TruthRecord[] = [];
  while (records.length < n) {
    const p = newPerson(people.length, people);
    people.push(p);
    const own: TruthRecord[] = [
      {
        id: '',
        person: p.id,
        firstName: p.first,
        lastName: p.last,
        company: p.company,
        city: p.city,
        birthDate: p.birthDate,
        phones: [...p.phones],
        emails: [...p.emails],
        corruptions: [],
      },
    ];
    if (chance(0.15)) {
      const copies = chance(0.6) ? 1 : chance(0.7) ? 2 : 3;
      for (let k = 0; k < copies; k++)
        own.push(duplicateOf(k > 0 && chance(0.3) ? pick(own.slice(1)) : own[0]));
    }
    records.push(...own);
  }
  records.length = n;
  // Shuffled, so record order says nothing about identity; ids in that order.
  for (let i = records.length - 1; i > 0; i--) {
    const j = int(0, i);
    [records[i], records[j]] = [records[j], records[i]];
  }
  records.forEach((r, i) => (r.id = `c${String(i).padStart(7, '0')}`));
  return { records, people };
}

const pairsOf = (k: number) => (k * (k - 1)) / 2;

function rates(truePositives: number, predicted: number, truth: number) {
  const precision = predicted ? truePositives / predicted : 1;
  const recall = truth ? truePositives / truth : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { predicted, precision, recall, f1 };
}

interface Quality {
  threshold: number;
  /** Pairs scoring at or above the threshold. */
  pairs: ReturnType<typeof rates>;
  /** Every pair inside a cluster: what a merge screen offers once pairs are joined transitively. */
  clusters: ReturnType<typeof rates> & { clusters: number; largest: number };
  /** Wrongly matched pairs by how the two people are related. */
  falseMatches: Record<string, number>;
}

function relationOf(a: TruthRecord, b: TruthRecord, people: Person[]): string {
  const [pa, pb] = [people[a.person], people[b.person]];
  const rel = pa.relation?.of === pb.id ? pa.relation : pb.relation?.of === pa.id ? pb.relation : undefined;
  if (rel) return rel.kind;
  return pa.first === pb.first && pa.last === pb.last ? 'namesake' : 'unrelated';
}

function quality(data: Generated, scored: ScoredPair[], threshold: number): Quality {
  const { people, truthPairs } = data;
  const above = scored.filter((p) => p.score >= threshold);
  const falseMatches: Record<string, number> = {};
  let pairTp = 0;
  for (const p of above) {
    const [a, b] = [data.byId.get(p.a)!, data.byId.get(p.b)!];
    if (a.person === b.person) pairTp++;
    else {
      const kind = relationOf(a, b, people);
      falseMatches[kind] = (falseMatches[kind] ?? 0) + 1;
    }
  }
  let predicted = 0;
  let tp = 0;
  let largest = 0;
  const clusterList = clusterPairs(above, threshold);
  for (const c of clusterList) {
    predicted += pairsOf(c.members.length);
    largest = Math.max(largest, c.members.length);
    const byPerson = new Map<number, number>();
    for (const id of c.members) {
      const person = data.byId.get(id)!.person;
      byPerson.set(person, (byPerson.get(person) ?? 0) + 1);
    }
    for (const k of byPerson.values()) tp += pairsOf(k);
  }
  return {
    threshold,
    pairs: rates(pairTp, above.length, truthPairs),
    clusters: { clusters: clusterList.length, largest, ...rates(tp, predicted, truthPairs) },
    falseMatches,
  };
}

/** Percentiles of the sizes of blocks of two records or more. */
function sizeSummary(list: number[]) {
  const sizes = Int32Array.from(list).sort();
  const at = (q: number) => sizes[Math.min(sizes.length - 1, Math.floor(q * sizes.length))] ?? 0;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sizes[sizes.length - 1] ?? 0 };
}

function blockSizes(records: TruthRecord[]) {
  const counts = new Map<string, number>();
  for (const r of records) for (const k of blockingKeys(r)) counts.set(k, (counts.get(k) ?? 0) + 1);
  return sizeSummary([...counts.values()].filter((c) => c > 1));
}

interface Generated {
  records: TruthRecord[];
  people: Person[];
  byId: Map<string, TruthRecord>;
  truthPairs: number;
  /** Name frequencies counted over the records, as the app counts them over a workspace. */
  options: ScoreOptions;
}

interface EngineFigures {
  engine: string;
  threads?: number;
  /** Adding every batch and finishing (scan), the one call (sync), blocking to clustering (reference). */
  wallMs: number;
  /** Scan: the time add() took for all batches, then finish(). */
  addMs?: number;
  finishMs?: number;
  rssBeforeMb: number;
  /** Sampled every 50 ms while the engine ran (sync and reference block the sampler: see maxRssMb). */
  rssPeakMb: number;
  /** The process's high-water mark since it started, generation included. */
  maxRssMb: number;
  /** Scan: the longest this thread's event loop was held up while the scan ran, and in which phase. */
  eventLoopStallMs?: number;
  eventLoopStallPhase?: string;
  eventLoopDelayP99Ms?: number;
}

interface Report {
  n: number;
  seed: number;
  people: number;
  duplicatedPeople: number;
  truePairs: number;
  candidatePairs: number;
  /** Share of true pairs that share a blocking key: the most recall scoring can reach. */
  blockingRecall: number;
  blocks: BlockStats & { sizes: ReturnType<typeof blockSizes> };
  timingsMs: { generate: number; loading?: number; blocking: number; scoring: number; clustering: number };
  scoredPairsPerSecond: number;
  engine: EngineFigures;
  defaultThreshold: number;
  atDefault: Quality;
  sweep: Quality[];
  targetsMet: boolean;
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

// A full garbage collection before measuring, so that "before" is what this thread really holds.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** The RSS peak while `work` runs, sampled (the process's, so worker threads count). */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; peak: number; before: number }> {
  collectGarbage();
  const before = process.memoryUsage.rss();
  let peak = before;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  try {
    const value = await work();
    return { value, peak: Math.max(peak, process.memoryUsage.rss()), before };
  } finally {
    clearInterval(sample);
  }
}

/** The old composition, one pair at a time: candidates.ts, scorePair(), clusterPairs(). */
function runReference(records: TruthRecord[], options: ScoreOptions) {
  const t1 = performance.now();
  const left: number[] = [];
  const right: number[] = [];
  const blocks = forEachCandidatePair(records, (i, j) => (left.push(i), right.push(j)), {
    maxBlockSize: Number(args['max-block']),
  });
  const blocking = performance.now() - t1;
  const t2 = performance.now();
  const scored: ScoredPair[] = [];
  for (let k = 0; k < left.length; k++) {
    const [a, b] = [records[left[k]], records[right[k]]];
    const s = scorePair(a, b, options);
    if (s && s.score >= SWEEP[0]) scored.push({ a: a.id, b: b.id, score: s.score, reasons: s.reasons });
  }
  const scoring = performance.now() - t2;
  const t3 = performance.now();
  clusterPairs(scored, DEFAULT_THRESHOLD);
  const clustering = performance.now() - t3;
  return { left, right, blocks, scored, timingsMs: { blocking, scoring, clustering } };
}

/**
 * The scan in a process of its own (bench/duplicates-engine.ts), fed from a file line by line as
 * a job is fed from the database: its RSS and event loop are then the scan's, not this
 * generator's. Its pairs come back through a file.
 */
async function runScan(records: TruthRecord[]): Promise<{ run: EngineRun; scored: ScoredPair[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'dupes-bench-'));
  try {
    const [input, pairs] = [join(dir, 'records.ndjson'), join(dir, 'pairs.ndjson')];
    const out = createWriteStream(input);
    for (const { person: _person, corruptions: _corruptions, ...record } of records) {
      if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const engineArgs = ['--input', input, '--pairs', pairs, '--batch', args.batch];
    engineArgs.push('--threshold', String(SWEEP[0]), '--max-block', args['max-block']);
    engineArgs.push('--expected-records', String(records.length));
    if (args.threads) engineArgs.push('--threads', args.threads);
    if (args['no-frequencies']) engineArgs.push('--no-frequencies');
    const script = fileURLToPath(new URL('./duplicates-engine.ts', import.meta.url));
    // The same node and loader (tsx) as this process.
    const child = spawn(process.execPath, [...process.execArgv, script, ...engineArgs], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number];
    if (code !== 0) throw new Error(`bench/duplicates-engine.ts exited with ${code}`);
    const run = JSON.parse(stdout.trim().split('\n').pop()!) as EngineRun;
    const scored: ScoredPair[] = [];
    for await (const line of createInterface({ input: createReadStream(pairs), crlfDelay: Infinity })) {
      if (line) scored.push(JSON.parse(line) as ScoredPair);
    }
    return { run, scored };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function run(): Promise<{
  report: Report;
  data: Generated;
  scored: ScoredPair[];
  candidates: Set<string>;
}> {
  const t0 = performance.now();
  const { records, people } = generate(N);
  usedPhones.clear();
  usedEmails.clear();
  const recordsOf = new Map<number, number>();
  for (const r of records) recordsOf.set(r.person, (recordsOf.get(r.person) ?? 0) + 1);
  const noFrequencies = args['no-frequencies'];
  const data: Generated = {
    records,
    people,
    byId: new Map(records.map((r) => [r.id, r])),
    truthPairs: [...recordsOf.values()].reduce((s, k) => s + pairsOf(k), 0),
    // For --examples, which scores pairs again.
    options: {
      frequencies: noFrequencies || args.examples === '0' ? undefined : countNameFrequencies(records),
    },
  };
  const tGenerate = performance.now() - t0;

  // The scan runs in a process of its own and reports its own figures; the others run here.
  let reference: ReturnType<typeof runReference> | null = null;
  const scan = args.engine === 'scan' ? await runScan(records) : null;
  const t1 = performance.now();
  const inProcess = scan
    ? null
    : await measured(async () => {
        if (args.engine === 'reference') {
          const options = { frequencies: noFrequencies ? undefined : countNameFrequencies(records) };
          reference = runReference(records, options);
          return { result: null, wall: performance.now() - t1 };
        }
        const result = findDuplicates(records, {
          threshold: SWEEP[0],
          maxBlockSize: Number(args['max-block']),
          frequencies: noFrequencies ? null : undefined,
        });
        return { result, wall: performance.now() - t1 };
      });
  let scored: ScoredPair[];
  let timingsMs: Omit<Report['timingsMs'], 'generate'>;
  let comparisons: number;
  let blockStats: BlockStats;
  const engine: EngineFigures = scan
    ? {
        engine: 'scan',
        threads: args.threads ? Number(args.threads) : undefined,
        wallMs: scan.run.wallMs,
        addMs: scan.run.addMs,
        finishMs: scan.run.finishMs,
        rssBeforeMb: scan.run.rssBeforeMb,
        rssPeakMb: scan.run.maxRssMb,
        maxRssMb: scan.run.maxRssMb,
        eventLoopStallMs: scan.run.eventLoopStallMs,
        eventLoopStallPhase: scan.run.eventLoopStallPhase,
        eventLoopDelayP99Ms: scan.run.eventLoopDelayP99Ms,
      }
    : {
        engine: args.engine,
        wallMs: Math.round(inProcess!.value.wall),
        rssBeforeMb: mb(inProcess!.before),
        rssPeakMb: mb(inProcess!.peak),
        maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
      };

  // Which pairs were compared, for blocking recall: the reference's own list, else the scan's
  // index walked again (not timed).
  let candidatesTrue = 0;
  const candidates = new Set<string>();
  const candidate = (i: number, j: number) => {
    const [a, b] = [records[i], records[j]];
    if (a.person === b.person) candidatesTrue++;
    if (args.examples !== '0') candidates.add(`${a.id} ${b.id}`);
  };
  let sizes: ReturnType<typeof blockSizes>;
  if (reference) {
    const ref: ReturnType<typeof runReference> = reference;
    for (let k = 0; k < ref.left.length; k++) candidate(ref.left[k], ref.right[k]);
    scored = ref.scored;
    blockStats = ref.blocks;
    comparisons = ref.left.length;
    timingsMs = ref.timingsMs;
    sizes = blockSizes(records);
  } else {
    const result = scan ? scan.run : inProcess!.value.result!;
    scored = scan ? scan.scored : inProcess!.value.result!.clusters.flatMap((c) => c.pairs);
    blockStats = result.blocks;
    comparisons = result.comparisons;
    timingsMs = result.timingsMs;
    const list: number[] = [];
    forEachCandidate(records, candidate, {
      maxBlockSize: Number(args['max-block']),
      onBlock: (size) => list.push(size),
    });
    sizes = sizeSummary(list);
  }
  const round = (t: Record<string, number>) =>
    Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v)]));

  const sweep = [...new Set([...SWEEP, DEFAULT_THRESHOLD])].sort().map((t) => quality(data, scored, t));
  const atDefault = sweep.find((q) => q.threshold === DEFAULT_THRESHOLD)!;
  const report: Report = {
    n: records.length,
    seed: SEED,
    people: people.length,
    duplicatedPeople: [...recordsOf.values()].filter((k) => k > 1).length,
    truePairs: data.truthPairs,
    candidatePairs: comparisons,
    blockingRecall: data.truthPairs ? candidatesTrue / data.truthPairs : 1,
    blocks: { ...blockStats, sizes },
    timingsMs: { generate: Math.round(tGenerate), ...(round(timingsMs) as typeof timingsMs) },
    scoredPairsPerSecond: Math.round(comparisons / (timingsMs.scoring / 1000)),
    engine,
    defaultThreshold: DEFAULT_THRESHOLD,
    atDefault,
    sweep,
    targetsMet: atDefault.pairs.precision >= 0.95 && atDefault.pairs.recall >= 0.9,
  };
  return { report, data, scored, candidates };
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const fmt = (x: number) => x.toFixed(3);
const count = (x: number, width: number) => String(x).padStart(width);

function printReport(r: Report) {
  out(
    `duplicate detection quality: ${r.n} records of ${r.people} people (${r.duplicatedPeople} with duplicates), seed ${r.seed}`,
  );
  out(
    `true duplicate pairs ${r.truePairs}; candidate pairs ${r.candidatePairs}; blocking recall ${fmt(r.blockingRecall)}`,
  );
  const b = r.blocks;
  out(
    `blocks ${b.blocks}: sizes p50 ${b.sizes.p50}, p90 ${b.sizes.p90}, p99 ${b.sizes.p99}, max ${b.sizes.max}; over the cap ${b.oversizeBlocks}`,
  );
  for (const [kind, k] of Object.entries(b.byKind)) {
    out(
      `  ${kind}: ${count(k.blocks, 6)} blocks, largest ${count(k.largest, 4)}, pairs scored first through it ${k.pairs}`,
    );
  }
  const t = r.timingsMs;
  const e = r.engine;
  out(
    `time: generate ${t.generate} ms, ${t.loading === undefined ? '' : `loading ${t.loading} ms, `}blocking ${t.blocking} ms, ` +
      `scoring ${t.scoring} ms (${r.scoredPairsPerSecond} pairs/s), clustering ${t.clustering} ms`,
  );
  out(
    `engine ${e.engine}${e.threads ? ` (${e.threads} threads)` : ''}: wall ${e.wallMs} ms` +
      (e.addMs === undefined ? '' : ` (add ${e.addMs} ms, finish ${e.finishMs} ms)`) +
      `; RSS before ${e.rssBeforeMb} MB, peak while running ${e.rssPeakMb} MB (+${e.rssPeakMb - e.rssBeforeMb} MB), ` +
      `process max ${e.maxRssMb} MB` +
      (e.eventLoopStallMs === undefined
        ? ''
        : `; event loop: longest stall ${e.eventLoopStallMs} ms (${e.eventLoopStallPhase}), p99 delay ${e.eventLoopDelayP99Ms} ms`),
  );
  out();
  out('            |        pairs scored >= threshold         |              clusters (transitive)');
  out(
    'threshold  | matched | precision | recall |   F1  | clusters | largest | pairs | precision | recall |   F1',
  );
  for (const q of r.sweep) {
    const mark = q.threshold === r.defaultThreshold ? '*' : ' ';
    const { pairs: p, clusters: c } = q;
    out(
      `${mark} ${q.threshold.toFixed(2)}     | ${count(p.predicted, 7)} |     ${fmt(p.precision)} |  ${fmt(p.recall)} | ${fmt(p.f1)} | ` +
        `${count(c.clusters, 8)} | ${count(c.largest, 7)} | ${count(c.predicted, 5)} |     ${fmt(c.precision)} |  ${fmt(c.recall)} | ${fmt(c.f1)}`,
    );
  }
  const fm = Object.entries(r.atDefault.falseMatches).map(([k, v]) => `${k} ${v}`);
  out(`* DEFAULT_THRESHOLD: false matches by relation: ${fm.join(', ') || 'none'}`);
  out(
    `targets (pairs at the default threshold: precision >= 0.95, recall >= 0.90): ${r.targetsMet ? 'met' : 'NOT met'}`,
  );
}

const describe = (r: TruthRecord) =>
  [
    `${r.firstName ?? ''} / ${r.lastName ?? ''}`,
    r.company,
    r.city,
    r.birthDate,
    r.phones?.join(' '),
    r.emails?.join(' '),
  ]
    .map((v) => v || '-')
    .join(' | ');
const reasonList = (rs: Reason[]) => rs.map((x) => `${x.code}${x.detail ? `(${x.detail})` : ''}`).join(', ');

function printExamples(data: Generated, scored: ScoredPair[], candidates: Set<string>, limit: number) {
  out('\nfalse matches at the default threshold:');
  for (const p of scored.filter((p) => p.score >= DEFAULT_THRESHOLD).slice(0)) {
    const [a, b] = [data.byId.get(p.a)!, data.byId.get(p.b)!];
    if (a.person === b.person) continue;
    if (limit-- <= 0) break;
    out(`  ${fmt(p.score)} ${relationOf(a, b, data.people)}: ${reasonList(p.reasons)}`);
    out(`    ${describe(a)}\n    ${describe(b)}`);
  }
  out('\nmissed duplicates (pairs of one person scoring below the default threshold):');
  const above = new Set(scored.filter((p) => p.score >= DEFAULT_THRESHOLD).map((p) => `${p.a} ${p.b}`));
  const byPerson = new Map<number, TruthRecord[]>();
  for (const r of data.records) byPerson.set(r.person, [...(byPerson.get(r.person) ?? []), r]);
  let shown = 0;
  for (const group of byPerson.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const [a, b] = group[i].id < group[j].id ? [group[i], group[j]] : [group[j], group[i]];
        const key = `${a.id} ${b.id}`;
        if (above.has(key) || shown++ >= Number(args.examples)) continue;
        const s = scorePair(a, b, data.options);
        const why = candidates.has(key) ? '' : ' (no shared blocking key)';
        out(
          `  ${s ? fmt(s.score) : 'null'} ${s ? reasonList(s.reasons) : ''}${why} [${[...a.corruptions, ...b.corruptions].join(', ')}]`,
        );
        out(`    ${describe(a)}\n    ${describe(b)}`);
      }
    }
  }
}

const { report, data, scored, candidates } = await run();
if (args.json) out(JSON.stringify(report, null, 2));
else printReport(report);
if (Number(args.examples) > 0) printExamples(data, scored, candidates, Number(args.examples));
