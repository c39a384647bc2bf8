// Cutting a vCard file into cards as its text streams in, so only one card is ever held. Each card
// comes out unfolded and tidied for ical.js, which then parses it alone: a broken card costs one
// row, not the file.
import { decodeWindows1252 } from './decode.js';

export interface RawCard {
  /** 1-based line of the file holding the card's BEGIN:VCARD. */
  line: number;
  /** The card, one property per line, ready for ICAL.parse; absent when the card is unusable. */
  text?: string;
  problem?: string;
}

/** A card longer than this (photos and other binaries left out) is not a contact card. */
export const MAX_CARD_CHARS = 1024 * 1024;
// Binary properties are big and never imported: they are dropped as they stream past.
const DROPPED = new Set(['PHOTO', 'LOGO', 'SOUND', 'KEY']);
const PROPERTY = /^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)[;:]/;
const QUOTED_PRINTABLE = /^[^:]*;(?:ENCODING=)?QUOTED-PRINTABLE[;:]/i;
const UTC_OFFSET = /^[+-]\d{2}(?::?\d{2})?$/;

interface OpenCard {
  line: number;
  lines: string[];
  chars: number;
  tooLong: boolean;
}

/**
 * The cards of a text, with the line each starts on. Text outside BEGIN:VCARD … END:VCARD is
 * ignored; a card cut off by the next BEGIN:VCARD or by the end of the file, or longer than
 * MAX_CARD_CHARS, comes out with a problem instead of text.
 */
export async function* splitCards(chunks: AsyncIterable<string>): AsyncGenerator<RawCard> {
  let lineNo = 0;
  let card: OpenCard | undefined;
  let current: string | undefined; // the property line being unfolded
  let skipping = false;
  let softBreak = false; // a quoted-printable value ending in "=" goes on on the next line
  let rest = '';
  let dropRest = false; // the line under way is over-long: its text is not kept

  const flush = () => {
    if (card && current !== undefined) {
      card.chars += current.length;
      if (card.chars > MAX_CARD_CHARS) card.tooLong = true;
      if (!card.tooLong) card.lines.push(tidyLine(current));
    }
    current = undefined;
    softBreak = false;
  };
  const close = (c: OpenCard, ended: boolean): RawCard => {
    if (!ended) return { line: c.line, problem: 'the card has BEGIN:VCARD but no END:VCARD' };
    if (c.tooLong)
      return { line: c.line, problem: `the card is longer than ${MAX_CARD_CHARS / 1024 / 1024} MB` };
    return { line: c.line, text: `BEGIN:VCARD\r\n${c.lines.map((l) => `${l}\r\n`).join('')}END:VCARD\r\n` };
  };

  function* onLine(raw: string): Generator<RawCard> {
    lineNo++;
    if (current !== undefined && (softBreak || raw.startsWith(' ') || raw.startsWith('\t'))) {
      current = softBreak ? current.slice(0, -1) + raw : current + raw.slice(1);
      softBreak = current.endsWith('=') && QUOTED_PRINTABLE.test(current);
      if (card && current.length > MAX_CARD_CHARS) {
        card.tooLong = true;
        current = '';
      }
      return;
    }
    if (raw.startsWith(' ') || raw.startsWith('\t')) return; // continues a dropped or stray line
    flush();
    const trimmed = raw.trim();
    if (/^BEGIN:VCARD$/i.test(trimmed)) {
      if (card) yield close(card, false);
      card = { line: lineNo, lines: [], chars: 0, tooLong: false };
      skipping = false;
      return;
    }
    if (/^END:VCARD$/i.test(trimmed)) {
      if (card) yield close(card, true);
      card = undefined;
      return;
    }
    if (!card || trimmed === '') return;
    const property = PROPERTY.exec(raw);
    if (skipping && !property) return; // vCard 2.1 base64 lines need not be indented
    skipping = property !== null && DROPPED.has(property[1].toUpperCase());
    if (skipping) return;
    current = raw;
    softBreak = raw.endsWith('=') && QUOTED_PRINTABLE.test(raw);
  }

  for await (const chunk of chunks) {
    const text = rest + chunk;
    let start = 0;
    const breaks = /\r\n|\n|\r/g;
    for (let m = breaks.exec(text); m; m = breaks.exec(text)) {
      if (m[0] === '\r' && m.index === text.length - 1) break; // maybe half of a CRLF
      const line = text.slice(start, m.index);
      start = m.index + m[0].length;
      if (dropRest) {
        dropRest = false;
        lineNo++;
        continue;
      }
      yield* onLine(line);
    }
    rest = text.slice(start);
    if (rest.length > MAX_CARD_CHARS && !dropRest) {
      // A line this long is a binary value (an unfolded PHOTO) or garbage: it is not kept whole.
      if (!rest.startsWith(' ') && !rest.startsWith('\t')) {
        flush();
        const property = PROPERTY.exec(rest);
        skipping = property !== null && DROPPED.has(property[1].toUpperCase());
      }
      if (card && !skipping) card.tooLong = true;
      dropRest = true;
    }
    if (dropRest) rest = '';
  }
  if (rest !== '' && !dropRest) yield* onLine(rest);
  flush();
  if (card) yield close(card, false);
}

