import { describe, expect, it } from 'vitest';
import { diffContacts } from './changes.js';
import type { Contact } from './schema.js';

const base: Contact = {
  id: 'c1',
  firstName: 'Ada',
  lastName: null,
  displayName: 'Ada',
  type: 'lead',
  level: 'primary',
  company: null,
  jobTitle: null,
  department: null,
  birthDate: null,
  language: null,
  timeZone: null,
  address: { street: null, city: null, state: null, zip: null, country: 'GB' },
  tags: [],
  ownerId: 'u1',
  source: 'manual',
  externalId: null,
  custom: { plan: 'gold' },
  active: true,
  blocked: false,
  blockedReason: null,
  points: [
    {
      id: 'p1',
      channel: 'phone',
      label: 'mobile',
      value: '+447400123456',
      normalized: '+447400123456',
      status: 'active',
    },
  ],
  sharedWith: [],
  version: 1,
  createdAt: '',
  updatedAt: '',
};

describe('diffContacts', () => {
  it('lists only changed fields, with nested address, custom values and contact points', () => {
    const after: Contact = {
      ...base,
      lastName: 'Lovelace',
      address: { ...base.address, country: 'FR' },
      custom: { seats: 3 },
      tags: ['vip'],
      points: [{ ...base.points[0], status: 'opted_out' }],
    };
    expect(diffContacts(base, after)).toEqual([
      { field: 'lastName', before: null, after: 'Lovelace' },
      { field: 'tags', before: [], after: ['vip'] },
      { field: 'address.country', before: 'GB', after: 'FR' },
      { field: 'custom.plan', before: 'gold', after: null },
      {
        field: 'points.phone:+447400123456',
        before: { value: '+447400123456', label: 'mobile', status: 'active' },
        after: { value: '+447400123456', label: 'mobile', status: 'opted_out' },
      },
      { field: 'custom.seats', before: null, after: 3 },
    ]);
  });

  it('records every set field on create and nothing for an unchanged contact', () => {
    expect(diffContacts(null, base).map((c) => c.field)).toEqual([
      'firstName',
      'type',
      'level',
      'ownerId',
      'source',
      'address.country',
      'custom.plan',
      'points.phone:+447400123456',
    ]);
    expect(diffContacts(base, { ...base, version: 2 })).toEqual([]);
  });
});
