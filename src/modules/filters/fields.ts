import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { FieldDefinitionRow } from '../../db/types.js';
import { CHANNELS, CONTACT_LEVELS, CONTACT_TYPES, PHONE_CHANNELS, SOURCES } from '../contacts/enums.js';
import {
  countryList,
  LANGUAGES,
  lowerCaseNormalized,
  normalizePoint,
  toCountryCode,
  toLanguage,
  toTimeZone,
  timeZoneList,
} from '../contacts/normalize.js';
import { CORE_FIELD_LABELS } from '../imports/enums.js';
import {
  bad,
  booleanSpec,
  columnOperand,
  enumSpec,
  jsonOperand,
  likeEscape,
  listOf,
  numberSpec,
  opNotAllowed,
  textSpec,
  textValue,
  timeSpec,
  type CompileContext,
  type ConditionSpec,
} from './kinds.js';
import type { Op } from './enums.js';

// The conditions every contact has: core columns, tags, owner, contact points, custom fields.

const col = (name: string) => sql.ref(`c.${name}`) as RawBuilder<unknown>;
const asOptions = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));
const capitalized = (values: readonly string[]) =>
  values.map((v) => ({ value: v, label: v[0].toUpperCase() + v.slice(1) }));

const TEXT_COLUMNS = {
  firstName: 'first_name',
  lastName: 'last_name',
  company: 'company',
  jobTitle: 'job_title',
  department: 'department',
  street: 'street',
  city: 'city',
  state: 'state',
  zip: 'zip',
  externalId: 'external_id',
} as const;

const label = (key: string) => (CORE_FIELD_LABELS as Record<string, string>)[key] ?? key;

