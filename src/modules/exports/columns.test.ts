import { describe, expect, it } from 'vitest';
import type { ContactRow } from '../../db/types.js';
import { AppError } from '../../server/errors.js';
import { CHANNELS, POINT_LABELS } from '../contacts/enums.js';
import type { StreamedContact } from '../contacts/stream.js';
import { CORE_IMPORT_FIELDS, exportHeaders, suggestMapping, type ImportTarget } from '../imports/mapping.js';
import { CORE_EXPORT_FIELDS, defaultColumns, resolveColumns, type ExportField } from './columns.js';

const FIELDS: ExportField[] = [
  { key: 'plan', label: 'Plan', type: 'select', options: ['gold', 'silver'] },
  { key: 'seats', label: 'Seats', type: 'number', options: [] },
  { key: 'renewal', label: 'Renewal date', type: 'date', options: [] },
  { key: 'vip', label: 'VIP', type: 'checkbox', options: [] },
  { key: 'langs', label: 'Spoken languages', type: 'multiselect', options: ['en', 'fr', 'de'] },
  { key: 'seen_at', label: 'Last seen', type: 'datetime', options: [] },
  // Labels that read as something else get custom.<key> headers.
  { key: 'city_code', label: 'City', type: 'text', options: [] },
  { key: 'alias', label: 'Plan', type: 'text', options: [] },
  { key: 'formula', label: '=HYPERLINK("x")', type: 'text', options: [] },
  { key: 'region', label: 'custom.other', type: 'text', options: [] },
];

const ALL_KINDS = CHANNELS.flatMap((channel) => POINT_LABELS.map((label) => ({ channel, label })));

function contact(over: Partial<ContactRow> = {}, points: [string, string, string][] = []): StreamedContact {
  const now = new Date('2026-11-23T10:00:00Z');
  return {
    contact: {
      workspace_id: 'w',
      id: '01900000-0000-7000-8000-000000000001',
      first_name: 'Ada',
      last_name: 'Lovelace',
      type: 'customer',
      level: 'primary',
      company: null,
      job_title: null,
      department: null,
      birth_date: '1985-12-10',
      language: null,
      time_zone: null,
      street: null,
      city: null,
      state: null,
      zip: null,
      country: 'GB',
      tags: ['vip', 'west'],
      owner_id: null,
      created_by: null,
      source: 'manual',
      external_id: null,
      custom: {},
      active: true,
      blocked: false,
      blocked_reason: null,
      search_text: '',
      version: 1,
      created_at: now,
      updated_at: now,
      ...over,
    },
    points: points.map(([channel, label, value], position) => ({
      workspace_id: 'w',
      id: `p${position}`,
      contact_id: 'c',
      channel,
      label,
      value,
      normalized: value,
      status: 'active',
      position,
      created_at: now,
    })),
    ownerEmail: 'owner@example.com',
  };
}

describe('export columns', () => {
  it('has default headers that the import maps back to the same fields, points and custom fields', () => {
    const columns = defaultColumns({ pointKinds: ALL_KINDS, fields: FIELDS });
    const targets: ImportTarget[] = [
      ...CORE_EXPORT_FIELDS.map((field) => ({ kind: 'field' as const, field })),
      ...ALL_KINDS.map((k) => ({ kind: 'point' as const, ...k })),
      ...FIELDS.map((f) => ({ kind: 'custom' as const, key: f.key })),
    ];
    const headers = columns.map((c) => c.header);
    expect(headers).toHaveLength(targets.length);
    const suggestion = suggestMapping(headers, FIELDS);
    expect(suggestion.mapping).toEqual(targets);
    expect(suggestion.unmapped).toEqual([]);
    expect(headers).toEqual(
      expect.arrayContaining(['firstName', 'address.city', 'ownerEmail', 'phone (mobile)', 'Plan', 'Seats']),
    );
    expect(headers).toEqual(
      expect.arrayContaining(['custom.city_code', 'custom.alias', 'custom.formula', 'custom.region']),
    );
  });

  it('names custom fields as exportHeader does when given every field', () => {
    const headers = defaultColumns({ pointKinds: [], fields: FIELDS }).slice(-FIELDS.length);
    const expected = exportHeaders(
      FIELDS.map((f) => ({ kind: 'custom' as const, key: f.key })),
      FIELDS,
    ).map((h, i) => (h.startsWith('=') ? `custom.${FIELDS[i].key}` : h));
    expect(headers.map((c) => c.header)).toEqual(expected);
  });

  it('covers every core field the import takes except fullName', () => {
    expect([...CORE_EXPORT_FIELDS, 'fullName'].sort()).toEqual([...CORE_IMPORT_FIELDS].sort());
  });

  it('writes several points of one kind in one cell, lists with commas, dates and booleans typed', () => {
    const columns = defaultColumns({
      pointKinds: [
        { channel: 'phone', label: 'mobile' },
        { channel: 'email', label: 'work' },
      ],
      fields: FIELDS,
    });
    const c = contact({ custom: { seats: 40, vip: true, langs: ['en', 'fr'], renewal: '2027-01-31' } }, [
      ['phone', 'mobile', '+1 212 555 0100'],
      ['email', 'work', 'ada@a.example'],
      ['phone', 'mobile', '+44 7400 123456'],
      ['phone', 'work', '+1 646 555 0100'],
    ]);
    const row = Object.fromEntries(columns.map((col) => [col.header, col.value(c)]));
    expect(row).toMatchObject({
      firstName: 'Ada',
      company: null,
      birthDate: { date: '1985-12-10' },
      tags: 'vip, west',
      ownerEmail: 'owner@example.com',
      'phone (mobile)': '+1 212 555 0100 ::: +44 7400 123456',
      'email (work)': 'ada@a.example',
      Seats: 40,
      VIP: true,
      'Spoken languages': 'en, fr',
      'Renewal date': { date: '2027-01-31' },
      Plan: null,
    });
    expect(columns.find((col) => col.header === 'phone (mobile)')?.phoneNumbers).toBe(true);
    expect(columns.find((col) => col.header === 'email (work)')?.phoneNumbers).toBeFalsy();
  });

  it('resolves chosen columns by API name, header, custom.<key> or label, without regard to case, once each', () => {
    const ctx = { pointKinds: [], fields: FIELDS };
    const names = [
      'firstName',
      'City',
      'address.city',
      'EMAIL (Work)',
      'custom.seats',
      'seats',
      'Plan',
      'id',
    ];
    expect(resolveColumns(names, ctx).map((c) => c.header)).toEqual([
      'firstName',
      'address.city',
      'email (work)',
      'Seats',
      'Plan',
      'id',
    ]);
    const extra = resolveColumns(['id', 'createdAt', 'updatedAt'], ctx).map((c) => c.value(contact()));
    expect(extra).toEqual([
      '01900000-0000-7000-8000-000000000001',
      '2026-11-23T10:00:00.000Z',
      '2026-11-23T10:00:00.000Z',
    ]);
  });

  it('refuses unknown columns with a 400 on columns naming each', () => {
    const ctx = { pointKinds: [], fields: FIELDS };
    let err: unknown;
    try {
      resolveColumns(['firstName', 'nope', 'custom.missing', 'phone (fax)'], ctx);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.status).toBe(400);
    expect(e.errors.map((x) => x.path)).toEqual(['columns', 'columns', 'columns']);
    expect(e.errors.map((x) => x.message.split(' is not')[0])).toEqual([
      '"nope"',
      '"custom.missing"',
      '"phone (fax)"',
    ]);
  });
});
