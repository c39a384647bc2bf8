// The error file: every failed row with its original cells and an "Errors" column, as CSV, in
// file order. Fix the rows and upload the file again: the same mapping is suggested for it.
import type { Kysely } from 'kysely';
import Papa from 'papaparse';
import type { DB } from '../../db/types.js';
import { neutraliseFormula } from '../../lib/formula.js';
import { PHONE_CHANNELS } from '../contacts/enums.js';
import type { Actor } from '../auth/actor.js';
import { ERRORS_HEADER } from './enums.js';
import type { ImportTarget } from './mapping.js';
import * as repo from './repo.js';
import { loadVisible } from './service.js';

const PAGE = 2000;

/**
 * Cells that spreadsheets would run as formulas get a leading quote (DESIGN rule 8), except plain
 * phone numbers in phone columns, as in exports; the import takes the quote off again (rows.ts),
 * so the fixed file re-imports the same values.
 */
function csv(rows: string[][], phoneColumns: Set<number> = new Set()) {
  const safe = rows.map((r) =>
    r.map((cell, i) => neutraliseFormula(cell, { phoneNumbers: phoneColumns.has(i) })),
  );
  return Papa.unparse(safe, { newline: '\r\n' }) + '\r\n';
}

export async function errorFile(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await loadVisible(db, actor, id);
  const mapping = (row.options as { mapping?: ImportTarget[] } | null)?.mapping ?? [];
  const phoneColumns = new Set(
    mapping.flatMap((t, i) => (t.kind === 'point' && PHONE_CHANNELS.has(t.channel) ? [i] : [])),
  );
  async function* lines(): AsyncGenerator<string> {
    yield '\uFEFF' + csv([[...row.headers, ERRORS_HEADER]]);
    for (let after = 0; ;) {
      const page = await repo.failedRowsPage(db, actor.workspaceId, id, after, PAGE);
      if (page.length === 0) return;
      yield csv(
        page.map((f) => [...padded(f.cells, row.headers.length), f.errors.join('; ')]),
        phoneColumns,
      );
      after = page[page.length - 1].row_number;
    }
  }
  const base = row.file_name.replace(/\.[^.]*$/, '');
  return { fileName: `${base}-errors.csv`, lines: lines() };
}

/** Short rows get empty cells so the Errors column stays last and aligned. */
function padded(cells: string[], width: number): string[] {
  return cells.length >= width ? cells : [...cells, ...Array<string>(width - cells.length).fill('')];
}
