import {
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/min';

const regionNames =
  typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'region' }) : null;

export const countryName = (code: string): string => {
  try {
    return regionNames?.of(code) ?? code;
  } catch {
    return code;
  }
};

export interface DialCode {
  value: string; // ISO country
  name: string; // "Hong Kong"
  label: string; // "Hong Kong +852"
  dial: string; // "852"
}

let cache: DialCode[] | null = null;
export function dialCodes(): DialCode[] {
  cache ??= getCountries()
    .map((c) => ({
      value: c,
      name: countryName(c),
      dial: getCountryCallingCode(c),
      label: `${countryName(c)} +${getCountryCallingCode(c)}`,
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return cache;
}

export const dialOf = (country: string): string => {
  try {
    return getCountryCallingCode(country as CountryCode);
  } catch {
    return '';
  }
};

/**
 * The value to send for a number typed next to a country select. Numbers already starting
 * with + are sent as typed; numbers of the workspace's default country are sent as typed
 * (the server reads them as that country); others get the country code in front.
 */
export function phoneValue(country: string, number: string, defaultCountry: string): string {
  const n = number.trim();
  if (!n) return '';
  if (n.startsWith('+') || !country || country === defaultCountry) return n;
  const parsed = parsePhoneNumberFromString(n, country as CountryCode);
  if (parsed?.isPossible()) return parsed.number;
  return `+${dialOf(country)} ${n}`;
}

/** Splits a stored value into the country select and the number box. */
export function splitPhone(value: string, defaultCountry: string): { country: string; number: string } {
  const v = value.trim();
  if (v.startsWith('+')) {
    const parsed = parsePhoneNumberFromString(v);
    if (parsed?.country) return { country: parsed.country, number: parsed.formatNational() };
  }
  return { country: defaultCountry, number: v };
}

/** International format for display, or the value as given. */
export function displayPhone(value: string): string {
  const parsed = parsePhoneNumberFromString(value);
  return parsed ? parsed.formatInternational() : value;
}
