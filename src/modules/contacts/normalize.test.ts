import { describe, expect, it } from 'vitest';
import { normalizePoint, toCountryCode, toLanguage, toTimeZone, isCalendarDate } from './normalize.js';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('phone normalization', () => {
  it('reads national numbers with the default country and international ones as given', () => {
    expect(normalizePoint('phone', '(212) 555-0100', 'US')).toEqual({ normalized: '+12125550100' });
    expect(normalizePoint('phone', '+85251234567', 'US')).toEqual({ normalized: '+85251234567' });
    expect(normalizePoint('whatsapp', '020 7946 0018', 'GB')).toEqual({ normalized: '+442079460018' });
  });

  it('refuses numbers that only have the right length (full metadata, not just length checks)', () => {
    expect(normalizePoint('phone', '+85212345678', 'US')).toHaveProperty('error');
    expect(normalizePoint('phone', '(000) 000-0000', 'US')).toHaveProperty('error');
    expect(normalizePoint('phone', '12', 'US')).toHaveProperty('error');
    expect(normalizePoint('sms', 'call me', 'US')).toHaveProperty('error');
  });

  it('lower-cases and validates emails, strips @ from handles', () => {
    expect(normalizePoint('email', ' Ada@Example.COM ', 'US')).toEqual({ normalized: 'ada@example.com' });
    expect(normalizePoint('email', 'ada@', 'US')).toHaveProperty('error');
    expect(normalizePoint('twitter', '@AdaL', 'US')).toEqual({ normalized: 'adal' });
    expect(normalizePoint('wechat', '  wx_ada ', 'US')).toEqual({ normalized: 'wx_ada' });
  });
});

describe('countries, languages, time zones, dates', () => {
  it('accepts ISO codes in any case and English names', () => {
    expect(['us', 'USA', 'United States of America', 'Germany', 'deu'].map(toCountryCode)).toEqual([
      'US',
      'US',
      'US',
      'DE',
      'DE',
    ]);
    expect(toCountryCode('Atlantis')).toBeNull();
    expect(toCountryCode('QQ')).toBeNull();
    expect(toCountryCode('XXX')).toBeNull();
  });
  it('accepts language codes and names', () => {
    expect([toLanguage('EN'), toLanguage('simplified chinese'), toLanguage('Klingon')]).toEqual([
      'en',
      'zh-Hans',
      null,
    ]);
  });
  it('returns canonical IANA zones', () => {
    expect([toTimeZone('america/new_york'), toTimeZone('UTC'), toTimeZone('Mars/Olympus')]).toEqual([
      'America/New_York',
      'UTC',
      null,
    ]);
  });
  it('knows real calendar dates', () => {
    expect([isCalendarDate('2024-02-29'), isCalendarDate('2023-02-29'), isCalendarDate('2023-2-1')]).toEqual([
      true,
      false,
      false,
    ]);
  });
});

describe('cursors', () => {
  it('round-trip and refuse cursors of another sort or forged content', () => {
    const id = '01a20562-aa75-799b-955a-3ae8307cfd2b';
    const c = encodeCursor('lastName', 'asc', 'Smith', id);
    expect(decodeCursor(c, 'lastName', 'asc')).toEqual({ value: 'Smith', id });
    expect(() => decodeCursor(c, 'firstName', 'asc')).toThrow(/different sort/);
    expect(() => decodeCursor('not-a-cursor', 'lastName', 'asc')).toThrow(/cursor/);
    const forged = Buffer.from(JSON.stringify({ s: 'lastName', o: 'asc', v: { $gt: 1 }, id })).toString(
      'base64url',
    );
    expect(() => decodeCursor(forged, 'lastName', 'asc')).toThrow(/cursor/);
  });
});
