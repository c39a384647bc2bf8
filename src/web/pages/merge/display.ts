// How the merge dialog names a field and shows a value: as the contact page shows it (dates in the
// workspace's format, languages and countries by name, the owner by name, the address on one line).
import type { Contact, FieldDefinition, Member } from '../../api/types';
import { humanize } from '../../lib/constants';
import { formatDate, formatDateTime, formatValue } from '../../lib/format';

export interface DisplayContext {
  dateFormat: string;
  fields: FieldDefinition[];
  users: Member[];
  languages: { code: string; name: string }[];
  countries: { code: string; name: string }[];
}

const LABELS: Record<string, string> = {
  ownerId: 'Owner',
  externalId: 'External ID',
};

export function fieldLabel(field: string, ctx: DisplayContext): string {
  if (field.startsWith('custom.')) {
    const key = field.slice('custom.'.length);
    return ctx.fields.find((f) => f.key === key)?.label ?? key;
  }
  return LABELS[field] ?? humanize(field);
}

export const isBlank = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

type Address = Contact['address'];

export function addressLine(a: Address, ctx: Pick<DisplayContext, 'countries'>): string {
  const country = a.country ? (ctx.countries.find((c) => c.code === a.country)?.name ?? a.country) : null;
  return [a.street, [a.zip, a.city].filter(Boolean).join(' '), a.state, country].filter(Boolean).join(', ');
}

/** A field's value in one line; '' for a blank (the caller says "blank" its own way). */
export function displayValue(field: string, value: unknown, ctx: DisplayContext): string {
  if (isBlank(value)) return '';
  switch (field) {
    case 'address':
      return addressLine(value as Address, ctx);
    case 'ownerId':
      return ctx.users.find((u) => u.id === value)?.name ?? 'A former user';
    case 'birthDate':
      return formatDate(String(value), ctx.dateFormat);
    case 'language':
      return ctx.languages.find((l) => l.code === value)?.name ?? String(value);
    case 'type':
    case 'level':
    case 'source':
      return humanize(String(value));
  }
  if (field.startsWith('custom.')) {
    const def = ctx.fields.find((f) => `custom.${f.key}` === field);
    if (def?.type === 'date') return formatDate(String(value), ctx.dateFormat);
    if (def?.type === 'datetime') return formatDateTime(String(value), ctx.dateFormat);
  }
  return formatValue(value);
}

/** What a blank means for a field, where that is worth saying. */
export const blankText = (field: string) => (field === 'ownerId' ? 'No owner' : 'Blank');
