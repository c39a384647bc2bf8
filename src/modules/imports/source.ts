// The rows of a stored import file, read with the options the import was started with.
import type { Kysely } from 'kysely';
import type { DB, ImportRow } from '../../db/types.js';
import type { StoredImportOptions } from './options.js';
import type { CsvRow } from './read/csv.js';
import { readTable } from './read/table.js';
import * as repo from './repo.js';
import { DELIMITERS } from './schema.js';

export async function* readStoredRows(
  db: Kysely<DB>,
  row: ImportRow,
  options: StoredImportOptions,
  batchSize: number,
): AsyncGenerator<CsvRow[]> {
  const open = () => repo.streamChunks(db, row.workspace_id, row.id);
  for await (const batch of readTable(open, {
    encoding: options.encoding,
    delimiter: options.delimiter === 'auto' ? 'auto' : DELIMITERS[options.delimiter],
    hasHeader: options.hasHeader,
    sheet: options.sheet,
    pasted: row.file_kind === 'pasted',
    batchSize,
  })) {
    if (batch.rows.length) yield batch.rows;
  }
}
