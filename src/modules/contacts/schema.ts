import { z } from 'zod';
import { CountryCode, isCalendarDate, Language, TimeZone } from './normalize.js';
import { CHANNELS, CONTACT_LEVELS, CONTACT_TYPES, POINT_LABELS, POINT_STATUSES, SOURCES } from './enums.js';

export { CHANNELS, CONTACT_LEVELS, CONTACT_TYPES, POINT_LABELS, POINT_STATUSES, SOURCES };

/** Text with a length limit named in the message; empty or blank becomes null. */
const text = (label: string, max: number) =>
  z
    .string()
    .max(max, `${label} must be at most ${max} characters`)
    .transform((s) => (s.trim() === '' ? null : s.trim()))
    .nullable();

const orNull = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), schema.nullable());

const BirthDate = z
  .string()
  .refine(isCalendarDate, 'Birth date must be a real date written YYYY-MM-DD')
  .refine(
    (s) => s >= '1900-01-01' && s <= new Date().toISOString().slice(0, 10),
    'Birth date must be between 1900-01-01 and today',
  );

const Tag = z.string().trim().min(1, 'Tags cannot be empty').max(50, 'Tags must be at most 50 characters');
const Tags = z
  .array(Tag)
  .max(100, 'At most 100 tags')
  .transform((tags) => [...new Set(tags)]);

export const PointInput = z
  .object({
    id: z
      .uuid('id must be a UUID')
      .optional()
      .describe('Keep an existing contact point (its id) when replacing the list'),
    channel: z.enum(CHANNELS),
    label: z.enum(POINT_LABELS).default('other'),
    value: z.string().trim().min(1, 'Value is required').max(320, 'Value must be at most 320 characters'),
    status: z.enum(POINT_STATUSES).default('active'),
  })
  .strict();
export type PointInput = z.infer<typeof PointInput>;

export const Address = z
  .object({
    street: text('Street', 300),
    city: text('City', 100),
    state: text('State', 100),
    zip: text('ZIP', 20),
    country: orNull(CountryCode).describe(
      'ISO 3166-1 alpha-2; codes (US, USA) and English names are accepted',
    ),
  })
  .partial()
  .strict();

const CustomValues = z
  .record(z.string().max(63), z.unknown())
  .describe(
    'Custom field values by key; each is validated against its field definition. null clears a value.',
  );

const contactFields = {
  firstName: text('First name', 100),
  lastName: text('Last name', 100),
  type: z.enum(CONTACT_TYPES),
  level: z.enum(CONTACT_LEVELS),
  company: text('Company', 200),
  jobTitle: text('Job title', 200),
  department: text('Department', 200),
  birthDate: orNull(BirthDate),
  language: orNull(Language),
  timeZone: orNull(TimeZone),
  address: Address,
  tags: Tags,
  ownerId: z.uuid('ownerId must be a user id').nullable().describe('Managers only; defaults to the creator'),
  source: z.enum(SOURCES),
  externalId: text('External id', 200).describe('Your system’s id for the contact; unique in the workspace'),
  custom: CustomValues,
};

export const ContactCreate = z
  .object({
    ...contactFields,
    type: contactFields.type.default('lead'),
    level: contactFields.level.default('primary'),
    points: z.array(PointInput).max(50, 'At most 50 contact points').default([]),
  })
  .partial({
    firstName: true,
    lastName: true,
    company: true,
    jobTitle: true,
    department: true,
    birthDate: true,
    language: true,
    timeZone: true,
    address: true,
    tags: true,
    ownerId: true,
    source: true,
    externalId: true,
    custom: true,
  })
  .strict();
export type ContactCreate = z.infer<typeof ContactCreate>;

export const ContactPatch = z
  .object({
    ...contactFields,
    points: z
      .array(PointInput)
      .max(50, 'At most 50 contact points')
      .describe('Replaces the whole list; send ids to keep existing points'),
  })
  .partial()
  .strict();
export type ContactPatch = z.infer<typeof ContactPatch>;

export const ContactPoint = z.object({
  id: z.string(),
  channel: z.enum(CHANNELS),
  label: z.enum(POINT_LABELS),
  value: z.string(),
  normalized: z.string().describe('E.164 for phones, lower-case for emails'),
  status: z.enum(POINT_STATUSES),
});
export type ContactPoint = z.infer<typeof ContactPoint>;

