// CSV exports built by the database. Each page of contacts comes back as one text of finished CSV
// lines, so Node only passes bytes on: building the cells in JavaScript from parsed rows capped the
// export at about 30,000 rows/s (docs/benchmarks.md). The cells follow the rules of the JavaScript
// writer (writers/csv.ts, which templates still use, and which the tests hold this one to):
// RFC 4180 quoting, formula neutralisation with plain phone numbers left alone (lib/formula.ts,
// DESIGN rule 8), dates as YYYY-MM-DD, lists joined with ", ", points with " ::: ".
//
// Pages are ranges of ids fixed before the first page is read, so several pages can be built at
// once on the pool's connections (PostgreSQL) and handed on in order.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/types.js';
import type { ContactsQuery } from '../contacts/repo.js';
import {
  LIST_SEPARATOR,
  POINT_SEPARATOR,
  type CoreExportField,
  type ExportColumn,
  type ExportField,
} from './columns.js';

type Text = RawBuilder<string | null>;

// The patterns of lib/formula.ts and writers/csv.ts, as PostgreSQL regular expressions.
const FORMULA_TRIGGER = sql.lit(String.raw`^'*[=+@\t\r\n-]`);
const PLAIN_PHONE_NUMBER = String.raw`\+[\d\s().-]*\d[\d\s().-]*`;
const PLAIN_PHONE_CELL = sql.lit(`^${PLAIN_PHONE_NUMBER}(${POINT_SEPARATOR}${PLAIN_PHONE_NUMBER})*$`);
const NEEDS_QUOTES = sql.lit(String.raw`[",\r\n]`);
const NEEDS_CARE = sql.lit(String.raw`[",\r\n]|^'*[=+@\t-]`);
const ISO_DATE = sql.lit(String.raw`^\d{4}-\d{2}-\d{2}$`);
/** NEEDS_CARE over a row's text cells joined by chr(1): true when any one of them needs care. */
const ROW_NEEDS_CARE = sql.lit(String.raw`[",\r\n]|(^|\x01)'*[=+@\t-]`);

/**
 * A cell's SQL, and for a plain text cell (textCell without phone numbers) its text: a row whose
 * text cells all need no care writes them as they are, after one test for the whole row.
 */
interface Cell {
  sql: RawBuilder<string>;
  text?: Text;
}

const textColumn = (x: Text): Cell => ({ sql: textCell(x), text: x });

/** A text cell: neutralised, quoted when it must be, empty for null. */
function textCell(x: Text, phoneNumbers = false): RawBuilder<string> {
  const prefix = sql`(case when ${x} ~ ${FORMULA_TRIGGER} then '''' else '' end)`;
  const written = sql`case when ${x} ~ ${NEEDS_QUOTES} then '"' || ${prefix} || replace(${x}, '"', '""') || '"' else ${prefix} || ${x} end`;
  // Most cells need neither: one test, and the text as it is.
  const cell = sql<string>`(case when ${x} ~ ${NEEDS_CARE} then ${written} else coalesce(${x}, '') end)`;
  // Plain phone numbers start with "+" but are left alone, and hold nothing to quote: one test
  // for them instead of four.
  return phoneNumbers ? sql<string>`(case when ${x} ~ ${PLAIN_PHONE_CELL} then ${x} else ${cell} end)` : cell;
}

/** A cell that can hold no comma, quote, line break or formula trigger (enums, ids, dates). */
const plainCell = (x: Text) => sql<string>`coalesce(${x}, '')`;

const ISO_TIMESTAMP = sql.lit('YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');

function coreCell(field: CoreExportField): Cell {
  switch (field) {
    case 'type':
    case 'level':
      return { sql: plainCell(sql.ref(`c.${field}`)) };
    case 'birthDate':
      return { sql: plainCell(sql`to_char(c.birth_date, 'YYYY-MM-DD')`) };
    case 'tags':
      return textColumn(sql`array_to_string(c.tags, ${sql.lit(LIST_SEPARATOR)})`);
    case 'ownerEmail':
      return textColumn(sql`((select map from owners) ->> c.owner_id::text)`);
    case 'country':
      return textColumn(sql`c.country::text`);
    default:
      return textColumn(sql.ref(`c.${snake(field)}`));
  }
}

const snake = (s: string) => s.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);

