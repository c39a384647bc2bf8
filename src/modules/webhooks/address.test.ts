import { describe, expect, it } from 'vitest';
import { isPublicAddress, literalPrivateHost, PrivateAddressError, publicOnlyLookup } from './address.js';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::10.0.0.1',
    'not an address',
  ])('refuses %s', (address) => expect(isPublicAddress(address)).toBe(false));

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
  ])('takes %s', (address) => expect(isPublicAddress(address)).toBe(true));
});

describe('literalPrivateHost', () => {
  it('names a private host written as an address, or localhost', () => {
    expect(literalPrivateHost(new URL('http://127.0.0.1:8080/x'))).toBe('127.0.0.1');
    expect(literalPrivateHost(new URL('http://[::1]/x'))).toBe('::1');
    expect(literalPrivateHost(new URL('http://[::ffff:10.0.0.1]/x'))).toBe('::ffff:a00:1');
    expect(literalPrivateHost(new URL('http://LOCALHOST:3000/'))).toBe('localhost');
    expect(literalPrivateHost(new URL('http://api.localhost/'))).toBe('api.localhost');
    // Other spellings of an address are normalised by the URL parser before the check.
    expect(literalPrivateHost(new URL('http://2130706433/'))).toBe('127.0.0.1');
    expect(literalPrivateHost(new URL('http://0x7f.1/'))).toBe('127.0.0.1');
    expect(literalPrivateHost(new URL('https://hooks.example.com/x'))).toBeNull();
    expect(literalPrivateHost(new URL('https://8.8.8.8/x'))).toBeNull();
  });
});

describe('publicOnlyLookup', () => {
  it('refuses a name that resolves to a private address', async () => {
    const err = await new Promise<unknown>((resolve) => publicOnlyLookup('localhost', {}, (e) => resolve(e)));
    expect(err).toBeInstanceOf(PrivateAddressError);
    expect((err as Error).message).toMatch(/^localhost resolves to .*, a private address/);
  });
});