export const Contact = z.object({
  id: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  displayName: z.string(),
  type: z.enum(CONTACT_TYPES),
  level: z.enum(CONTACT_LEVELS),
  company: z.string().nullable(),
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
  birthDate: z.string().nullable(),
  language: z.string().nullable(),
  timeZone: z.string().nullable(),
  address: z.object({
    street: z.string().nullable(),
    city: z.string().nullable(),
    state: z.string().nullable(),
    zip: z.string().nullable(),
    country: z.string().nullable(),
  }),
  tags: z.array(z.string()),
  ownerId: z.string().nullable(),
  source: z.enum(SOURCES),
  externalId: z.string().nullable(),
  custom: z.record(z.string(), z.unknown()),
  active: z.boolean().describe('True while the contact has at least one active contact point'),
  blocked: z
    .boolean()
    .describe('Blocked contacts get no outbound; their inbound conversations are marked blocked'),
  blockedReason: z.string().nullable(),
  points: z.array(ContactPoint),
  sharedWith: z.array(z.string()).describe('Ids of users the contact is shared with'),
  version: z.number().int().describe('Send as If-Match when updating'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Contact = z.infer<typeof Contact>;

/** Core fields the list can be sorted by, mapped to their columns. */
export const SORT_COLUMNS = {
  firstName: 'first_name',
  lastName: 'last_name',
  type: 'type',
  level: 'level',
  company: 'company',
  jobTitle: 'job_title',
  department: 'department',
  birthDate: 'birth_date',
  language: 'language',
  timeZone: 'time_zone',
  city: 'city',
  state: 'state',
  zip: 'zip',
  country: 'country',
  source: 'source',
  externalId: 'external_id',
  active: 'active',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const;
export type SortField = keyof typeof SORT_COLUMNS;

const ListPaging = {
  sort: z
    .enum([...(Object.keys(SORT_COLUMNS) as SortField[]), 'relevance'])
    .optional()
    .describe('Default: relevance when q is given, else createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce
    .number()
    .int()
    .min(1, 'limit must be at least 1')
    .max(200, 'limit must be at most 200')
    .default(50),
  cursor: z.string().max(2000).optional().describe('nextCursor from the previous page'),
};
const SearchText = z
  .string()
  .max(200, 'q must be at most 200 characters')
  .optional()
  .describe('Search text: names, email or phone fragments; typo-tolerant');

export const FilterTree = z
  .unknown()
  .describe(
    'A filter tree: {"and": [...]}, {"or": [...]}, {"not": {...}} or a condition {"field", "op", "value"}. GET /filters/fields lists fields and operators',
  );

export const ContactListQuery = z.object({
  q: SearchText,
  filter: z
    .string()
    .max(20_000, 'filter must be at most 20000 characters')
    .optional()
    .describe('A filter tree as JSON (POST /contacts/query takes it in the body)'),
  ...ListPaging,
});
export type ContactListQuery = z.infer<typeof ContactListQuery>;

export const ContactQuery = z
  .object({ q: SearchText, filter: FilterTree.optional(), ...ListPaging })
  .strict();
export type ContactQuery = z.infer<typeof ContactQuery>;

export const ContactCount = z.object({ q: SearchText, filter: FilterTree.optional() }).strict();

export const ContactList = z.object({
  items: z.array(Contact),
  nextCursor: z.string().nullable(),
});

export const BulkDelete = z
  .object({
    ids: z
      .array(z.uuid('ids must be contact ids'))
      .min(1, 'Give at least one id')
      .max(1000, 'At most 1000 ids per request'),
    expectedCount: z
      .number()
      .int()
      .describe('How many contacts you expect to delete; a mismatch deletes nothing'),
  })
  .strict();

export const Change = z.object({
  id: z.string(),
  contactId: z.string(),
  action: z.enum([
    'create',
    'update',
    'delete',
    'share',
    'unshare',
    'transfer',
    'block',
    'unblock',
    'merge',
    'unmerge',
  ]),
  actor: z.object({
    type: z.enum(['user', 'api_key', 'system']),
    id: z.string().nullable(),
    name: z.string().nullable(),
  }),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
  createdAt: z.string(),
});
export type Change = z.infer<typeof Change>;

export const ChangeList = z.object({ items: z.array(Change), nextCursor: z.string().nullable() });

export const BlockBody = z
  .object({ reason: text('Reason', 500).optional().describe('Why the contact is blocked') })
  .strict();
