// A page of search results in relevance order without ranking every match of a broad query.
//
// `order by rank desc, c.id limit 20` reads and ranks every contact the query matches: fine for
// "john smith" (a hundred or so), slow for "smith" (~9,000 of a million) or a first-name prefix
// such as "mar" (~70,000): each of those contacts is a page read at random. Rank only takes a few
// values, and within one the order is by id, so:
//
// - several words: contacts having every word whole rank first; they are looked up without prefix
//   or typo expansion (the index skips through the rarest word's entries), and when they fill the
//   page nothing else is read;
// - one word that may be broad: band by band (3 whole word, 2 prefix, 1 typo). The workspace's
//   contacts are read in id order, through the primary key, a window at a time, until the page is
//   full; each window tells how dense each band is, and a band too thin to be worth reading on for
//   is read whole through the search indexes instead.
//
// Everything else takes the plan's own `order by rank desc, c.id`, as do agents, whose plan finds
// only their contacts (see relevancePage). Either way the page is the one that order gives
// (test/integration/search.test.ts compares them).
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Actor } from '../auth/actor.js';
import { isManager } from '../auth/actor.js';
import { visibleContacts } from '../contacts/repo.js';
import { parseQuery, tsLexeme, typoKeys, type Term } from './query.js';
import {
  has,
  indexed,
  literalIndexed,
  literalMatch,
  rankOf,
  searchPlanFor,
  typoWordsSql,
  WORDS,
  type Copy,
} from './search.js';

type ContactsBase = ReturnType<typeof visibleContacts>;

/** A word expected to match fewer contacts than this is ranked whole, in one query. */
const BROAD_ROWS = 1_000;
/** Contacts read in id order at first, to see how dense each band is (and often fill the page). */
const FIRST_WINDOW = 3_000;
/** The most contacts one window reads. */
const MAX_WINDOW = 20_000;
/** A word beginning this many names of the workspace may be broad, even if each name is rare. */
const MANY_NAMES = 30;
/**
 * How much dearer a contact read through a search index is than one read in id order: the first
 * is a page read at random, the second shares its page with its neighbours (measured on the
 * bench machine: 2.5 to 5 µs against ~0.6 µs per contact).
 */
const SCATTERED = 6;

interface Statistics {
  /** Lexeme → share of contacts having it, for the most common lexemes (ANALYZE's statistics). */
  share: Map<string, number>;
  sorted: string[];
  contacts: number;
  at: number;
}

const STATISTICS_TTL = 60_000;
let cached: Statistics | undefined;
let refreshing: Promise<Statistics> | undefined;

async function readStatistics(db: Kysely<DB>): Promise<Statistics> {
  const r = await sql<{ elems: string[] | null; freqs: number[] | null; contacts: number | null }>`
    select (select most_common_elems::text::text[] from pg_stats where tablename = 'contact_search_words' limit 1) as elems,
           (select most_common_elem_freqs from pg_stats where tablename = 'contact_search_words' limit 1) as freqs,
           (select reltuples from pg_class where relname = 'contacts' and relkind = 'r' limit 1) as contacts`.execute(
    db,
  );
  const { elems, freqs, contacts } = r.rows[0];
  const share = new Map<string, number>();
  (elems ?? []).forEach((e, i) => share.set(e, freqs![i]));
  return {
    share,
    sorted: [...share.keys()].sort(),
    contacts: Math.max(0, Number(contacts ?? 0)),
    at: Date.now(),
  };
}

/**
 * The index statistics, at most a minute old (ANALYZE refreshes them: autovacuum, or the import
 * job). A stale copy is used while a fresh one is read, so no search waits for it.
 */
async function statistics(db: Kysely<DB>): Promise<Statistics> {
  if (!cached) cached = await (refreshing ??= readStatistics(db).finally(() => (refreshing = undefined)));
  else if (Date.now() - cached.at > STATISTICS_TTL && !refreshing)
    refreshing = readStatistics(db)
      .then((s) => (cached = s))
      .catch(() => cached!)
      .finally(() => (refreshing = undefined));
  return cached;
}

/** Share of contacts having the lexeme, when it is among the most common (else it is rare: 0). */
const shareOf = (s: Statistics, lexeme: string) => s.share.get(lexeme) ?? 0;

/** Shares of the common words that begin with `w` (w included), and of `w` in custom fields. */
function prefixShare(s: Statistics, w: string): number {
  let lo = 0;
  let hi = s.sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s.sorted[mid] < w) lo = mid + 1;
    else hi = mid;
  }
  let share = shareOf(s, `=${w}`);
  for (let i = lo; i < s.sorted.length && s.sorted[i].startsWith(w); i++) share += s.share.get(s.sorted[i])!;
  return share;
}

