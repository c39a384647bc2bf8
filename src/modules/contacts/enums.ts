// The contact enumerations, free of imports so the web app can load them at run time without
// pulling in the server's validation libraries.
export const CONTACT_TYPES = ['lead', 'prospect', 'customer', 'other'] as const;
export const CONTACT_LEVELS = ['primary', 'secondary', 'tertiary'] as const;
export const POINT_LABELS = ['mobile', 'work', 'home', 'other'] as const;
export const POINT_STATUSES = ['active', 'opted_out'] as const;
export const SOURCES = ['manual', 'import', 'api', 'conversation'] as const;
export const CHANNELS = [
  'phone',
  'email',
  'sms',
  'whatsapp',
  'wechat',
  'facebook',
  'twitter',
  'linkedin',
  'telegram',
  'web',
  'other',
] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels whose values are phone numbers (E.164 when normalized). */
export const PHONE_CHANNELS: ReadonlySet<string> = new Set<Channel>(['phone', 'sms', 'whatsapp']);
/** The channels whose values are the same kind of address: a WhatsApp number is the phone's. */
export const channelsOfKind = (channel: string): string[] =>
  PHONE_CHANNELS.has(channel) ? [...PHONE_CHANNELS] : [channel];
export const sameKind = (a: string, b: string): boolean =>
  a === b || (PHONE_CHANNELS.has(a) && PHONE_CHANNELS.has(b));
/** Messengers and social networks: reached by a handle, written as IMPP in vCards. */
export const MESSENGER_CHANNELS = [
  'sms',
  'whatsapp',
  'wechat',
  'telegram',
  'facebook',
  'twitter',
  'linkedin',
] as const satisfies readonly Channel[];
