import { z } from 'zod';
import countries from 'i18n-iso-countries';
import { parsePhoneNumberFromString, type CountryCode as PhoneCountry } from 'libphonenumber-js/max';
import { CHANNELS, PHONE_CHANNELS, type Channel } from './enums.js';

// Country, language and time-zone rules shared by every input path (API, import, CLI, forms).

// Name look-ups scan every country's names (~70 µs); files repeat the same few countries.
const countryCache = new Map<string, string | null>();

/** ISO 3166-1 alpha-2 from an alpha-2 or alpha-3 code or an English name; null when unknown. */
export function toCountryCode(input: string): string | null {
  const known = countryCache.get(input);
  if (known !== undefined) return known;
  const code = lookUpCountry(input);
  if (countryCache.size >= 10_000) countryCache.clear();
  countryCache.set(input, code);
  return code;
}

function lookUpCountry(input: string): string | null {
  const s = input.trim();
  if (!s) return null;
  if (/^[a-z]{2,3}$/i.test(s)) {
    // toAlpha2 hands any two letters back unchanged ("QQ"): only a code it knows is a country.
    const code = countries.toAlpha2(s.toUpperCase());
    if (code && countries.isValid(code)) return code;
  }
  return countries.getAlpha2Code(s, 'en') ?? countries.getSimpleAlpha2Code(s, 'en') ?? null;
}

export const CountryCode = z
  .string()
  .max(100, 'Country must be at most 100 characters')
  .transform((s, ctx) => {
    const code = toCountryCode(s);
    if (!code) {
      ctx.addIssue({
        code: 'custom',
        message: `"${s}" is not a country: use an ISO 3166-1 code such as US or a country name`,
      });
      return z.NEVER;
    }
    return code;
  });

export function countryList(): { code: string; name: string }[] {
  const names = countries.getNames('en', { select: 'official' });
  return Object.entries(names)
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Languages a contact can be marked with (BCP 47 tags); input may be a tag or its English name. */
export const LANGUAGES: Record<string, string> = {
  ar: 'Arabic',
  bn: 'Bengali',
  cs: 'Czech',
  da: 'Danish',
  de: 'German',
  el: 'Greek',
  en: 'English',
  es: 'Spanish',
  fa: 'Persian',
  fi: 'Finnish',
  fil: 'Filipino',
  fr: 'French',
  he: 'Hebrew',
  hi: 'Hindi',
  hu: 'Hungarian',
  id: 'Indonesian',
  it: 'Italian',
  ja: 'Japanese',
  ko: 'Korean',
  ms: 'Malay',
  nl: 'Dutch',
  no: 'Norwegian',
  pl: 'Polish',
  pt: 'Portuguese',
  ro: 'Romanian',
  ru: 'Russian',
  sv: 'Swedish',
  sw: 'Swahili',
  th: 'Thai',
  tr: 'Turkish',
  uk: 'Ukrainian',
  ur: 'Urdu',
  vi: 'Vietnamese',
  'zh-Hans': 'Simplified Chinese',
  'zh-Hant': 'Traditional Chinese',
};
const LANGUAGE_LOOKUP = new Map<string, string>(
  Object.entries(LANGUAGES).flatMap(([code, name]) => [
    [code.toLowerCase(), code],
    [name.toLowerCase(), code],
  ]),
);

export function toLanguage(input: string): string | null {
  return LANGUAGE_LOOKUP.get(input.trim().toLowerCase()) ?? null;
}

export const Language = z
  .string()
  .max(50, 'Language must be at most 50 characters')
  .transform((s, ctx) => {
    const code = toLanguage(s);
    if (!code) {
      ctx.addIssue({
        code: 'custom',
        message: `"${s}" is not a supported language: use a code such as en or a name such as English`,
      });
      return z.NEVER;
    }
    return code;
  });

const TIME_ZONES = new Map(
  [...Intl.supportedValuesOf('timeZone'), 'UTC'].map((tz) => [tz.toLowerCase(), tz] as const),
);

/** The canonical IANA name, accepting any case and the aliases Intl knows (e.g. US/Eastern). */
export function toTimeZone(input: string): string | null {
  const s = input.trim();
  const known = TIME_ZONES.get(s.toLowerCase());
  if (known) return known;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: s }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export const TimeZone = z
  .string()
  .max(64, 'Time zone must be at most 64 characters')
  .transform((s, ctx) => {
    const tz = toTimeZone(s);
    if (!tz) {
      ctx.addIssue({ code: 'custom', message: `"${s}" is not an IANA time zone such as America/New_York` });
      return z.NEVER;
    }
    return tz;
  });

/** A moment as API clients send it: ISO 8601 with its offset or Z, never a local time to guess. */
export const ZonedDateTime = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date-time with a time zone',
});

export const timeZoneList = (): string[] => [...TIME_ZONES.values()].sort();

/** A calendar date 'YYYY-MM-DD' that exists (no 2023-02-30). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

export { CHANNELS, type Channel };
const HANDLE_CHANNELS = new Set<Channel>(['twitter', 'telegram']);

/** Channels whose normalized values hold no capital letter (phones: "+" and digits). */
export const lowerCaseNormalized = (channel: Channel) =>
  PHONE_CHANNELS.has(channel) || channel === 'email' || HANDLE_CHANNELS.has(channel);

export const EMAIL = z.email();

/**
 * The normalized form of a contact point value, or an error message. Phones become E.164 using
 * the full ("max") metadata, so invalid number ranges are refused, not just wrong lengths.
 */
export function normalizePoint(
  channel: Channel,
  value: string,
  defaultCountry: string,
): { normalized: string } | { error: string } {
  const v = value.trim();
  if (!v) return { error: 'Value is empty' };
  if (PHONE_CHANNELS.has(channel)) {
    const phone = parsePhoneNumberFromString(v, defaultCountry as PhoneCountry);
    if (!phone || !phone.isValid()) {
      return {
        error: `"${v}" is not a valid phone number (numbers without +country code are read as ${defaultCountry})`,
      };
    }
    return { normalized: phone.number };
  }
  if (channel === 'email') {
    const lower = v.toLowerCase();
    if (!EMAIL.safeParse(lower).success) return { error: `"${v}" is not a valid email address` };
    return { normalized: lower };
  }
  if (HANDLE_CHANNELS.has(channel)) return { normalized: v.replace(/^@/, '').toLowerCase() };
  return { normalized: v };
}

/** "Ada King Lovelace" → first "Ada King", last "Lovelace"; one word is a first name. */
export function splitFullName(name: string | undefined): { firstName?: string; lastName?: string } {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return {};
  if (words.length === 1) return { firstName: words[0] };
  return { firstName: words.slice(0, -1).join(' '), lastName: words[words.length - 1] };
}
