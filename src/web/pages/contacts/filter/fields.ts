import type { ComboboxItemGroup } from '@mantine/core';
import type { FieldInfo } from '../../../api/filters';
import { CHANNEL_LABELS, humanize } from '../../../lib/constants';

export type FieldSection = 'contact' | 'points' | 'custom' | 'other';

const SECTIONS: { key: FieldSection; label: string }[] = [
  { key: 'contact', label: 'Contact fields' },
  { key: 'points', label: 'Contact points' },
  { key: 'custom', label: 'Custom fields' },
  { key: 'other', label: 'Other' },
];

// Fields the server lists that are not columns of the contact itself.
const OTHER = new Set(['search']);

export function sectionOf(f: FieldInfo): FieldSection {
  if (f.field.startsWith('points.')) return 'points';
  if (f.field.startsWith('custom.')) return 'custom';
  if (OTHER.has(f.field) || f.type === 'ref') return 'other';
  return 'contact';
}

/** How a field reads in the picker: contact points by their channel's usual spelling. */
export function fieldLabel(f: FieldInfo): string {
  if (f.field.startsWith('points.')) {
    const ch = f.field.slice('points.'.length);
    if (ch === 'any') return 'Any contact point';
    return (CHANNEL_LABELS as Record<string, string>)[ch] ?? f.label;
  }
  return f.label;
}

/** The field picker's options, grouped (Mantine Select groups) in a fixed section order. */
export function fieldOptions(fields: FieldInfo[]): ComboboxItemGroup<{ value: string; label: string }>[] {
  return SECTIONS.map((s) => ({
    group: s.label,
    items: fields
      .filter((f) => sectionOf(f) === s.key)
      .map((f) => ({ value: f.field, label: fieldLabel(f) })),
  })).filter((g) => g.items.length > 0);
}

/** Enum option labels: the server sends bare values ("customer") for some; those read better humanized. */
export function optionLabel(o: { value: string; label: string }): string {
  return o.label === o.value && /^[a-z_]+$/.test(o.value) ? humanize(o.value) : o.label;
}
