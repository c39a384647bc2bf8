// Enumerations shared with the server. Kept as literal copies, checked against the backend's
// types, because importing contacts/schema.ts at runtime pulls libphonenumber's full metadata.
import type { Channel, DateFormat, FieldType } from '../api/types';
import type { ContactCreate } from '../api/types';

type Of<K extends keyof ContactCreate> = NonNullable<ContactCreate[K]>;

export const CONTACT_TYPES = [
  'lead',
  'prospect',
  'customer',
  'other',
] as const satisfies readonly Of<'type'>[];
export const CONTACT_LEVELS = ['primary', 'secondary', 'tertiary'] as const satisfies readonly Of<'level'>[];
export const POINT_LABELS = [
  'mobile',
  'work',
  'home',
  'other',
] as const satisfies readonly Of<'points'>[number]['label'][];
export const PHONE_CHANNELS = ['phone', 'sms'] as const satisfies readonly Channel[];
export const SOCIAL_CHANNELS = [
  'whatsapp',
  'wechat',
  'facebook',
  'twitter',
  'linkedin',
  'telegram',
] as const satisfies readonly Channel[];
export const FIELD_TYPES = [
  'text',
  'number',
  'date',
  'datetime',
  'checkbox',
  'select',
  'multiselect',
] as const satisfies readonly FieldType[];
export const DATE_FORMATS = [
  'YYYY-MM-DD',
  'MM/DD/YYYY',
  'DD/MM/YYYY',
] as const satisfies readonly DateFormat[];

export const CHANNEL_LABELS: Record<Channel, string> = {
  phone: 'Phone',
  email: 'Email',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  wechat: 'WeChat',
  facebook: 'Facebook',
  twitter: 'Twitter / X',
  linkedin: 'LinkedIn',
  telegram: 'Telegram',
  web: 'Web',
  other: 'Other',
};

export const TYPE_COLORS: Record<(typeof CONTACT_TYPES)[number], string> = {
  lead: 'blue',
  prospect: 'grape',
  customer: 'teal',
  other: 'gray',
};

export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  text: 'Text',
  number: 'Number',
  date: 'Date',
  datetime: 'Date and time',
  checkbox: 'Checkbox',
  select: 'Single choice',
  multiselect: 'Multiple choice',
};

export const ROLE_LABELS = { owner: 'Owner', admin: 'Admin', agent: 'Agent' } as const;

/** "job_title" or "jobTitle" → "Job title". */
export function humanize(s: string): string {
  const spaced = s
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: humanize(v) }));
