// Reading a vCard file as a table (columns and cells as vcard.ts maps them) in two passes over the
// stored file: the first finds the columns the cards use, the second yields one row per card.
import type { CsvRow } from './csv.js';
import type { EncodingChoice, TextEncoding } from './decode.js';
import { fileError } from './file-error.js';
import type { OpenBytes } from './table.js';
import { openTextSource } from './text-source.js';
import { splitCards, type RawCard } from './vcard-cards.js';
import { orderColumns, parseCard } from './vcard.js';

export interface VcardOptions {
  encoding?: EncodingChoice;
}

export interface VcardLayout {
  headers: string[];
  encoding: TextEncoding;
}

interface Scan extends VcardLayout {
  cards: number;
  unreadable: number;
  undatedBirthdays: number;
  removedNulChars: number;
}

interface Pass {
  cards: AsyncGenerator<RawCard>;
  readonly encoding: TextEncoding | undefined;
  readonly removedNulChars: number;
}

function pass(open: OpenBytes, options: VcardOptions): Pass {
  const source = openTextSource(open(), { encoding: options.encoding });
  return {
    cards: splitCards(source.chunks),
    get encoding() {
      return source.encoding;
    },
    get removedNulChars() {
      return source.removedNulChars;
    },
  };
}

/** Reads every card once for the columns the cards use; refuses a file with no usable card. */
async function scan(open: OpenBytes, options: VcardOptions): Promise<Scan> {
  const p = pass(open, options);
  const columns = new Set<string>();
  let cards = 0;
  let unreadable = 0;
  let undatedBirthdays = 0;
  let firstProblem = '';
  for await (const raw of p.cards) {
    cards++;
    const card = raw.text === undefined ? { problem: raw.problem ?? '' } : parseCard(raw.text);
    if ('problem' in card) {
      unreadable++;
      firstProblem ||= `line ${raw.line}: ${card.problem}`;
      continue;
    }
    for (const header of card.values.keys()) columns.add(header);
    if (card.undatedBirthday) undatedBirthdays++;
  }
  if (cards === 0) throw fileError('The file holds no vCard: no BEGIN:VCARD … END:VCARD was found');
  if (unreadable === cards) throw fileError(`No vCard in the file could be read (${firstProblem})`);
  if (columns.size === 0) {
    throw fileError('The vCards hold no names, companies, addresses or contact points to import');
  }
  return {
    headers: orderColumns(columns),
    encoding: p.encoding ?? 'utf-8',
    cards,
    unreadable,
    undatedBirthdays,
    removedNulChars: p.removedNulChars,
  };
}

async function* rows(open: OpenBytes, headers: string[], options: VcardOptions): AsyncGenerator<CsvRow> {
  for await (const raw of pass(open, options).cards) {
    const card = raw.text === undefined ? { problem: raw.problem ?? '' } : parseCard(raw.text);
    if ('problem' in card) yield { rowNumber: raw.line, cells: headers.map(() => ''), problem: card.problem };
    else yield { rowNumber: raw.line, cells: headers.map((h) => card.values.get(h) ?? '') };
  }
}

/** Every card as a row, in batches of at most `batchSize` (default 1000); reads the file twice. */
export async function* readVcardRows(
  open: OpenBytes,
  options: VcardOptions & { batchSize?: number } = {},
): AsyncGenerator<{ layout: VcardLayout; rows: CsvRow[] }> {
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const { headers, encoding } = await scan(open, options);
  const layout = { headers, encoding };
  let batch: CsvRow[] = [];
  for await (const row of rows(open, headers, options)) {
    batch.push(row);
    if (batch.length < batchSize) continue;
    yield { layout, rows: batch };
    batch = [];
  }
  if (batch.length > 0) yield { layout, rows: batch };
}

/** The columns, the first `rowLimit` cards as rows, the exact card count and what to tell the user. */
export async function previewVcards(
  open: OpenBytes,
  options: VcardOptions & { rowLimit?: number } = {},
): Promise<{ layout: VcardLayout; rows: CsvRow[]; rowsEstimate: number; warnings: string[] }> {
  const rowLimit = Math.max(1, options.rowLimit ?? 20);
  const found = await scan(open, options);
  const first: CsvRow[] = [];
  for await (const row of rows(open, found.headers, options)) {
    first.push(row);
    if (first.length >= rowLimit) break;
  }
  const warnings: string[] = [];
  if (found.encoding === 'windows-1252' && (options.encoding ?? 'auto') === 'auto') {
    warnings.push('The file is not UTF-8; it was read as Windows-1252 (Western European)');
  }
  if (found.removedNulChars > 0) {
    warnings.push(`Removed ${found.removedNulChars} NUL (zero) characters, which text cannot hold`);
  }
  if (found.unreadable > 0) {
    const cards = found.cards === 1 ? 'card' : 'cards';
    warnings.push(
      `${found.unreadable} of ${found.cards} ${cards} could not be read; they will be reported as failed rows`,
    );
  }
  const undated = found.undatedBirthdays;
  if (undated > 0) {
    const [noun, verb] = undated === 1 ? ['birthday has', 'is'] : ['birthdays have', 'are'];
    warnings.push(
      `${undated} ${noun} no year (or no day) and ${verb} left out: a birth date needs a full date`,
    );
  }
  return {
    layout: { headers: found.headers, encoding: found.encoding },
    rows: first,
    rowsEstimate: found.cards,
    warnings,
  };
}
