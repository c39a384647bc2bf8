import { fileError } from './file-error.js';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type EncodingChoice = 'auto' | TextEncoding;
/** What the bytes are, so a caller can route XLSX to its own reader and refuse the rest clearly. */
export type FileKind = 'xlsx' | 'xls' | 'zip' | 'pdf' | 'image' | 'gzip' | 'binary' | 'text' | 'empty';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** NUL characters dropped from the text (PostgreSQL text cannot hold them). */
  removedNulChars: number;
}

export interface EncodingGuess {
  encoding: TextEncoding;
  bomLength: number;
}

// Enough to judge encoding and binary-ness without scanning a whole upload.
const BINARY_SNIFF_BYTES = 8192;
const UTF16_SNIFF_BYTES = 4096;
// Text exports have next to no control bytes; random or binary data has about 11%.
const BINARY_CONTROL_SHARE = 0.02;

const BOMS: { bytes: number[]; encoding: TextEncoding }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((b, i) => bytes[at + i] === b);
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

function bomOf(bytes: Uint8Array): EncodingGuess | undefined {
  const bom = BOMS.find((b) => startsWith(bytes, b.bytes));
  return bom && { encoding: bom.encoding, bomLength: bom.bytes.length };
}

/** UTF-16 without a BOM shows as a NUL in every other byte while the text is mostly ASCII. */
export function detectUtf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.floor(Math.min(bytes.length, UTF16_SNIFF_BYTES) / 2);
  if (pairs < 2) return undefined;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (bytes[i] === 0) evenNuls++;
    if (bytes[i + 1] === 0) oddNuls++;
  }
  if (oddNuls >= pairs * 0.2 && evenNuls <= pairs * 0.02) return 'utf-16le';
  if (evenNuls >= pairs * 0.2 && oddNuls <= pairs * 0.02) return 'utf-16be';
  return undefined;
}

function isControlByte(b: number): boolean {
  // Tab, LF, VT (FileMaker's in-cell newline), FF, CR and ESC occur in real text exports.
  return b < 0x09 || (b >= 0x0e && b < 0x20 && b !== 0x1b) || b === 0x7f;
}

function looksBinary(bytes: Uint8Array): boolean {
  // Some exporters pad the file with NULs up to a block size: judge what comes before.
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const sample = bytes.subarray(0, Math.min(end, BINARY_SNIFF_BYTES));
  if (sample.length === 0) return end < bytes.length;
  let controls = 0;
  for (const b of sample) if (isControlByte(b)) controls++;
  return controls >= 4 && controls > sample.length * BINARY_CONTROL_SHARE;
}

function containsAscii(bytes: Uint8Array, needle: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle, 0, 'latin1');
}

const XLSX_PARTS = ['xl/workbook.xml', 'xl/worksheets/', 'xl/_rels/workbook.xml.rels'];

export function sniffFileKind(bytes: Uint8Array): FileKind {
  if (bytes.length === 0) return 'empty';
  const bom = bomOf(bytes);
  if (bom) {
    if (bytes.length === bom.bomLength) return 'empty';
    if (bom.encoding !== 'utf-8') return 'text';
    return looksBinary(bytes.subarray(bom.bomLength)) ? 'binary' : 'text';
  }
  if (startsWith(bytes, [0x50, 0x4b]) && [3, 5, 7].includes(bytes[2]) && bytes[3] === bytes[2] + 1) {
    // An XLSX is a ZIP of xl/ parts; entry names are stored uncompressed. Writers such as ExcelJS
    // and openpyxl store xl/workbook.xml last, beyond the head of a large file, so the sheet
    // parts count too.
    return XLSX_PARTS.some((name) => containsAscii(bytes, name)) ? 'xlsx' : 'zip';
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'xls';
  if (startsWith(bytes, ascii('%PDF-'))) return 'pdf';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'gzip';
  if (
    startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) ||
    startsWith(bytes, ascii('GIF87a')) ||
    startsWith(bytes, ascii('GIF89a')) ||
    startsWith(bytes, [0xff, 0xd8, 0xff]) ||
    (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) ||
    startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) ||
    startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])
  ) {
    return 'image';
  }
  if (detectUtf16WithoutBom(bytes)) return 'text';
  return looksBinary(bytes) ? 'binary' : 'text';
}

const KIND_NAMES: Record<Exclude<FileKind, 'text' | 'empty'>, string> = {
  xlsx: 'an Excel workbook (XLSX); upload it as an Excel file or save it as CSV',
  xls: 'an old Excel workbook (XLS); save it as XLSX or CSV',
  zip: 'a ZIP archive',
  pdf: 'a PDF document',
  image: 'an image',
  gzip: 'a gzip-compressed file; unpack it first',
  binary: 'binary data',
};

/** The refusal for anything that is not text; kind 'empty' gets its own message. */
export function notTextError(kind: FileKind) {
  if (kind === 'empty') return fileError('The file is empty');
  const what = kind === 'text' ? 'binary data' : KIND_NAMES[kind];
  return fileError(`This is not a CSV or text file: it looks like ${what}`);
}