interface Band {
  /** True for the band's contacts (cheap: substring tests on either copy of the search text). */
  is: (on: Copy) => RawBuilder<SqlBool>;
  /** A condition over contact_search `s`, through its indexes, true for all of the band's contacts. */
  index: RawBuilder<SqlBool>;
}

/**
 * The bands of one term, best first: the word whole (rank 3), then as a prefix (2); for a
 * literal, at the end of one (3), then inside (2). Typos (1) are typoBand's.
 */
function bandsOf(t: Term): [Band, Band] {
  if (t.kind === 'literal') {
    const any = (on: Copy) => literalMatch(t, true, on);
    const ends = (on: Copy) => has(`${t.text} `, on);
    return [
      { is: (on) => sql<SqlBool>`(${any(on)} and ${ends(on)})`, index: literalIndexed(t) },
      { is: (on) => sql<SqlBool>`(${any(on)} and not ${ends(on)})`, index: literalIndexed(t) },
    ];
  }
  const w = t.text;
  const exact = (on: Copy) => sql<SqlBool>`(${has(` ${w} `, on)} or ${has(` =${w} `, on)})`;
  return [
    { is: exact, index: sql<SqlBool>`${WORDS} @@ ${`${tsLexeme(w)} | ${tsLexeme(`=${w}`)}`}::tsquery` },
    {
      is: (on) => sql<SqlBool>`(${has(` ${w}`, on)} and not ${exact(on)})`,
      index: sql<SqlBool>`${WORDS} @@ ${`${tsLexeme(w)}:*`}::tsquery`,
    },
  ];
}

/** The typo band of a word: names within one typo, and neither the word whole nor a prefix. */
function typoBand(w: string, typos: string[]): Band {
  const part = (on: Copy, n: number) =>
    sql`split_part(${sql.ref(`${on}.search_text`)}, E'\\t', ${sql.lit(n)})`;
  return {
    // Name and email words (those the word index has untagged) against the typo words.
    is: (on) => sql<SqlBool>`(string_to_array(${part(on, 1)} || ${part(on, 2)}, ' ') && ${typos}::text[]
      and not ${has(` ${w}`, on)} and not ${has(` =${w} `, on)})`,
    index: sql<SqlBool>`${WORDS} @@ ${typos.map(tsLexeme).join(' | ')}::tsquery`,
  };
}