/**
 * A custom value (jsonb `f`) as customCell (columns.ts) writes it: values of the field's type
 * plain, other scalars as text. An array or object left in a field of another type by a type
 * change is written as its JSON text.
 */
function customCell(def: ExportField, f: RawBuilder<unknown>): RawBuilder<string> {
  const asText = sql<string>`(${f} #>> '{}')`;
  const json = sql<string>`(${f}::text)`;
  const string =
    def.type === 'date'
      ? sql`case when ${asText} ~ ${ISO_DATE} then ${asText} else ${textCell(asText)} end`
      : textCell(asText);
  const number = def.type === 'number' ? json : textCell(json);
  const boolean = def.type === 'checkbox' ? json : textCell(json);
  const array =
    def.type === 'multiselect'
      ? textCell(
          sql`(select string_agg(case when jsonb_typeof(e) = 'string' then e #>> '{}' else e::text end, ${sql.lit(LIST_SEPARATOR)}) from jsonb_array_elements(${f}) e)`,
        )
      : textCell(json);
  return sql<string>`(case jsonb_typeof(${f}) when 'string' then ${string} when 'number' then ${number} when 'boolean' then ${boolean} when 'array' then ${array} when 'object' then ${textCell(json)} else '' end)`;
}

/** The first pages are smaller, so the first rows go out at once and a small export is not read ahead whole. */
const FIRST_PAGES = [1_000, 2_000, 5_000];

/**
 * Ranges of selected contacts in id order, (after, upTo] with the last open-ended: the first ones
 * of FIRST_PAGES sizes, then `pageSize` each.
 */
export async function pageRanges(
  db: Kysely<DB>,
  base: ContactsQuery,
  pageSize: number,
): Promise<{ after: string | null; upTo: string | null }[]> {
  const ends: number[] = [];
  for (const size of FIRST_PAGES.filter((s) => s < pageSize)) ends.push((ends.at(-1) ?? 0) + size);
  const start = ends.at(-1) ?? 0;
  const { rows } = await sql<{ id: string }>`
    select id from (${base.select(['c.id', sql<number>`row_number() over (order by c.id)`.as('n')])}) s
    where n = any(${ends}::int[]) or (n > ${start} and (n - ${start}) % ${pageSize} = 0)
    order by id`.execute(db);
  const bounds = rows.map((r) => r.id);
  return [...bounds, null].map((upTo, i) => ({ after: i === 0 ? null : bounds[i - 1], upTo }));
}

/**
 * How a page finds its contacts' points. `contact`: looked up contact by contact, right for any
 * selection. `range`: read for the page's whole id range in one index range scan and joined, a
 * third of the time of a descent per contact (a 5,000-contact page by hand: 56 ms against 66 in
 * all), but only for a selection that holds every contact in the range: a sparse one would read
 * the points of contacts it does not export.
 */
export type PointsRead = 'contact' | 'range';

