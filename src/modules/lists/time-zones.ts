// The time zones an entry's calling window is checked in. The contact's own zone when known;
// else the zones of its phone number's country. A country spanning several zones (US, Canada,
// Russia, Brazil, Australia…) gives its westernmost and easternmost, and the window must hold in
// both: a number alone does not say where in the country its owner is, and calling someone at
// 07:00 is worse than calling a little later than possible. Setting the contact's or the entry's
// time zone lifts the restriction.
import ct from 'countries-and-timezones';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

const byCountry = new Map<string, string[]>();

/** The country's zones with the smallest and largest UTC offset (one when they agree). */
export function countryZones(country: string): string[] {
  const known = byCountry.get(country);
  if (known) return known;
  const zones = (ct.getCountry(country)?.timezones ?? [])
    .map((name) => ct.getTimezone(name))
    .filter((z): z is NonNullable<typeof z> => !!z)
    .sort((a, b) => a.utcOffset - b.utcOffset || (a.name < b.name ? -1 : 1));
  const result =
    zones.length === 0
      ? []
      : zones[0].utcOffset === zones[zones.length - 1].utcOffset
        ? [zones[0].name]
        : [zones[0].name, zones[zones.length - 1].name];
  byCountry.set(country, result);
  return result;
}

/** The country of an E.164 number, or null. */
export function phoneCountry(e164: string): string | null {
  return parsePhoneNumberFromString(e164)?.country ?? null;
}

/**
 * Zones for an entry: the one given for the entry, else the contact's, else its phone's country's,
 * else the workspace's default country's, else UTC.
 */
export function entryTimeZones(o: {
  entryZone?: string | null;
  contactZone?: string | null;
  phone?: string | null;
  defaultCountry?: string | null;
}): string[] {
  if (o.entryZone) return [o.entryZone];
  if (o.contactZone) return [o.contactZone];
  const country = (o.phone && phoneCountry(o.phone)) || o.defaultCountry;
  const zones = country ? countryZones(country) : [];
  return zones.length ? zones : ['UTC'];
}
