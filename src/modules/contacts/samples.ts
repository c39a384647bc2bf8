import type { Kysely } from 'kysely';
import examples from 'libphonenumber-js/mobile/examples';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { DB } from '../../db/types.js';
import type { Actor } from '../auth/actor.js';
import { CONTACT_LEVELS, CONTACT_TYPES, type ContactCreate } from './schema.js';
import { createContact } from './service.js';

// Realistic sample people so a new workspace shows the product working at once.
export const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Amelia',
  'Mateo',
  'Sofia',
  'Lucas',
  'Chloé',
  'Hiroshi',
  'Aisha',
  'Wei',
  'Priya',
  'Jonas',
  'Fatima',
  'Diego',
  'Ingrid',
  'Kwame',
  'Léa',
  'Ravi',
  'Marta',
  'Oliver',
  'Yuki',
  'Carlos',
  'Nadia',
  'Tomás',
  'Hannah',
  'Ahmed',
  'Isabella',
  'Mei',
];
const LAST = [
  'Smith',
  'García',
  'Müller',
  'Tanaka',
  'Okafor',
  'Rossi',
  'Nguyen',
  'Kowalski',
  'Johansson',
  'Dubois',
  'Chen',
  'Patel',
  'Silva',
  'Hansen',
  'O’Brien',
  'Haddad',
  'Kim',
  'Novak',
  'Fernández',
  'Schmidt',
  'Brown',
  'Wilson',
  'Martin',
  'Lopez',
  'Ivanova',
  'Sato',
  'Mensah',
  'Costa',
  'Larsen',
  'Cohen',
];
const COMPANIES = [
  'Northwind Traders',
  'Contoso Ltd',
  'Blue Harbor Logistics',
  'Acme Insurance',
  'Globex Retail',
  'Initech Health',
  'Umbrella Travel',
  'Stark Energy',
  'Wayne Telecom',
  'Hooli Finance',
  null,
  null,
];
const TITLES = [
  'Account Manager',
  'Operations Lead',
  'CFO',
  'Procurement Officer',
  'Customer Success',
  'IT Director',
  'Owner',
  null,
];
const DEPARTMENTS = ['Sales', 'Finance', 'Operations', 'Support', 'Marketing', null];
const COUNTRIES: CountryCode[] = [
  'US',
  'US',
  'US',
  'GB',
  'DE',
  'FR',
  'ES',
  'IT',
  'HK',
  'SG',
  'AU',
  'BR',
  'IN',
  'JP',
  'NG',
];
const ZONES: Record<string, string> = {
  US: 'America/New_York',
  GB: 'Europe/London',
  DE: 'Europe/Berlin',
  FR: 'Europe/Paris',
  ES: 'Europe/Madrid',
  IT: 'Europe/Rome',
  HK: 'Asia/Hong_Kong',
  SG: 'Asia/Singapore',
  AU: 'Australia/Sydney',
  BR: 'America/Sao_Paulo',
  IN: 'Asia/Kolkata',
  JP: 'Asia/Tokyo',
  NG: 'Africa/Lagos',
};
const LANGS: Record<string, string> = {
  US: 'en',
  GB: 'en',
  DE: 'de',
  FR: 'fr',
  ES: 'es',
  IT: 'it',
  HK: 'zh-Hant',
  SG: 'en',
  AU: 'en',
  BR: 'pt',
  IN: 'hi',
  JP: 'ja',
  NG: 'en',
};
const TAGS = ['vip', 'newsletter', 'renewal-q1', 'webinar', 'referral', 'trade-show'];

/** Small deterministic generator (mulberry32), so the sample set is the same on every machine. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function mobileFor(country: CountryCode, rand: () => number): string | null {
  const example = (examples as Record<string, string>)[country];
  if (!example) return null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const tail = String(Math.floor(rand() * 10_000)).padStart(4, '0');
    const national = example.slice(0, -4) + tail;
    const phone = parsePhoneNumberFromString(national, country);
    if (phone?.isValid()) return phone.number;
  }
  return null;
}

export function sampleContact(i: number, seed = 7): ContactCreate {
  const rand = rng(Math.imul(seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b));
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)];
  const first = pick(FIRST_NAMES);
  const last = pick(LAST);
  const country = pick(COUNTRIES);
  const company = pick(COMPANIES);
  const mobile = mobileFor(country, rand);
  const domain = company ? company.toLowerCase().replace(/[^a-z]+/g, '') + '.example' : 'mail.example';
  const email =
    `${first}.${last}${i}`
      .normalize('NFD')
      .replace(/[^A-Za-z0-9.]/g, '')
      .toLowerCase() + `@${domain}`;
  const points: ContactCreate['points'] = [
    {
      channel: 'email',
      label: company ? 'work' : 'home',
      value: email,
      status: rand() < 0.05 ? 'opted_out' : 'active',
    },
  ];
  if (mobile) points.unshift({ channel: 'phone', label: 'mobile', value: mobile, status: 'active' });
  if (mobile && rand() < 0.3)
    points.push({ channel: 'whatsapp', label: 'mobile', value: mobile, status: 'active' });
  return {
    firstName: first,
    lastName: last,
    type: pick(CONTACT_TYPES),
    level: pick(CONTACT_LEVELS),
    company,
    jobTitle: company ? pick(TITLES) : null,
    department: company ? pick(DEPARTMENTS) : null,
    language: LANGS[country],
    timeZone: ZONES[country],
    address: { country },
    tags: TAGS.filter(() => rand() < 0.15),
    points,
  };
}

/** Creates `count` sample contacts as `actor`, spread over `owners` in turn when given. */
export async function seedSampleContacts(
  db: Kysely<DB>,
  actor: Actor,
  count: number,
  seed = 7,
  owners: string[] = [],
) {
  for (let i = 0; i < count; i++) {
    const input = sampleContact(i, seed);
    if (owners.length) input.ownerId = owners[i % owners.length];
    await createContact(db, actor, input);
  }
}
