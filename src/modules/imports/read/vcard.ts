// vCard files (3.0 and 4.0; 2.1 as far as its quirks are tidied in vcard-cards.ts) as import
// tables: one row per card, one column per field the cards use, named as our own exports name
// them so that suggestMapping maps every column by itself. Our vCard export writes the same table
// the other way round.
//
// | vCard property                        | column                            | notes
// | ------------------------------------- | --------------------------------- | ---------------------------------------------
// | N  family;given;additional;prefix;suf | lastName = family,                | prefix and suffix (honorifics) are dropped
// |                                       | firstName = given + additional    |
// | FN                                    | firstName, lastName               | split with splitFullName, only when N is absent
// |                                       |                                   | or empty, and not for an organisation's card
// |                                       |                                   | (KIND:org, X-ABSHOWAS:COMPANY, FN equal to ORG)
// | ORG  company;unit;unit…               | company = 1st, department = 2nd   | further units joined to department with ", "
// | TITLE                                 | jobTitle                          |
// | BDAY                                  | birthDate  YYYY-MM-DD             | a time is dropped; without a year (--MMDD) or
// |                                       |                                   | day it is left empty (noted once in warnings);
// |                                       |                                   | other text is passed on for the import to judge
// | LANG                                  | language                          |
// | TZ                                    | timeZone                          | only an IANA name (Europe/Berlin); offsets skipped
// | ADR  box;extended;street;city;region; | address.street = street, extended,| one address: the preferred one (TYPE=pref or
// |      zip;country                      | box; address.city, .state, .zip,  | lowest PREF), else the first in the card
// |                                       | .country                          |
// | CATEGORIES (all of them)              | tags, joined with ", "            |
// | UID                                   | externalId                        |
// | X-CONTACT-TYPE / X-CONTACT-LEVEL      | type / level                      |
// | X-CUSTOM-<KEY>                        | custom.<key>                      | <KEY> is the field key upper-cased, _ written -
// | TEL                                   | phone (<label>)                   | label: TYPE cell/mobile/iphone → mobile, work,
// |                                       |                                   | home, else other; tel: URIs lose "tel:"
// | EMAIL                                 | email (<label>)                   | label as TEL
// | URL                                   | web (<label>)                     | label as TEL
// | IMPP  <scheme>:<handle>               | <scheme> (<label>)                | for our channels sms, whatsapp, wechat, telegram,
// |                                       |                                   | facebook, twitter, linkedin (or X-SERVICE-TYPE
// |                                       |                                   | naming one): the handle; "other:<handle>" (our
// |                                       |                                   | export) → other, the handle; any other scheme →
// |                                       |                                   | other, the whole URI. Label as TEL
// | X-SOCIALPROFILE;TYPE=<service>        | <service> (other)                 | twitter, linkedin, facebook, telegram, whatsapp,
// |                                       |                                   | wechat; other services → other (other)
//
// A point column holds all of the card's values for that channel and label, preferred ones first,
// joined with " ::: ". Without a label TYPE, an Apple X-ABLabel of the property's group names it.
import ICAL from 'ical.js';
import { MESSENGER_CHANNELS } from '../../contacts/enums.js';
import { CHANNELS, POINT_LABELS } from '../../contacts/schema.js';
import { splitFullName } from '../cells.js';
import { exportHeader, pointLabelFromText, type CoreImportField } from '../mapping.js';

type Channel = (typeof CHANNELS)[number];
type Label = (typeof POINT_LABELS)[number];

interface Prop {
  name: string;
  params: Record<string, unknown>;
  type: string;
  values: unknown[];
}

export interface CardValues {
  /** Cell text by column header; only non-empty cells. */
  values: Map<string, string>;
  /** BDAY was given without a year (or day) and left out. */
  undatedBirthday: boolean;
}

const FIELDS: CoreImportField[] = [
  'firstName',
  'lastName',
  'company',
  'department',
  'jobTitle',
  'birthDate',
  'language',
  'timeZone',
  'street',
  'city',
  'state',
  'zip',
  'country',
  'tags',
  'externalId',
  'type',
  'level',
];
const POINT_JOIN = ' ::: ';
const CUSTOM_KEY = /^[a-z][a-z0-9_]{0,62}$/;
const IMPP_CHANNELS: readonly Channel[] = MESSENGER_CHANNELS;
const NOT_PREFERRED = 101; // PREF runs 1 (most) to 100

const fieldHeader = (field: CoreImportField) => exportHeader({ kind: 'field', field });
const pointHeader = (channel: Channel, label: Label) => exportHeader({ kind: 'point', channel, label });
const customHeader = (key: string) => exportHeader({ kind: 'custom', key });