/** Splits "NAME;P1;P2:value" at the colon and semicolons that are not inside quoted parameters. */
function splitLine(line: string): { name: string; params: string[]; value: string } | undefined {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ';' || c === ':')) {
      parts.push(line.slice(start, i));
      start = i + 1;
      if (c === ':') {
        const [name, ...params] = parts;
        return { name, params, value: line.slice(start) };
      }
    }
  }
  return undefined;
}

function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const hex = value[i] === '=' ? value.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (!(value[i] === '=' && i === value.length - 1)) {
      bytes.push(...Buffer.from(value[i], 'utf8'));
    }
  }
  const data = Uint8Array.from(bytes);
  let text: string;
  try {
    const label = /^(?:iso-8859-1|latin1|windows-1252|cp1252)$/i.test(charset) ? 'windows-1252' : charset;
    if (label === 'windows-1252') throw new RangeError('use the fixed decoder');
    text = new TextDecoder(label || 'utf-8', { fatal: true }).decode(data);
  } catch {
    text = decodeWindows1252(data);
  }
  // The value goes back into a vCard line, where a newline must be written \n.
  return text.replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Rewrites what ical.js rejects or misreads in cards written by real exporters: vCard 2.1's bare
 * parameters (TEL;CELL;VOICE) become TYPE=…, its quoted-printable values are decoded, and a TZ
 * holding a zone name gets VALUE=text (ical.js reads a vCard 3.0 TZ as a UTC offset and cuts
 * "America/New_York" to "America").
 */
export function tidyLine(line: string): string {
  const split = splitLine(line);
  if (!split) return line; // ical.js reports it; the card becomes a problem row
  const params: string[] = [];
  let quotedPrintable = false;
  let charset = '';
  let typed = false;
  for (const p of split.params) {
    const eq = p.indexOf('=');
    const key = (eq < 0 ? '' : p.slice(0, eq)).toUpperCase();
    const val = eq < 0 ? p : p.slice(eq + 1);
    if (/^quoted-printable$/i.test(val) && (key === '' || key === 'ENCODING')) quotedPrintable = true;
    else if (key === 'CHARSET') charset = val;
    else if (key === '' && /^(?:7bit|8bit)$/i.test(val)) continue;
    else if (key === '') params.push(`TYPE=${val}`);
    else {
      if (key === 'VALUE') typed = true;
      params.push(p);
    }
  }
  let value = split.value;
  if (quotedPrintable) value = decodeQuotedPrintable(value, charset);
  const bare = split.name.replace(/^[^.]*\./, '').toUpperCase();
  if (bare === 'TZ' && !typed && !UTC_OFFSET.test(value.trim())) params.push('VALUE=text');
  return `${[split.name, ...params].join(';')}:${value}`;
}
