import type { ContactPointRow, NewContact } from '../../db/types.js';
import { PHONE_CHANNELS } from './enums.js';

/** Lower-case and strip accents, so "José" is found by "jose". */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** One indexed string per contact: names, company, external id, point values; phones as bare digits. */
export function searchText(
  c: Partial<NewContact>,
  points: Pick<ContactPointRow, 'channel' | 'normalized'>[],
): string {
  const parts = [c.first_name, c.last_name, c.company, c.external_id];
  for (const p of points)
    parts.push(PHONE_CHANNELS.has(p.channel) ? p.normalized.replace(/\D/g, '') : p.normalized);
  return fold(parts.filter(Boolean).join(' '));
}

/**
 * Splits a query into fragments that must all match. Phone-looking input ("(212) 555-0100",
 * "+1 212") is reduced to digits so any formatting finds the E.164 number.
 */
export function searchFragments(q: string): string[] {
  const s = q.trim();
  if (!s) return [];
  if (/^[+\d\s().-]+$/.test(s) && /\d/.test(s)) return [s.replace(/\D/g, '')];
  return fold(s).split(/\s+/).filter(Boolean).slice(0, 8);
}
