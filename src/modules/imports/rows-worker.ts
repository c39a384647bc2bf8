// Worker-thread entry for piscina: converts one batch of rows (see rows.ts).
import type { CsvRow } from './read/csv.js';
import { convertRows, type ConvertedRows, type RowPlan } from './rows.js';

export default function convertBatch(task: { rows: CsvRow[]; plan: RowPlan }): ConvertedRows {
  return convertRows(task.rows, task.plan);
}