const MIN_ID = '00000000-0000-0000-0000-000000000000';
const MAX_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** Ids in the plan's own order, `rank desc, c.id`. */
async function directIds(base: ContactsBase, q: string, actor: Actor, offset: number, limit: number) {
  const plan = searchPlanFor(actor, q)!;
  const rows = await base
    .select('c.id')
    .where(plan.where)
    .orderBy(plan.rank, 'desc')
    .orderBy('c.id')
    .offset(offset)
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * All of base's contacts whose indexed search text meets `condition` (over `s`), in id order.
 * The whole condition is on contact_search, so the planner reads it there and joins only the
 * contacts it finds (tests on the contact's own copy tempt it into scanning every contact).
 */
async function allIds(base: ContactsBase, condition: RawBuilder<SqlBool>, alone?: Alone) {
  if (alone) {
    const found = await sql<{ id: string }>`select s.contact_id as id from contact_search s
      where s.workspace_id = ${alone.workspaceId} and ${condition}`.execute(alone.db);
    return found.rows.map((r) => r.id).sort();
  }
  // No "order by id" in SQL: it could tempt the planner into walking the primary key.
  const rows = await base.select('c.id').where(indexed(condition)).execute();
  return rows.map((r) => r.id).sort();
}

/**
 * Set when base is every contact of the workspace (a manager's search without other conditions):
 * each has its row in contact_search, so ids are read there alone, without a look-up per contact
 * (about 4 µs each; a thin band read whole is up to a few thousand).
 */
interface Alone {
  db: Kysely<DB>;
  workspaceId: string;
}

/** A band's contacts, all of them. */
const wholeBand = (base: ContactsBase, band: Band, alone?: Alone) =>
  allIds(base, sql<SqlBool>`(${band.index} and ${band.is('s')})`, alone);

export interface Tuning {
  broadRows?: number;
  firstWindow?: number;
  maxWindow?: number;
}

/**
 * The ids of one page of search results, in the order `searchPlan(q).rank desc, c.id` gives,
 * among the contacts the actor may see that meet `conditions` (conditions over `c`, not the
 * plan's `where`). `tuning` is for tests: small thresholds take every path with a few contacts.
 *
 * Agents go straight to the plan's order: their plan finds only the contacts they may see, through
 * the index (searchPlanFor), a few hundred at most for a broad word, which are cheap to rank;
 * reading the workspace in id order would find few of them.
 */
export async function relevancePage(
  db: Kysely<DB>,
  actor: Actor,
  conditions: RawBuilder<SqlBool>[],
  q: string,
  offset: number,
  limit: number,
  tuning: Tuning = {},
): Promise<string[]> {
  const base = conditions.reduce((b, c) => b.where(c), visibleContacts(db, actor));
  const ws = actor.workspaceId;
  const terms = parseQuery(q);
  const need = offset + limit;
  if (terms.length === 0) return [];
  if (!isManager(actor)) return directIds(base, q, actor, offset, limit);
  const alone = conditions.length === 0 ? { db, workspaceId: ws } : undefined;
  if (terms.length > 1) return severalWords(base, q, terms, actor, offset, limit, alone);
  const [term] = terms;
  // A short word, or a short digit fragment, may be broad through many rare words ("dor" begins
  // thousands of surnames), which only a look at the contacts tells. A longer literal (an
  // email's local part, a phone number) is never broad.
  const short = term.kind === 'word' ? [...term.text].length <= 4 : /^\p{N}{1,5}$/u.test(term.text);
  if (term.kind === 'literal' && !short) return directIds(base, q, actor, offset, limit);
  const broad = tuning.broadRows ?? BROAD_ROWS;
  const stats = await statistics(db);

  // The workspace's first contacts in id order (those of them the caller may see, meeting its
  // conditions), with the band of each that has the word whole or as a prefix: how dense those
  // bands are, and often the page itself. Read at once, beside the look-ups below, for a short
  // word (likely broad); else only when the look-ups say the word may be broad.
  const sampleSize = tuning.firstWindow ?? FIRST_WINDOW;
  const [whole, prefix] = bandsOf(term);
  const any =
    term.kind === 'word'
      ? sql<SqlBool>`(${has(` ${term.text}`)} or ${has(` =${term.text} `)})`
      : literalMatch(term, true);
  // The sample's end is looked up first: given as a value, the planner reads the sample through
  // the primary key, from the workspace's first contact to it.
  const readSample = async () => {
    const end = (await sql<{ id: string | null }>`select ${nthId(ws, sampleSize)} as id`.execute(db)).rows[0]
      .id;
    return base
      .select(['c.id', sql<number>`case when ${whole.is('c')} then 0 else 1 end`.as('band')])
      .where('c.id', '<=', end ?? MAX_ID)
      .where(any)
      .orderBy('c.id')
      .execute();
  };
  // The typo words, how many names begin with the word (up to 100), and whether the workspace
  // has more contacts than the sample reads.
  const keys = term.kind === 'word' ? typoKeys(term.text) : null;
  const [first, early] = await Promise.all([
    sql<{ typos: string[]; names: number; big: boolean }>`
      select ${keys ? typoWordsSql(term.text, keys, ws) : sql`'{}'::text[]`} as typos,
             (select count(*) from (select 1 from search_words where workspace_id = ${ws}
                and word >= ${term.text} and word < ${`${term.text}\u{10FFFF}`} limit 100) x)::int as names,
             ${nthId(ws, sampleSize)} is not null as big`.execute(db),
    short && stats.contacts >= broad ? readSample() : null,
  ]);
  const { typos, names, big } = first.rows[0];

  // A first guess: common words and common typo neighbours (index statistics), a word that
  // begins many names, each perhaps rare (the dictionary), or a short word.
  const typoShare = typos.reduce((sum, x) => sum + shareOf(stats, x), 0);
  const guess = (term.kind === 'word' ? prefixShare(stats, term.text) : 0) + typoShare;
  const maybeBroad =
    guess * stats.contacts >= broad || (stats.contacts >= broad && (short || names >= MANY_NAMES));
  const bands = [whole, prefix, ...(typos.length ? [typoBand(term.text, typos)] : [])];
  const ids: string[] = [];
  // Each band read whole through the indexes until the page is full: the typos of a rare word
  // can be many contacts (one typo from many rare names), and are read only if needed.
  if (!maybeBroad || !big) {
    for (const band of bands) {
      ids.push(...(await wholeBand(base, band, alone)).slice(0, need - ids.length));
      if (ids.length >= need) break;
    }
    return ids.slice(offset, need);
  }

  // A common word (the statistics know its share well): its first page is near the start.
  const exactShare = term.kind === 'word' ? shareOf(stats, term.text) + shareOf(stats, `=${term.text}`) : 0;
  if (!early && exactShare * exactShare * stats.contacts * SCATTERED > need) {
    const page = await readOn(db, base, ws, whole, 0, Math.ceil((3 * need) / exactShare), need, tuning);
    if (page.length >= need) return page.slice(offset, need);
  }
  const sample = early ?? (await readSample());
  const inSample = [0, 1].map((b) => sample.filter((r) => r.band === b).map((r) => r.id));
  // Shares of contacts per band: counted in the sample, or the index statistics' figure when
  // higher (a sample of a few thousand sees a 0.3% band a handful of times, give or take half).
  const prefixOnly =
    term.kind === 'word' ? Math.max(0, prefixShare(stats, term.text) - shareOf(stats, term.text)) : 0;
  const share = [
    Math.max(inSample[0].length / sampleSize, exactShare),
    Math.max(inSample[1].length / sampleSize, prefixOnly),
    typoShare,
  ];
  const known = (b: number) => share[b] * sampleSize >= 3;

  // Band by band, best first. Reading on in id order finds a band's next contacts at the cost
  // of about (want / share) contacts read in page order; reading the whole band through the
  // indexes costs share × contacts scattered reads, each SCATTERED times dearer (typos are
  // tested row by row at about the price of a scattered read). When reading on stops short of
  // the page's end, the band is read whole.
  for (const [b, band] of bands.entries()) {
    const want = need - ids.length;
    let found = b < 2 ? inSample[b] : [];
    const ratio = b < 2 ? SCATTERED : 1;
    if (found.length < want && known(b) && share[b] * share[b] * stats.contacts * ratio > want) {
      // On from the sample's end (typos were not looked for in the sample: from the start), at
      // most three times as far as the share predicts, and not beyond what reading the band
      // whole would cost.
      const from = b < 2 ? sampleSize : 0;
      const further = Math.ceil(
        Math.min((3 * (want - found.length)) / share[b], share[b] * stats.contacts * ratio),
      );
      const rows = await readOn(db, base, ws, band, from, further, want - found.length, tuning);
      found = [...found, ...rows];
    }
    if (found.length < want) found = await wholeBand(base, band, alone);
    ids.push(...found.slice(0, want));
    if (ids.length >= need) break;
  }
  return ids.slice(offset, need);
}

/**
 * The ids of a band's contacts in id order, reading on from the workspace's `from`-th contact
 * through the primary key, for at most `window` contacts or until `want` are found.
 */
async function readOn(
  db: Kysely<DB>,
  base: ContactsBase,
  ws: string,
  band: Band,
  from: number,
  window: number,
  want: number,
  tuning: Tuning,
): Promise<string[]> {
  const further = Math.min(window, tuning.maxWindow ?? MAX_WINDOW);
  // The window's ends as values, so that the planner walks the primary key between them.
  const bounds = await sql<{ after: string | null; until: string | null }>`
    select ${from ? nthId(ws, from) : sql`null::uuid`} as after, ${nthId(ws, from + further)} as until`.execute(
    db,
  );
  const { after, until } = bounds.rows[0];
  const rows = await base
    .select('c.id')
    .where('c.id', '>', after ?? MIN_ID)
    .where('c.id', '<=', until ?? MAX_ID)
    .where(band.is('c'))
    .orderBy('c.id')
    .limit(want)
    .execute();
  return rows.map((r) => r.id);
}

/** The workspace's n-th contact id in id order (null if it has fewer), as a scalar subquery. */
function nthId(workspaceId: string, n: number) {
  return sql<string | null>`(select id from contacts where workspace_id = ${workspaceId}
    order by id offset ${n - 1} limit 1)`;
}

/**
 * Several words: those having every word whole first, looked up without prefix or typo
 * expansion (the index skips through the rarest word's entries); the plan's own order when they
 * are too few. (Looking up only the rarest word with its prefixes and typos, and testing the
 * others on its contacts, measured slower: each contact found is a scattered read, where the
 * index intersects its entry lists without reading contacts.)
 */
async function severalWords(
  base: ContactsBase,
  q: string,
  terms: Term[],
  actor: Actor,
  offset: number,
  limit: number,
  alone?: Alone,
) {
  const words = terms.filter((t) => t.kind === 'word');
  const index = [
    ...(words.length
      ? [
          sql<SqlBool>`${WORDS} @@ ${words
            .map((t) => `(${tsLexeme(t.text)} | ${tsLexeme(`=${t.text}`)})`)
            .join(' & ')}::tsquery`,
        ]
      : []),
    ...terms.filter((t) => t.kind === 'literal').map(literalIndexed),
  ];
  const top = await allIds(
    base,
    sql<SqlBool>`(${sql.join(index, sql` and `)} and ${rankOf(terms, 's')} = ${3 * terms.length})`,
    alone,
  );
  if (top.length >= offset + limit) return top.slice(offset, offset + limit);
  return directIds(base, q, actor, offset, limit);
}
