// The contact form's model: what the inputs hold, how it becomes an API body, and how the
// server's error paths (points.3.value, address.country, custom.vip) find their inputs again.
import type { Contact, ContactCreate, ContactPoint, FieldDefinition } from '../../../api/types';
import { PHONE_CHANNELS, SOCIAL_CHANNELS } from '../../../lib/constants';
import { phoneValue, splitPhone } from '../../../lib/phone';

type Label = ContactPoint['label'];
type Status = ContactPoint['status'];
export type SocialChannel = (typeof SOCIAL_CHANNELS)[number];

export interface PhoneRow {
  key: string;
  id?: string;
  channel: (typeof PHONE_CHANNELS)[number];
  label: Label;
  country: string;
  number: string;
  status: Status;
  /** The stored value; sent unchanged unless the person edits the row. */
  original?: string;
}

export interface EmailRow {
  key: string;
  id?: string;
  label: Label;
  value: string;
  status: Status;
}

export interface SocialRow {
  id?: string;
  value: string;
  status: Status;
}

export interface Draft {
  type: Contact['type'];
  level: Contact['level'];
  firstName: string;
  lastName: string;
  company: string;
  jobTitle: string;
  department: string;
  birthDate: string | null;
  language: string | null;
  timeZone: string | null;
  address: { street: string; city: string; state: string; zip: string; country: string | null };
  tags: string[];
  externalId: string;
  custom: Record<string, unknown>;
  phones: PhoneRow[];
  emails: EmailRow[];
  social: Record<SocialChannel, SocialRow>;
  /** Points the form has no input for (web, other, a second WeChat…): kept as they are. */
  extra: ContactPoint[];
}

let seq = 0;
export const rowKey = () => `r${++seq}`;

export const newPhone = (country: string, label: Label = 'mobile'): PhoneRow => ({
  key: rowKey(),
  channel: 'phone',
  label,
  country,
  number: '',
  status: 'active',
});

export const newEmail = (label: Label = 'work'): EmailRow => ({
  key: rowKey(),
  label,
  value: '',
  status: 'active',
});

const emptySocial = () =>
  Object.fromEntries(SOCIAL_CHANNELS.map((c) => [c, { value: '', status: 'active' }])) as Record<
    SocialChannel,
    SocialRow
  >;

export function emptyDraft(defaultCountry: string): Draft {
  return {
    type: 'lead',
    level: 'primary',
    firstName: '',
    lastName: '',
    company: '',
    jobTitle: '',
    department: '',
    birthDate: null,
    language: null,
    timeZone: null,
    address: { street: '', city: '', state: '', zip: '', country: null },
    tags: [],
    externalId: '',
    custom: {},
    phones: [newPhone(defaultCountry)],
    emails: [newEmail()],
    social: emptySocial(),
    extra: [],
  };
}

export function draftFromContact(c: Contact, defaultCountry: string): Draft {
  const phones: PhoneRow[] = [];
  const emails: EmailRow[] = [];
  const social = emptySocial();
  const extra: ContactPoint[] = [];
  for (const p of c.points) {
    if (p.channel === 'phone' || p.channel === 'sms') {
      phones.push({
        key: rowKey(),
        id: p.id,
        channel: p.channel,
        label: p.label,
        status: p.status,
        original: p.value,
        ...splitPhone(p.value, defaultCountry),
      });
    } else if (p.channel === 'email') {
      emails.push({ key: rowKey(), id: p.id, label: p.label, value: p.value, status: p.status });
    } else if (
      (SOCIAL_CHANNELS as readonly string[]).includes(p.channel) &&
      !social[p.channel as SocialChannel].id
    ) {
      social[p.channel as SocialChannel] = { id: p.id, value: p.value, status: p.status };
    } else {
      extra.push(p);
    }
  }
  if (phones.length === 0) phones.push(newPhone(defaultCountry));
  if (emails.length === 0) emails.push(newEmail());
  const a = c.address;
  return {
    type: c.type,
    level: c.level,
    firstName: c.firstName ?? '',
    lastName: c.lastName ?? '',
    company: c.company ?? '',
    jobTitle: c.jobTitle ?? '',
    department: c.department ?? '',
    birthDate: c.birthDate,
    language: c.language,
    timeZone: c.timeZone,
    address: {
      street: a.street ?? '',
      city: a.city ?? '',
      state: a.state ?? '',
      zip: a.zip ?? '',
      country: a.country,
    },
    tags: c.tags,
    externalId: c.externalId ?? '',
    custom: { ...c.custom },
    phones,
    emails,
    social,
    extra,
  };
}

