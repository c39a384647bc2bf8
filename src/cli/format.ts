// Plain-text presentation: tables, dates, sizes, durations and import summaries.
import type { ImportSummary } from '../modules/imports/schema.js';

/** Columns padded to their widest cell; `right` lists the columns aligned right (numbers). */
export function table(headers: string[], rows: string[][], right: number[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.includes(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** Label: value lines with the labels aligned. */
export function fields(pairs: [string, string | null | undefined][]): string {
  const shown = pairs.filter(([, v]) => v !== null && v !== undefined && v !== '');
  const width = Math.max(...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${`${k}:`.padEnd(width + 1)}  ${v}`).join('\n');
}

export function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** A timestamp in the local time zone, to the minute: 2026-11-23 14:05. */
export function dateTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

export function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export const count = (n: number) => n.toLocaleString('en-US');

/** "9 of 10 rows imported: created 7, updated 1, unchanged 1, failed 1". */
export function countsLine(s: ImportSummary): string {
  const c = s.counts;
  return (
    `${count(c.rowsRead - c.failed)} of ${count(c.rowsRead)} rows imported: created ${count(c.created)}, ` +
    `updated ${count(c.updated)}, unchanged ${count(c.unchanged)}, failed ${count(c.failed)}`
  );
}

/** The file name the error file is best saved as: contacts.csv → contacts-errors.csv. */
export function errorFileName(s: ImportSummary): string {
  const base = s.fileName.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'import';
  return `${base}-errors.csv`;
}