/** Every column a vCard table can have, in the order tables show them; custom fields go last. */
const COLUMN_ORDER = new Map(
  [...FIELDS.map(fieldHeader), ...CHANNELS.flatMap((c) => POINT_LABELS.map((l) => pointHeader(c, l)))].map(
    (h, i) => [h, i],
  ),
);

/** The columns in table order: known ones as COLUMN_ORDER has them, then custom ones by name. */
export function orderColumns(headers: Iterable<string>): string[] {
  const rank = (h: string) => COLUMN_ORDER.get(h) ?? COLUMN_ORDER.size;
  return [...headers].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Text of a value; ical.js leaves escapes in values of types it does not know (X- properties). */
function clean(v: unknown, sep = ' '): string {
  if (Array.isArray(v))
    return v
      .map((x) => clean(x))
      .filter(Boolean)
      .join(sep);
  if (v === null || v === undefined) return '';
  return String(v)
    .replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c))
    .replace(/\s*[\r\n]+\s*/g, ', ')
    .trim();
}

const text = (p: Prop | undefined) => (p ? clean(p.values[0]) : '');

/** A structured value (N, ADR, ORG) as its components, each a list of values. */
function components(p: Prop | undefined): string[][] {
  const v = p?.values[0];
  if (v === undefined) return [];
  const parts = Array.isArray(v) ? v : [v];
  return parts.map((c) => (Array.isArray(c) ? c : [c]).map((x) => clean(x)).filter(Boolean));
}

function types(p: Prop): string[] {
  const t = p.params.type;
  const list = Array.isArray(t) ? t : t === undefined ? [] : [t];
  return list.flatMap((x) => String(x).toLowerCase().split(',')).map((x) => x.trim());
}

function rank(p: Prop): number {
  const pref = Number(p.params.pref);
  if (Number.isInteger(pref) && pref >= 1) return pref;
  return types(p).includes('pref') ? 1 : NOT_PREFERRED;
}

/** The property of that name the card prefers: lowest PREF (or TYPE=pref), else the first. */
function best(props: Prop[], name: string): Prop | undefined {
  let chosen: Prop | undefined;
  for (const p of props) if (p.name === name && (!chosen || rank(p) < rank(chosen))) chosen = p;
  return chosen;
}

function propsOf(jcard: unknown): Prop[] {
  const card = Array.isArray(jcard) && Array.isArray(jcard[0]) ? jcard[0] : jcard;
  if (!Array.isArray(card) || card[0] !== 'vcard' || !Array.isArray(card[1])) {
    throw new Error('not a vCard');
  }
  return (card[1] as unknown[][]).map(([name, params, type, ...values]) => ({
    name: String(name).toLowerCase(),
    params: (params ?? {}) as Record<string, unknown>,
    type: String(type),
    values,
  }));
}