/** The finished CSV lines of one range of selected contacts, and how many there are. */
export async function csvPage(
  db: Kysely<DB>,
  workspaceId: string,
  selected: ContactsQuery,
  columns: readonly ExportColumn[],
  range: { after: string | null; upTo: string | null },
  pointsRead: PointsRead,
): Promise<{ text: string; rows: number }> {
  let page = selected.selectAll('c');
  if (range.after) page = page.where('c.id', '>', range.after);
  if (range.upTo) page = page.where('c.id', '<=', range.upTo);

  const points = columns.flatMap((c) => (c.source.kind === 'point' ? [c.source] : []));
  const customs = columns.flatMap((c) => (c.source.kind === 'custom' ? [c.source.field] : []));
  const cells = columns.map((column): Cell => {
    const s = column.source;
    if (s.kind === 'core') return coreCell(s.field);
    if (s.kind === 'point') {
      const value: Text = sql.ref(`${pointsRead === 'range' ? 'c' : 'pts'}.k${points.indexOf(s)}`);
      return column.phoneNumbers ? { sql: textCell(value, true) } : textColumn(value);
    }
    if (s.kind === 'custom') return { sql: customCell(s.field, sql.ref(`cf.f${customs.indexOf(s.field)}`)) };
    if (s.name === 'id') return { sql: plainCell(sql`c.id::text`) };
    const at = sql.ref(s.name === 'createdAt' ? 'c.created_at' : 'c.updated_at');
    return { sql: plainCell(sql`to_char(${at} at time zone 'UTC', ${ISO_TIMESTAMP})`) };
  });
  // One regular expression per row instead of one per text cell (a third of a page's time): most
  // rows hold nothing to quote or neutralise, and their text cells are written as they are.
  const texts = cells.flatMap((c) => (c.text ? [c.text] : []));
  const careful = sql`concat_ws(',', ${sql.join(cells.map((c) => c.sql))})`;
  const line = texts.length
    ? sql`case when concat_ws(chr(1), ${sql.join(texts)}) ~ ${ROW_NEEDS_CARE} then ${careful}
          else concat_ws(',', ${sql.join(cells.map((c) => (c.text ? plainCell(c.text) : c.sql)))}) end`
    : careful;

  const pointColumns = sql.join(
    points.map(
      (k, i) =>
        sql`string_agg(p.value, ${sql.lit(POINT_SEPARATOR)}) filter (where p.channel = ${k.channel} and p.label = ${k.label}) as ${sql.ref(`k${i}`)}`,
    ),
  );
  // Either way the points are sorted once and aggregated in that order (nothing between the sort
  // and the aggregates reorders them): an `order by` in each aggregate sorts once per column, 30%
  // slower with four point columns. Read per contact (PointsRead 'contact'):
  const pointsJoin = points.length
    ? sql`left join lateral (
        select ${pointColumns}
        from (select p.channel, p.label, p.value from contact_points p
              where p.workspace_id = c.workspace_id and p.contact_id = c.id
              order by p.position, p.id) p) pts on true`
    : sql``;
  // Owners' emails as one small map per page, looked up by key: joined per contact, the two
  // index look-ups took a sixth of a page's time.
  const owners = columns.some((c) => c.source.kind === 'core' && c.source.field === 'ownerEmail')
    ? sql`owners as (select jsonb_object_agg(m.user_id::text, u.email) as map
          from memberships m join users u on u.id = m.user_id where m.workspace_id = ${workspaceId}),`
    : sql``;
  const customLateral = customs.length
    ? sql`cross join lateral (select ${sql.join(customs.map((f, i) => sql`c.custom -> ${sql.lit(f.key)} as ${sql.ref(`f${i}`)}`))}) cf`
    : sql``;

  // The lines are joined in the order the subquery gives. Its `order by` costs nothing while the
  // plan reads the contacts in id order (the primary key, then nested loops), where an ordered
  // `string_agg(… order by c.id)` sorted every page again; after the range read's hash join it
  // sorts 5,000 short rows, about 2 ms.
  const lines = (from: RawBuilder<unknown>, where: RawBuilder<unknown>) => sql`
    select string_agg(line, '') as text, count(*)::int as rows
    from (select ${line} || E'\\r\\n' as line
          from ${from} ${customLateral} ${where}
          order by c.id) lines`;
  if (pointsRead === 'contact' || points.length === 0) {
    const { rows } = await sql<{ text: string | null; rows: number }>`
      with ${owners} page as (${page}) ${lines(sql`page c ${pointsJoin}`, sql``)}`.execute(db);
    return { text: rows[0].text ?? '', rows: rows[0].rows };
  }
  // The range's points, sorted and grouped once. A full join, which PostgreSQL can only run as a
  // hash or merge join: new contacts lie past the statistics, and with a left join the planner,
  // expecting one row, rescanned the grouped points for every contact (seconds a page). The
  // fence (offset 0) keeps `c.id is not null` from turning the full join back into a left join.
  let inRange = sql`p.workspace_id = ${workspaceId}`;
  if (range.after) inRange = sql`${inRange} and p.contact_id > ${range.after}`;
  if (range.upTo) inRange = sql`${inRange} and p.contact_id <= ${range.upTo}`;
  const { rows } = await sql<{ text: string | null; rows: number }>`
    with ${owners} page as (${page}),
    pts as (
      select p.contact_id, ${pointColumns}
      from (select p.contact_id, p.channel, p.label, p.value from contact_points p
            where ${inRange} order by p.contact_id, p.position, p.id) p
      group by p.contact_id)
    ${lines(
      sql`(select page.*, ${sql.join(points.map((_, i) => sql.ref(`pts.k${i}`)))}
           from page full join pts on pts.contact_id = page.id offset 0) c`,
      sql`where c.id is not null`,
    )}`.execute(db);
  return { text: rows[0].text ?? '', rows: rows[0].rows };
}