/** BOM first, then the UTF-16 NUL pattern, then UTF-8 validity; Windows-1252 is the fallback. */
export function detectEncoding(bytes: Uint8Array, { partial = false } = {}): EncodingGuess {
  const bom = bomOf(bytes);
  if (bom) return bom;
  const utf16 = detectUtf16WithoutBom(bytes);
  if (utf16) return { encoding: utf16, bomLength: 0 };
  try {
    // `stream` lets a sample end inside a multi-byte character.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: partial });
    return { encoding: 'utf-8', bomLength: 0 };
  } catch {
    return { encoding: 'windows-1252', bomLength: 0 };
  }
}

// Node 20.18.3+ decodes 'windows-1252' as Latin-1 (nodejs/node#60888), turning 0x80-0x9F into C1
// controls; this is the WHATWG mapping for that range (the five undefined bytes map to themselves).
const CP1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const HAS_C1 = /[\u0080-\u009f]/;
const C1_RANGE = /[\u0080-\u009f]/g;

function fixCp1252(text: string): string {
  return HAS_C1.test(text) ? text.replace(C1_RANGE, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]) : text;
}

/** Windows-1252 bytes as text, with the WHATWG mapping of 0x80-0x9F that Node 20 lacks. */
export function decodeWindows1252(bytes: Uint8Array): string {
  return fixCp1252(new TextDecoder('windows-1252').decode(bytes));
}

const LABEL: Record<TextEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  'windows-1252': 'Windows-1252',
};

function invalidEncoding(encoding: TextEncoding, detected: boolean) {
  const how = detected ? 'looks like' : 'was read as';
  return fileError(
    `The file ${how} ${LABEL[encoding]} but is not valid ${LABEL[encoding]}; choose its encoding (for example Windows-1252 or UTF-16) and try again`,
  );
}

function newDecoder(encoding: TextEncoding, { dropBom = false } = {}): TextDecoder {
  // Windows-1252 cannot be invalid; the others fail loudly rather than insert U+FFFD silently.
  // `ignoreBOM: false` makes the decoder drop a leading BOM of its own encoding, even one split
  // across pieces of a stream.
  return new TextDecoder(encoding, { fatal: encoding !== 'windows-1252', ignoreBOM: !dropBom });
}

function dropNuls(text: string): { text: string; removed: number } {
  if (!text.includes('\0')) return { text, removed: 0 };
  const cleaned = text.replaceAll('\0', '');
  return { text: cleaned, removed: text.length - cleaned.length };
}

function bomLengthFor(bytes: Uint8Array, encoding: TextEncoding): number {
  const bom = bomOf(bytes);
  return bom && bom.encoding === encoding ? bom.bomLength : 0;
}

const isUtf16 = (choice: EncodingChoice) => choice === 'utf-16le' || choice === 'utf-16be';

function assertDecodable(bytes: Uint8Array, choice: EncodingChoice): void {
  const kind = sniffFileKind(bytes);
  // An explicit UTF-16 choice overrides the control-byte test: UTF-16 of non-Latin text is NUL-rich.
  if (kind === 'text' || kind === 'empty' || (kind === 'binary' && isUtf16(choice))) return;
  throw notTextError(kind);
}

/** Bytes to text: detects (or obeys) the encoding, strips the BOM, refuses binary content. */
export function decodeText(bytes: Uint8Array, options: { encoding?: EncodingChoice } = {}): DecodedText {
  const choice = options.encoding ?? 'auto';
  assertDecodable(bytes, choice);
  const guess =
    choice === 'auto' ? detectEncoding(bytes) : { encoding: choice, bomLength: bomLengthFor(bytes, choice) };
  const body = bytes.subarray(guess.bomLength);
  let raw: string;
  try {
    raw = newDecoder(guess.encoding).decode(body);
  } catch {
    throw invalidEncoding(guess.encoding, choice === 'auto');
  }
  if (guess.encoding === 'windows-1252') raw = fixCp1252(raw);
  const { text, removed } = dropNuls(raw);
  return { text, encoding: guess.encoding, removedNulChars: removed };
}

export interface StreamDecoder {
  readonly encoding: TextEncoding;
  readonly removedNulChars: number;
  /** Decodes the next bytes; the first call must start at the beginning of the file. */
  write(bytes: Uint8Array): string;
  end(): string;
}

/**
 * A decoder for a file read in pieces. The encoding is judged on `sample` (the first bytes of the
 * file, 64 KB is plenty); if a later piece turns out not to be valid UTF-8 the read stops with a
 * clear error instead of guessing again halfway through.
 */
export function createStreamDecoder(sample: Uint8Array, choice: EncodingChoice = 'auto'): StreamDecoder {
  assertDecodable(sample, choice);
  const encoding = choice === 'auto' ? detectEncoding(sample, { partial: true }).encoding : choice;
  const decoder = newDecoder(encoding, { dropBom: true });
  let removedNulChars = 0;

  const run = (bytes: Uint8Array | undefined, last: boolean): string => {
    let raw: string;
    try {
      raw = decoder.decode(bytes, { stream: !last });
    } catch {
      throw invalidEncoding(encoding, choice === 'auto');
    }
    if (encoding === 'windows-1252') raw = fixCp1252(raw);
    const { text, removed } = dropNuls(raw);
    removedNulChars += removed;
    return text;
  };

  return {
    encoding,
    get removedNulChars() {
      return removedNulChars;
    },
    write: (bytes) => run(bytes, false),
    end: () => run(undefined, true),
  };
}