function tagsSpec(): ConditionSpec {
  const ops: Op[] = ['contains', 'in', 'is_empty', 'is_not_empty'];
  return {
    label: 'Tags',
    type: 'tags',
    ops,
    compile(c, ctx) {
      if (!ops.includes(c.op)) return opNotAllowed(c, ctx, ops);
      if (c.op === 'is_empty') return sql<SqlBool>`c.tags = '{}'`;
      if (c.op === 'is_not_empty') return sql<SqlBool>`c.tags <> '{}'`;
      if (c.op === 'in') {
        const list = listOf(c, ctx, (v, p) => textValue(v, p, ctx));
        return list && sql<SqlBool>`c.tags && ${list}::text[]`;
      }
      const tag = textValue(c.value, `${c.path}.value`, ctx);
      return tag === null ? null : sql<SqlBool>`c.tags @> array[${tag}]::text[]`;
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function ownerSpec(): ConditionSpec {
  const ops: Op[] = ['equals', 'not_equals', 'in', 'is_empty', 'is_not_empty'];
  const user = (v: unknown, path: string, ctx: CompileContext): string | null => {
    if (v === 'me') {
      if (ctx.userId) return ctx.userId;
      ctx.error(path, '"me" needs a signed-in user; API keys name the user id');
      return null;
    }
    if (typeof v === 'string' && UUID.test(v)) return v.toLowerCase();
    ctx.error(path, 'must be a user id or "me"');
    return null;
  };
  return {
    label: 'Owner',
    type: 'user',
    ops,
    compile(c, ctx) {
      if (!ops.includes(c.op)) return opNotAllowed(c, ctx, ops);
      if (c.op === 'is_empty') return sql<SqlBool>`c.owner_id is null`;
      if (c.op === 'is_not_empty') return sql<SqlBool>`c.owner_id is not null`;
      if (c.op === 'in') {
        const list = listOf(c, ctx, (v, p) => user(v, p, ctx));
        return list && sql<SqlBool>`c.owner_id = any(${list}::uuid[])`;
      }
      const id = user(c.value, `${c.path}.value`, ctx);
      if (!id) return null;
      return c.op === 'equals'
        ? sql<SqlBool>`c.owner_id = ${id}::uuid`
        : sql<SqlBool>`c.owner_id is distinct from ${id}::uuid`;
    },
  };
}

/**
 * Whether the contact's email addresses, each with a space either side in section 5 of its
 * search text (contacts/search-text.ts), contain `needle`. Read from the contact's own row, so a
 * filter on emails scans in parallel; a look-up of each contact's points cannot (docs/decisions.md).
 */
const inEmails = (needle: string) =>
  sql<SqlBool>`strpos(split_part(c.search_text, E'\\t', 5), ${needle}) > 0`;

/**
 * Contact points of one channel ("any" for all): has one, has none, one whose normalized value
 * is, contains or starts with the given text, or one that is opted out. Phone values are read
 * as the contact's own were, so "(212) 555-0100" finds +12125550100.
 */
function pointSpec(channel: string): ConditionSpec {
  const ops: Op[] = ['is_not_empty', 'is_empty', 'equals', 'contains', 'starts_with', 'is_opted_out'];
  const phone = PHONE_CHANNELS.has(channel);
  const exists = (cond: RawBuilder<SqlBool>) => sql<SqlBool>`exists (
    select 1 from contact_points p
    where p.workspace_id = c.workspace_id and p.contact_id = c.id
      ${channel === 'any' ? sql`` : sql`and p.channel = ${channel}`} and ${cond})`;
  return {
    label: channel === 'any' ? 'Any contact point' : `${channel[0].toUpperCase()}${channel.slice(1)}`,
    type: 'point',
    ops,
    compile(c, ctx) {
      if (!ops.includes(c.op)) return opNotAllowed(c, ctx, ops);
      if (c.op === 'is_not_empty') return exists(sql<SqlBool>`true`);
      if (c.op === 'is_empty') return sql<SqlBool>`not ${exists(sql<SqlBool>`true`)}`;
      if (c.op === 'is_opted_out') return exists(sql<SqlBool>`p.status = 'opted_out'`);
      let v = textValue(c.value, `${c.path}.value`, ctx);
      if (v === null) return null;
      if (c.op === 'equals') {
        if (channel === 'any') return exists(sql<SqlBool>`lower(p.normalized) = ${v.toLowerCase()}`);
        const n = normalizePoint(channel as (typeof CHANNELS)[number], v, ctx.defaultCountry);
        if ('error' in n) return bad(c, ctx, n.error);
        if (channel === 'email') return inEmails(` ${n.normalized} `);
        return exists(sql<SqlBool>`p.normalized = ${n.normalized}`);
      }
      if (channel === 'email') {
        // Addresses hold no whitespace, and a needle with some could span two of them.
        if (/\s/.test(v)) return sql<SqlBool>`false`;
        return inEmails(c.op === 'contains' ? v.toLowerCase() : ` ${v.toLowerCase()}`);
      }
      if (phone && /^[+\d\s().-]+$/.test(v) && /\d/.test(v))
        v = (c.op === 'starts_with' && v.trim().startsWith('+') ? '+' : '') + v.replace(/\D/g, '');
      const pattern = c.op === 'contains' ? `%${likeEscape(v)}%` : `${likeEscape(v)}%`;
      // Values stored in lower case are matched with a lower-case pattern: `ilike` folds the case
      // of every value it reads, and a filter such as "email contains gmail" reads them all.
      if (channel !== 'any' && lowerCaseNormalized(channel as (typeof CHANNELS)[number]))
        return exists(sql<SqlBool>`p.normalized like ${pattern.toLowerCase()}`);
      return exists(sql<SqlBool>`p.normalized ilike ${pattern}`);
    },
  };
}

/** The fields every workspace has, by the name a filter uses. */
export const CORE_FIELDS: Record<string, ConditionSpec> = {
  ...Object.fromEntries(Object.entries(TEXT_COLUMNS).map(([k, c]) => [k, textSpec(label(k), col(c))])),
  type: enumSpec('Type', columnOperand(col('type'), 'text'), capitalized(CONTACT_TYPES), { nullable: false }),
  level: enumSpec('Level', columnOperand(col('level'), 'text'), capitalized(CONTACT_LEVELS), {
    nullable: false,
  }),
  source: enumSpec('Source', columnOperand(col('source'), 'text'), capitalized(SOURCES), { nullable: false }),
  country: enumSpec(
    'Country',
    columnOperand(col('country'), 'text'),
    countryList().map((c) => ({ value: c.code, label: c.name })),
    { nullable: true, normalize: toCountryCode },
  ),
  language: enumSpec(
    'Language',
    columnOperand(col('language'), 'text'),
    Object.entries(LANGUAGES).map(([value, l]) => ({ value, label: l })),
    { nullable: true, normalize: toLanguage },
  ),
  timeZone: enumSpec('Time zone', columnOperand(col('time_zone'), 'text'), asOptions(timeZoneList()), {
    nullable: true,
    normalize: toTimeZone,
  }),
  birthDate: timeSpec('Birth date', columnOperand(col('birth_date')), true),
  active: booleanSpec('Reachable (has an active contact point)', columnOperand(col('active')), false),
  blocked: booleanSpec('Blocked', columnOperand(col('blocked')), false),
  createdAt: timeSpec('Created', columnOperand(col('created_at')), false),
  updatedAt: timeSpec('Updated', columnOperand(col('updated_at')), false),
  tags: tagsSpec(),
  owner: ownerSpec(),
  ...Object.fromEntries(['any', ...CHANNELS].map((ch) => [`points.${ch}`, pointSpec(ch)])),
};

/** The condition for a custom field, by its definition's type. */
export function customFieldSpec(def: FieldDefinitionRow): ConditionSpec {
  const value = sql<unknown>`(c.custom -> ${def.key})`;
  // Values of another type (stored before a definition changed) match nothing, as none would.
  switch (def.type) {
    case 'text':
      return textSpec(
        def.label,
        sql<unknown>`(case when jsonb_typeof(${value}) = 'string' then c.custom ->> ${def.key} end)`,
      );
    case 'number':
      return numberSpec(def.label, jsonOperand(def.key, 'number'));
    case 'date':
      return timeSpec(def.label, jsonOperand(def.key, 'string'), true);
    case 'datetime':
      return timeSpec(def.label, jsonOperand(def.key, 'string'), false);
    case 'checkbox':
      return booleanSpec(def.label, jsonOperand(def.key, 'boolean'), true);
    case 'select':
      return enumSpec(def.label, jsonOperand(def.key, 'string'), asOptions(def.options as string[]), {
        nullable: true,
      });
    case 'multiselect':
      return multiselectSpec(def, value);
  }
}

function multiselectSpec(def: FieldDefinitionRow, value: RawBuilder<unknown>): ConditionSpec {
  const ops: Op[] = ['contains', 'in', 'is_empty', 'is_not_empty'];
  const options = def.options as string[];
  const option = (v: unknown, path: string, ctx: CompileContext) => {
    if (typeof v === 'string' && options.includes(v)) return v;
    ctx.error(path, `must be one of the options of ${def.label}: ${options.join(', ')}`);
    return null;
  };
  const items = sql`(case when jsonb_typeof(${value}) = 'array' then ${value} else '[]'::jsonb end)`;
  return {
    label: def.label,
    type: 'enum',
    ops,
    options: asOptions(options),
    compile(c, ctx) {
      if (!ops.includes(c.op)) return opNotAllowed(c, ctx, ops);
      if (c.op === 'is_empty') return sql<SqlBool>`jsonb_array_length(${items}) = 0`;
      if (c.op === 'is_not_empty') return sql<SqlBool>`jsonb_array_length(${items}) > 0`;
      if (c.op === 'in') {
        const list = listOf(c, ctx, (v, p) => option(v, p, ctx));
        return list && sql<SqlBool>`jsonb_exists_any(${items}, ${list}::text[])`;
      }
      const v = option(c.value, `${c.path}.value`, ctx);
      return v === null ? null : sql<SqlBool>`${items} @> ${JSON.stringify([v])}::jsonb`;
    },
  };
}
