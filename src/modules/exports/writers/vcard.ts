// vCard 4.0 (RFC 6350), one card per contact. The property mapping is shared with the vCard
// import reader, so a card written here reads back into the same contact:
//   N family;given  FN display name  ORG company;department  TITLE job title  BDAY YYYY-MM-DD
//   LANG  TZ (IANA name)  ADR ;;street;city;state;zip;country  CATEGORIES tags
//   UID external id (only when set)  X-CONTACT-TYPE  X-CONTACT-LEVEL  X-CUSTOM-<KEY> custom fields
//   TEL;TYPE=cell|work|home|voice  EMAIL, URL and IMPP with TYPE=cell|work|home (none for other)
//   IMPP:<channel>:<value> for messengers and social networks, IMPP:other:<value> for other
import type { ContactPointRow } from '../../../db/types.js';
import { MESSENGER_CHANNELS } from '../../contacts/enums.js';
import { displayName } from '../../contacts/present.js';
import type { StreamedContact } from '../../contacts/stream.js';
import { customCell, type ExportField } from '../columns.js';

const TEL_TYPES: Record<string, string> = { mobile: 'cell', work: 'work', home: 'home', other: 'voice' };
/** TYPE of an EMAIL, URL or IMPP by label; none for other. */
const LABEL_TYPES: Record<string, string> = { mobile: 'cell', work: 'work', home: 'home' };
const typed = (name: string, label: string) =>
  LABEL_TYPES[label] ? `${name};TYPE=${LABEL_TYPES[label]}` : name;
const IMPP_CHANNELS: ReadonlySet<string> = new Set(MESSENGER_CHANNELS);

/**
 * A text value escaped per RFC 6350 §3.4: backslash, comma and line breaks always, semicolons in
 * the components of compound values (N, ORG, ADR), where they separate the components.
 */
export function escapeText(s: string, compound = false): string {
  return s.replace(compound ? /[\\,;]/g : /[\\,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

const structured = (parts: (string | null | undefined)[]) =>
  parts.map((p) => escapeText(p ?? '', true)).join(';');
const list = (items: readonly string[]) => items.map((item) => escapeText(item)).join(',');

/**
 * A content line folded at 75 octets (RFC 6350 §3.2): continuation lines start with a space and
 * a UTF-8 character is never split.
 */
export function foldLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return `${line}\r\n`;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    // Step back off UTF-8 continuation bytes (10xxxxxx) so a character stays whole.
    while (end < bytes.length && (bytes[end] & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74; // the leading space counts
  }
  return `${parts.join('\r\n ')}\r\n`;
}

/** X-CUSTOM-<KEY>: the key upper-cased, `_` written `-` (property names take no underscore). */
export const customPropertyName = (key: string) => `X-CUSTOM-${key.toUpperCase().replaceAll('_', '-')}`;

function customValue(def: ExportField, v: unknown): string | null {
  if (def.type === 'multiselect' && Array.isArray(v)) return v.length ? list(v.map(String)) : null;
  const cell = customCell(def, v);
  if (cell === null) return null;
  return escapeText(typeof cell === 'object' ? cell.date : String(cell));
}

function pointLine(p: ContactPointRow): string {
  const value = escapeText(p.value);
  switch (p.channel) {
    case 'phone':
      return `TEL;TYPE=${TEL_TYPES[p.label] ?? 'voice'}:${value}`;
    case 'email':
      return `${typed('EMAIL', p.label)}:${value}`;
    case 'web':
      return `${typed('URL', p.label)}:${value}`;
    default:
      return `${typed('IMPP', p.label)}:${IMPP_CHANNELS.has(p.channel) ? p.channel : 'other'}:${value}`;
  }
}

export function vcard(s: StreamedContact, fields: readonly ExportField[]): string {
  const c = s.contact;
  const lines = ['BEGIN:VCARD', 'VERSION:4.0'];
  lines.push(`FN:${escapeText(displayName(c, s.points))}`);
  lines.push(`N:${structured([c.last_name, c.first_name, '', '', ''])}`);
  if (c.company || c.department) lines.push(`ORG:${structured([c.company, c.department])}`);
  if (c.job_title) lines.push(`TITLE:${escapeText(c.job_title)}`);
  if (c.birth_date) lines.push(`BDAY:${c.birth_date}`);
  if (c.language) lines.push(`LANG:${escapeText(c.language)}`);
  if (c.time_zone) lines.push(`TZ:${escapeText(c.time_zone)}`);
  if (c.street || c.city || c.state || c.zip || c.country)
    lines.push(`ADR:${structured(['', '', c.street, c.city, c.state, c.zip, c.country])}`);
  if (c.tags.length) lines.push(`CATEGORIES:${list(c.tags)}`);
  if (c.external_id) lines.push(`UID:${escapeText(c.external_id)}`);
  lines.push(`X-CONTACT-TYPE:${c.type}`, `X-CONTACT-LEVEL:${c.level}`);
  for (const p of s.points) lines.push(pointLine(p));
  for (const def of fields) {
    const value = customValue(def, c.custom?.[def.key]);
    if (value !== null) lines.push(`${customPropertyName(def.key)}:${value}`);
  }
  lines.push('END:VCARD');
  return lines.map(foldLine).join('');
}

/** The file, one chunk per page of contacts. */
export async function* vcardFile(
  fields: readonly ExportField[],
  pages: AsyncIterable<StreamedContact[]>,
): AsyncGenerator<Buffer> {
  for await (const page of pages) {
    let text = '';
    for (const contact of page) text += vcard(contact, fields);
    yield Buffer.from(text, 'utf8');
  }
}