type PointBody = NonNullable<ContactCreate['points']>[number];

/**
 * The request body, and for each entry of `points` the form key of the input it came from,
 * so an error at points.N lands next to that input.
 */
export function draftToBody(
  d: Draft,
  defaultCountry: string,
  fields: FieldDefinition[],
  mode: 'create' | 'edit',
) {
  const points: PointBody[] = [];
  const sources: string[] = [];
  const add = (source: string, p: PointBody) => {
    points.push(p);
    sources.push(source);
  };
  for (const r of d.phones) {
    const typed = phoneValue(r.country, r.number, defaultCountry);
    const unchanged =
      r.original !== undefined &&
      splitPhone(r.original, defaultCountry).number === r.number &&
      splitPhone(r.original, defaultCountry).country === r.country;
    const value = unchanged ? r.original! : typed;
    if (value)
      add(`phones.${r.key}`, { id: r.id, channel: r.channel, label: r.label, value, status: r.status });
  }
  for (const r of d.emails) {
    if (r.value.trim())
      add(`emails.${r.key}`, {
        id: r.id,
        channel: 'email',
        label: r.label,
        value: r.value.trim(),
        status: r.status,
      });
  }
  for (const c of SOCIAL_CHANNELS) {
    const r = d.social[c];
    if (r.value.trim())
      add(`social.${c}`, { id: r.id, channel: c, label: 'other', value: r.value.trim(), status: r.status });
  }
  d.extra.forEach((p, i) =>
    add(`extra.${i}`, { id: p.id, channel: p.channel, label: p.label, value: p.value, status: p.status }),
  );

  const custom: Record<string, unknown> = {};
  for (const f of fields) {
    const v = d.custom[f.key];
    const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    if (!empty) custom[f.key] = v;
    else if (mode === 'edit' && d.custom[f.key] !== undefined) custom[f.key] = null;
  }

  const body = {
    type: d.type,
    level: d.level,
    firstName: d.firstName,
    lastName: d.lastName,
    company: d.company,
    jobTitle: d.jobTitle,
    department: d.department,
    birthDate: d.birthDate,
    language: d.language,
    timeZone: d.timeZone,
    address: d.address,
    tags: d.tags,
    externalId: d.externalId,
    custom,
    points,
  };
  return { body: body as unknown as ContactCreate, sources };
}

/** Server error paths → form keys. */
export function mapServerPath(path: string, sources: string[]): string {
  const m = /^points\.(\d+)(?:\.|$)/.exec(path);
  if (m) return sources[Number(m[1])] ?? 'points';
  if (path.startsWith('tags.')) return 'tags';
  if (path.startsWith('custom.')) return path.split('.').slice(0, 2).join('.');
  return path;
}

/** Form keys that live in the collapsed "Advanced" part of the quick create form. */
export function isAdvancedKey(key: string, d: Draft): boolean {
  const quick = [
    'type',
    'level',
    'firstName',
    'lastName',
    `phones.${d.phones[0]?.key}`,
    `emails.${d.emails[0]?.key}`,
  ];
  return !quick.includes(key);
}

const PLAIN_KEYS = new Set([
  'type',
  'level',
  'firstName',
  'lastName',
  'company',
  'jobTitle',
  'department',
  'birthDate',
  'language',
  'timeZone',
  'address.street',
  'address.city',
  'address.state',
  'address.zip',
  'address.country',
  'tags',
  'externalId',
]);

/** Whether the form has an input that shows errors for this key. */
export function hasInput(key: string, d: Draft, fields: FieldDefinition[]): boolean {
  if (PLAIN_KEYS.has(key)) return true;
  if (key.startsWith('social.')) return true;
  if (key.startsWith('custom.')) return fields.some((f) => `custom.${f.key}` === key);
  if (key.startsWith('phones.')) return d.phones.some((r) => `phones.${r.key}` === key);
  if (key.startsWith('emails.')) return d.emails.some((r) => `emails.${r.key}` === key);
  return false;
}
