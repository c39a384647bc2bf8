import dayjs from 'dayjs';
import type { DateFormat } from '../api/types';

/** A calendar date 'YYYY-MM-DD' in the workspace's format. */
export function formatDate(value: string | null | undefined, format: DateFormat | string): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.format(format) : value;
}

/** A timestamp in the workspace's date format with the local time. */
export function formatDateTime(value: string | null | undefined, format: DateFormat | string): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.format(`${format} HH:mm`) : value;
}

/** "3 minutes ago" style, without the relativeTime plugin. */
export function timeAgo(value: string): string {
  const s = Math.max(0, (Date.now() - new Date(value).getTime()) / 1000);
  if (s < 45) return 'just now';
  const units: [number, string][] = [
    [60, 'minute'],
    [3600, 'hour'],
    [86400, 'day'],
    [2592000, 'month'],
    [31536000, 'year'],
  ];
  let out = '';
  for (const [secs, name] of units) {
    const n = Math.round(s / secs);
    if (n >= 1) out = `${n} ${name}${n === 1 ? '' : 's'} ago`;
  }
  return out;
}

/** A value from a change record, readable in one line. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.map(formatValue).join(', ') : '—';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('value' in o) {
      const notes = [
        o.label && o.label !== 'other' ? String(o.label) : null,
        o.status === 'opted_out' ? 'opted out' : null,
      ].filter(Boolean);
      return `${String(o.value)}${notes.length ? ` (${notes.join(', ')})` : ''}`;
    }
    return (
      Object.entries(o)
        .filter(([, x]) => x !== null && x !== undefined && x !== '')
        .map(([k, x]) => `${k}: ${formatValue(x)}`)
        .join(', ') || '—'
    );
  }
  return String(v);
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  return ((parts[0][0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}
