// What a web service's answer holds: each item an object with an address (`phone`, `email`, or
// `address` with an optional `channel`, phone by default), and optionally `id` (the service's own
// id, to skip an item already loaded), `name`, `priority`, `topPriority` and `timeZone`. Other
// fields are kept: the whole item is the entry's payload. Each item is taken or rejected on its
// own, with the reason.
import { z } from 'zod';
import { CHANNELS, PHONE_CHANNELS, type Channel } from '../contacts/enums.js';
import { normalizePoint, TimeZone } from '../contacts/normalize.js';
import { entryTimeZones } from './time-zones.js';

/** An item's JSON may be this long at most (it is stored with the entry). */
export const MAX_ITEM_CHARS = 10_000;

const Item = z.looseObject({
  id: z
    .union(
      [z.string().trim().min(1, 'is empty').max(200, 'must be at most 200 characters'), z.number()],
      'must be a string or a number',
    )
    .nullish(),
  phone: z.string('must be a string').max(100, 'must be at most 100 characters').nullish(),
  email: z.string('must be a string').max(320, 'must be at most 320 characters').nullish(),
  address: z.string('must be a string').max(320, 'must be at most 320 characters').nullish(),
  channel: z.enum(CHANNELS, `must be one of ${CHANNELS.join(', ')}`).nullish(),
  name: z.string('must be a string').max(200, 'must be at most 200 characters').nullish(),
  priority: z
    .number('must be a whole number')
    .int('must be a whole number')
    .min(-1000, 'must be at least -1000')
    .max(1000, 'must be at most 1000')
    .nullish(),
  topPriority: z.boolean('must be true or false').nullish(),
  timeZone: TimeZone.nullish(),
});

export interface WebServiceItem {
  index: number;
  /** What makes it "already loaded": the service's id, else the address. */
  key: string;
  channel: Channel;
  /** The address, normalised (E.164 for phones). */
  address: string;
  priority: number;
  topPriority: boolean;
  timeZones: string[];
  payload: Record<string, unknown>;
}

export interface Rejected {
  index: number;
  reason: string;
}

export const idKey = (id: string | number) => `id:${String(id).trim()}`;
export const addressKey = (channel: string, address: string) => `${channel}:${address}`;

/**
 * Reads the items. `usable` says whether the campaign can use an address of a channel; an item
 * with several addresses gets the first the campaign can use and that reads well.
 */
export function readItems(
  raw: unknown[],
  o: { defaultCountry: string; usable: (channel: string) => boolean; channels: string[] },
): { items: WebServiceItem[]; rejected: Rejected[] } {
  const items: WebServiceItem[] = [];
  const rejected: Rejected[] = [];
  raw.forEach((value, index) => {
    const r = readItem(value, o);
    if ('reason' in r) rejected.push({ index, reason: r.reason });
    else items.push({ index, ...r });
  });
  return { items, rejected };
}

function readItem(
  value: unknown,
  o: { defaultCountry: string; usable: (channel: string) => boolean; channels: string[] },
): Omit<WebServiceItem, 'index'> | { reason: string } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { reason: 'is not an object' };
  if (JSON.stringify(value).length > MAX_ITEM_CHARS)
    return { reason: `is longer than ${MAX_ITEM_CHARS} characters as JSON` };
  const parsed = Item.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { reason: `${issue.path.join('.') || 'item'}: ${issue.message}` };
  }
  const item = parsed.data;
  const candidates: { field: string; channel: Channel; value: string }[] = [];
  if (item.address)
    candidates.push({ field: 'address', channel: item.channel ?? 'phone', value: item.address });
  if (item.phone) candidates.push({ field: 'phone', channel: 'phone', value: item.phone });
  if (item.email) candidates.push({ field: 'email', channel: 'email', value: item.email });
  if (candidates.length === 0) return { reason: 'has no address: give phone, email or address' };
  const usable = candidates.filter((c) => o.usable(c.channel));
  if (usable.length === 0)
    return {
      reason: `has no address the campaign can use (its channels: ${o.channels.join(', ')}); it has ${candidates.map((c) => c.channel).join(', ')}`,
    };
  let firstError: string | null = null;
  for (const c of usable) {
    const n = normalizePoint(c.channel, c.value, o.defaultCountry);
    if ('error' in n) {
      firstError ??= `${c.field}: ${n.error}`;
      continue;
    }
    return {
      key: item.id !== null && item.id !== undefined ? idKey(item.id) : addressKey(c.channel, n.normalized),
      channel: c.channel,
      address: n.normalized,
      priority: item.priority ?? 0,
      topPriority: item.topPriority ?? false,
      timeZones: entryTimeZones({
        entryZone: item.timeZone,
        phone: PHONE_CHANNELS.has(c.channel) ? n.normalized : null,
        defaultCountry: o.defaultCountry,
      }),
      payload: value as Record<string, unknown>,
    };
  }
  return { reason: firstError! };
}
