// Column targets of the mapping step: as Select values, as words, and the rules the server checks
// (one column per single-value field, something that identifies a contact).
import type { ComboboxItem, ComboboxItemGroup } from '@mantine/core';
import {
  CORE_IMPORT_FIELDS,
  ENTRY_IMPORT_FIELDS,
  IMPORT_FIELD_LABELS,
  isEntryField,
  type CoreImportField,
  type ImportTarget,
  type MatchKey,
} from '../../api/imports';
import type { FieldDefinition } from '../../api/types';
import { CHANNEL_LABELS } from '../../lib/constants';
import { CHANNELS, POINT_LABELS } from '../../../modules/contacts/enums';

type Channel = (typeof CHANNELS)[number];
type PointLabel = (typeof POINT_LABELS)[number];

export const IGNORE: ImportTarget = { kind: 'ignore' };

/** A target as a Select value: "ignore", "field:city", "point:phone:mobile", "custom:plan". */
export function targetValue(t: ImportTarget): string {
  if (t.kind === 'field') return `field:${t.field}`;
  if (t.kind === 'point') return `point:${t.channel}:${t.label}`;
  if (t.kind === 'custom') return `custom:${t.key}`;
  return 'ignore';
}

export function parseTarget(value: string | null): ImportTarget {
  const [kind, a, b] = (value ?? 'ignore').split(':');
  if (kind === 'field') return { kind, field: a as CoreImportField | (typeof ENTRY_IMPORT_FIELDS)[number] };
  if (kind === 'point') return { kind, channel: a as Channel, label: b as PointLabel };
  if (kind === 'custom') return { kind, key: a };
  return IGNORE;
}

const pointName = (channel: Channel, label: PointLabel) =>
  `${CHANNEL_LABELS[channel]} (${label === 'other' ? 'other' : label})`;

export function targetLabel(t: ImportTarget, fields: readonly FieldDefinition[]): string {
  if (t.kind === 'field') return IMPORT_FIELD_LABELS[t.field];
  if (t.kind === 'point') return pointName(t.channel, t.label);
  if (t.kind === 'custom') return fields.find((f) => f.key === t.key)?.label ?? t.key;
  return 'Ignore';
}

/** The slot a target fills when only one column may fill it; null when several columns may. */
export function slotOf(t: ImportTarget, fields: readonly FieldDefinition[]): string | null {
  if (t.kind === 'field') return t.field === 'tags' ? null : `field:${t.field}`;
  if (t.kind === 'custom') {
    const multi = fields.find((f) => f.key === t.key)?.type === 'multiselect';
    return multi ? null : `custom:${t.key}`;
  }
  return null;
}

/** Which column holds each single-column slot (the first one, if the suggestion repeated one). */
export function takenSlots(mapping: readonly ImportTarget[], fields: readonly FieldDefinition[]) {
  const taken = new Map<string, number>();
  mapping.forEach((t, i) => {
    const slot = slotOf(t, fields);
    if (slot && !taken.has(slot)) taken.set(slot, i);
  });
  return taken;
}

/** Whether each row can become a contact: a name or a contact point is mapped. */
export const identifies = (mapping: readonly ImportTarget[]) =>
  mapping.some(
    (t) =>
      t.kind === 'point' ||
      (t.kind === 'field' && (t.field === 'firstName' || t.field === 'lastName' || t.field === 'fullName')),
  );

export const hasField = (m: readonly ImportTarget[], field: CoreImportField) =>
  m.some((t) => t.kind === 'field' && t.field === field);
export const hasChannel = (m: readonly ImportTarget[], channel: Channel) =>
  m.some((t) => t.kind === 'point' && t.channel === channel);

/** Why a match key cannot be used with this mapping, or null when it can. */
export function matchUnavailable(
  key: MatchKey,
  mapping: readonly ImportTarget[],
  generateExternalIds: boolean,
): string | null {
  if (key === 'externalId' && !hasField(mapping, 'externalId') && !generateExternalIds)
    return 'no column is mapped to External id';
  if ((key === 'email' || key === 'phone') && !hasChannel(mapping, key))
    return `no column is mapped to ${key === 'email' ? 'an email' : 'a phone'}`;
  return null;
}

/**
 * The match key used until the person picks one: the external id when a column holds it, else
 * the email when mapped, else none. Unlike the server's default, generated ids do not count: a
 * freshly generated id never matches anyone, so matching on it would duplicate every contact.
 */
export function defaultMatchBy(mapping: readonly ImportTarget[]): MatchKey {
  if (hasField(mapping, 'externalId')) return 'externalId';
  if (hasChannel(mapping, 'email')) return 'email';
  return 'none';
}

/** Whether a column fills the list entry of its row's contact (imports into a contact list). */
export const entryColumns = (mapping: readonly ImportTarget[]) =>
  mapping.some((t) => t.kind === 'field' && isEntryField(t.field));

const ENTRY_HINTS: Record<(typeof ENTRY_IMPORT_FIELDS)[number], string> = {
  'entry.priority': 'A whole number from -1000 to 1000; higher is called first',
  'entry.nextTryAt': 'Not called before this date and time, written with its offset (+01:00 or Z)',
  'entry.timeZone': 'The calling window’s zone, such as Europe/Berlin',
  'entry.topPriority': 'Yes or no: called before all others',
};

type Option = ComboboxItem & { hint?: string };

/**
 * The grouped choices for one column; single-column targets used elsewhere are disabled. With
 * `entries` (managers, who may import into a contact list) the list entry fields are offered too.
 */
export function targetOptions(
  column: number,
  mapping: readonly ImportTarget[],
  headers: readonly string[],
  fields: readonly FieldDefinition[],
  entries = false,
): (Option | ComboboxItemGroup<Option>)[] {
  const taken = takenSlots(mapping, fields);
  const option = (t: ImportTarget): Option => {
    const slot = slotOf(t, fields);
    const owner = slot === null ? undefined : taken.get(slot);
    const elsewhere = owner !== undefined && owner !== column;
    return {
      value: targetValue(t),
      label: targetLabel(t, fields),
      disabled: elsewhere,
      hint: elsewhere ? `Used by column ${owner + 1} (${headers[owner] || 'no header'})` : undefined,
    };
  };
  const groups: (Option | ComboboxItemGroup<Option>)[] = [
    { value: 'ignore', label: 'Ignore' },
    {
      group: 'Contact fields',
      items: CORE_IMPORT_FIELDS.map((field) => option({ kind: 'field', field })),
    },
    {
      group: 'Contact points',
      items: CHANNELS.flatMap((channel) =>
        POINT_LABELS.map((label) => option({ kind: 'point', channel, label })),
      ),
    },
  ];
  if (fields.length > 0) {
    groups.push({
      group: 'Custom fields',
      items: fields.map((f) => option({ kind: 'custom', key: f.key })),
    });
  }
  // Also when a reused mapping brought one: the select must be able to show what is chosen.
  if (entries || entryColumns(mapping)) {
    groups.push({
      group: 'Contact list entry (with Add to a contact list)',
      items: ENTRY_IMPORT_FIELDS.map((field) => {
        const o = option({ kind: 'field', field });
        return { ...o, hint: o.hint ?? ENTRY_HINTS[field] };
      }),
    });
  }
  return groups;
}
