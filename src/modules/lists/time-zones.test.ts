import { describe, expect, it } from 'vitest';
import { countryZones, entryTimeZones, phoneCountry } from './time-zones.js';

describe('entry time zones', () => {
  it('uses the entry’s zone, then the contact’s', () => {
    expect(
      entryTimeZones({ entryZone: 'Europe/Lisbon', contactZone: 'Asia/Tokyo', phone: '+14155550100' }),
    ).toEqual(['Europe/Lisbon']);
    expect(entryTimeZones({ contactZone: 'Asia/Tokyo', phone: '+14155550100' })).toEqual(['Asia/Tokyo']);
  });

  it('derives one zone from a single-zone country’s number', () => {
    expect(phoneCountry('+919876543210')).toBe('IN');
    expect(entryTimeZones({ phone: '+919876543210' })).toEqual(['Asia/Kolkata']);
    expect(entryTimeZones({ phone: '+442079460000' })).toEqual(['Europe/London']);
  });

  it('gives both ends of a country that spans zones', () => {
    const us = countryZones('US');
    expect(us).toHaveLength(2);
    expect(us).toContain('America/New_York');
    expect(entryTimeZones({ phone: '+14155550100' })).toEqual(us);
  });

  it('falls back to the default country, then UTC', () => {
    expect(entryTimeZones({ defaultCountry: 'DE' })).toEqual([countryZones('DE')[0]]);
    expect(entryTimeZones({})).toEqual(['UTC']);
    expect(entryTimeZones({ phone: 'not a number' })).toEqual(['UTC']);
  });
});
