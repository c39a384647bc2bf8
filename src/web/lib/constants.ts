// Enumerations shared with the server, from its import-free modules (contacts/schema.ts itself
// would pull libphonenumber's full metadata into the bundle). Web-only subsets are checked
// against the server's types.
import type { Channel, FieldType } from '../api/types';
import { CONTACT_LEVELS, CONTACT_TYPES, POINT_LABELS } from '../../modules/contacts/enums';
import { FIELD_TYPES } from '../../modules/fields/field-types';
import { DATE_FORMATS } from '../../modules/workspaces/date-formats';

export { CONTACT_LEVELS, CONTACT_TYPES, DATE_FORMATS, FIELD_TYPES, POINT_LABELS };
export const PHONE_CHANNELS = ['phone', 'sms'] as const satisfies readonly Channel[];
export const SOCIAL_CHANNELS = [
  'whatsapp',
  'wechat',
  'facebook',
  'twitter',
  'linkedin',
  'telegram',
] as const satisfies readonly Channel[];

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