function isIanaZone(zone: string): boolean {
  if (zone !== 'UTC' && !/^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function birthDate(raw: string): { value: string; undated: boolean } {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:T|$)/.exec(raw);
  if (m) return { value: `${m[1]}-${m[2]}-${m[3]}`, undated: false };
  if (raw.startsWith('--') || /^\d{4}(?:-\d{2})?$/.test(raw)) return { value: '', undated: true };
  return { value: raw, undated: false };
}

function labelFrom(p: Prop, ablabel: string | undefined): Label {
  const t = types(p);
  if (t.some((x) => x === 'cell' || x === 'mobile' || x === 'iphone')) return 'mobile';
  if (t.includes('work')) return 'work';
  if (t.includes('home')) return 'home';
  return (ablabel && pointLabelFromText(ablabel)) || 'other';
}

function telValue(value: string): string {
  if (!/^tel:/i.test(value)) return value;
  const [number, ...params] = value.slice(4).split(';');
  const ext = params.find((x) => /^ext=/i.test(x));
  return ext ? `${number} ext. ${ext.slice(4)}` : number;
}

function decodeUri(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function imppPoint(p: Prop): { channel: Channel; value: string } {
  const value = text(p);
  const scheme = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(value);
  const service = String(p.params['x-service-type'] ?? '').toLowerCase();
  const named = IMPP_CHANNELS.find((c) => c === service || c === scheme?.[1].toLowerCase());
  if (!named) {
    // Our own export writes points of channel "other" as IMPP:other:<value>.
    const ours = scheme?.[1].toLowerCase() === 'other';
    return { channel: 'other', value: ours ? (scheme as RegExpExecArray)[2] : value };
  }
  return { channel: named, value: scheme ? decodeUri(scheme[2]) : value };
}

function isOrganisation(props: Prop[], fn: string, company: string): boolean {
  const kind = text(best(props, 'kind')).toLowerCase();
  const showAs = text(best(props, 'x-abshowas')).toLowerCase();
  return (
    ['org', 'group', 'location'].includes(kind) ||
    showAs === 'company' ||
    fn.toLowerCase() === company.toLowerCase()
  );
}

/** The table cells of one card as ical.js parsed it (jCard). */
export function cardValues(jcard: unknown): CardValues {
  const props = propsOf(jcard);
  const out = new Map<string, string>();
  const set = (field: CoreImportField, value: string) => value && out.set(fieldHeader(field), value);
  const points = new Map<string, { value: string; rank: number }[]>();
  const addPoint = (channel: Channel, label: Label, value: string, p: Prop) => {
    if (!value) return;
    const header = pointHeader(channel, label);
    points.set(header, [...(points.get(header) ?? []), { value, rank: rank(p) }]);
  };
  const ablabels = new Map<string, string>();
  for (const p of props) {
    if (p.name === 'x-ablabel' && p.params.group) {
      ablabels.set(String(p.params.group).toLowerCase(), text(p).replace(/^_\$!<(.*)>!\$_$/, '$1'));
    }
  }
  const ablabel = (p: Prop) =>
    p.params.group ? ablabels.get(String(p.params.group).toLowerCase()) : undefined;

  const org = components(best(props, 'org'));
  const company = org[0]?.join(' ') ?? '';
  set('company', company);
  set(
    'department',
    org
      .slice(1)
      .map((c) => c.join(' '))
      .filter(Boolean)
      .join(', '),
  );

  const n = components(best(props, 'n'));
  let lastName = n[0]?.join(' ') ?? '';
  let firstName = [...(n[1] ?? []), ...(n[2] ?? [])].join(' ');
  const fn = text(best(props, 'fn'));
  if (!firstName && !lastName && fn && !isOrganisation(props, fn, company)) {
    const split = splitFullName(fn);
    firstName = split.firstName ?? '';
    lastName = split.lastName ?? '';
  }
  set('firstName', firstName);
  set('lastName', lastName);
  set('jobTitle', text(best(props, 'title')));
  set('language', text(best(props, 'lang')));
  set(
    'timeZone',
    props
      .filter((p) => p.name === 'tz')
      .map(text)
      .find(isIanaZone) ?? '',
  );
  const bday = birthDate(text(best(props, 'bday')));
  set('birthDate', bday.value);

  const adr = components(best(props, 'adr')).map((c) => c.join(', '));
  set('street', [adr[2], adr[1], adr[0]].filter(Boolean).join(', '));
  set('city', adr[3] ?? '');
  set('state', adr[4] ?? '');
  set('zip', adr[5] ?? '');
  set('country', adr[6] ?? '');

  const tags = props
    .filter((p) => p.name === 'categories')
    .flatMap((p) => p.values.map((v) => clean(v, ', ')));
  set('tags', [...new Set(tags.filter(Boolean))].join(', '));
  set('externalId', text(best(props, 'uid')));
  set('type', text(best(props, 'x-contact-type')));
  set('level', text(best(props, 'x-contact-level')));

  for (const p of props) {
    if (p.name === 'tel') addPoint('phone', labelFrom(p, ablabel(p)), telValue(text(p)), p);
    else if (p.name === 'email')
      addPoint('email', labelFrom(p, ablabel(p)), text(p).replace(/^mailto:/i, ''), p);
    else if (p.name === 'url') addPoint('web', labelFrom(p, ablabel(p)), text(p), p);
    else if (p.name === 'impp') {
      const { channel, value } = imppPoint(p);
      addPoint(channel, labelFrom(p, ablabel(p)), value, p);
    } else if (p.name === 'x-socialprofile') {
      const service = types(p).find((t) => (IMPP_CHANNELS as readonly string[]).includes(t) && t !== 'sms');
      addPoint((service as Channel | undefined) ?? 'other', 'other', text(p) || clean(p.params['x-user']), p);
    } else if (p.name.startsWith('x-custom-')) {
      const key = p.name.slice('x-custom-'.length).replace(/-/g, '_');
      if (!CUSTOM_KEY.test(key)) continue;
      const header = customHeader(key);
      const value = text(p);
      if (value) out.set(header, out.has(header) ? `${out.get(header)}, ${value}` : value);
    }
  }
  for (const [header, list] of points) {
    const values = [...list].sort((a, b) => a.rank - b.rank).map((x) => x.value);
    out.set(header, [...new Set(values)].join(POINT_JOIN));
  }
  return { values: out, undatedBirthday: bday.undated };
}

/** One card's text through ical.js; a card it cannot parse gives the reason instead. */
export function parseCard(cardText: string): CardValues | { problem: string } {
  try {
    return cardValues(ICAL.parse(cardText));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return {
      problem: `the card could not be read: ${reason.length > 120 ? `${reason.slice(0, 120)}…` : reason}`,
    };
  }
}
