// Which address an entry is tried on next: the campaign's address rules in order, for the channels
// not reached yet, skipping opted-out points and addresses reported invalid. When none is left the
// entry is flagged, with the reason a person can act on.
import type { AddressRule } from '../campaigns/rules.js';
import { sameKind } from '../contacts/enums.js';
import type { PointFact } from './repo.js';

export interface EntryFacts {
  progress: Record<string, string>;
  invalid: string[];
  address_channel: string | null;
  address: string | null;
}

export type Choice =
  { ok: true; use: string; pointChannel: string; address: string } | { ok: false; reason: string };

export function chooseAddress(
  entry: EntryFacts,
  rules: readonly AddressRule[],
  contact: { blocked: boolean; points: readonly PointFact[] } | null,
  pinnedOptedOut: boolean,
): Choice {
  if (contact?.blocked) return { ok: false, reason: 'The contact is blocked' };
  const open = rules.filter((r) => entry.progress[r.use] !== 'reached');
  if (entry.address && entry.address_channel) {
    const rule = open.find((r) => sameKind(r.channel, entry.address_channel!));
    if (!rule)
      return { ok: false, reason: `The address is a ${entry.address_channel}, which no open channel uses` };
    if (pinnedOptedOut) return { ok: false, reason: 'The address is opted out' };
    if (entry.invalid.includes(entry.address))
      return { ok: false, reason: 'The address was reported invalid' };
    return { ok: true, use: rule.use, pointChannel: entry.address_channel, address: entry.address };
  }
  const candidates = open.flatMap((rule) =>
    (contact?.points ?? [])
      .filter((p) => p.channel === rule.channel && (!rule.label || p.label === rule.label))
      .map((p) => ({ rule, p })),
  );
  const usable = candidates.find(({ p }) => p.status === 'active' && !entry.invalid.includes(p.normalized));
  if (usable)
    return { ok: true, use: usable.rule.use, pointChannel: usable.p.channel, address: usable.p.normalized };
  if (candidates.length === 0) return { ok: false, reason: 'No contact point for the campaign’s channels' };
  if (candidates.every(({ p }) => p.status !== 'active'))
    return { ok: false, reason: 'Every address is opted out' };
  if (candidates.every(({ p }) => entry.invalid.includes(p.normalized)))
    return { ok: false, reason: 'Every address was reported invalid' };
  return { ok: false, reason: 'No usable address left: the others are opted out or were reported invalid' };
}
