import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { isManager, NO_USER, type Actor } from '../auth/actor.js';
import { likeEscape, parseQuery, tsLexeme, typoKeys, type Term } from './query.js';

/**
 * How a search box query narrows and orders contacts. Both expressions refer to the contacts
 * table under the alias `c`, so the list, the filter language ("search" condition), exports and
 * bulk actions all search the same way.
 */
export interface SearchPlan {
  /** True for the contacts the query finds. */
  where: RawBuilder<SqlBool>;
  /** Higher is more relevant; used when the list is sorted by relevance. */
  rank: RawBuilder<number>;
}

// Over contact_search `s`, written exactly as the indexes of migration 2026112401_search are, so
// the planner uses them.
export const WORDS = sql`array_to_tsvector(array_remove(string_to_array(split_part(s.search_text, E'\\t', 1)
  || split_part(s.search_text, E'\\t', 2) || split_part(s.search_text, E'\\t', 3), ' '), ''))`;
const LITERALS = sql`split_part(s.search_text, E'\\t', 4)`;

/**
 * True for the contacts `c` whose search text (in contact_search `s`, where the indexes are)
 * meets `condition`: the planner reads the indexes first and joins the contacts found.
 */
export const indexed = (condition: RawBuilder<SqlBool>) => sql<SqlBool>`exists (select 1 from contact_search s
  where s.workspace_id = c.workspace_id and s.contact_id = c.id and ${condition})`;

/**
 * `indexed` for an agent, who sees the contacts it owns and those shared with it: the word index
 * holds each contact's owner beside its words (migration 2026120609_search_owner), so it finds the
 * words among the agent's own contacts without reading anyone else's; shared contacts are few and
 * tested one by one. (Through `indexed`, an agent's "mar" read and ranked all 70,000 matches of a
 * million to keep the few hundred it may see.)
 */
const agentIndexed = (
  condition: RawBuilder<SqlBool>,
  workspaceId: string,
  agentId: string,
) => sql<SqlBool>`c.id in (
  select s.contact_id from contact_search s
  where s.workspace_id = ${workspaceId} and s.owner_id = ${agentId} and ${condition}
  union all
  select s.contact_id from contact_shares h
  join contact_search s on s.workspace_id = h.workspace_id and s.contact_id = h.contact_id
  where h.workspace_id = ${workspaceId} and h.user_id = ${agentId} and ${condition})`;

/**
 * Which copy of the search text a row test reads: the contact's own (`c`), or the indexed one in
 * contact_search (`s`, inside `indexed`), the same text. Testing `s` keeps a whole condition on
 * contact_search, so the planner finds the contacts there first and joins them by primary key.
 */
export type Copy = 'c' | 's';
const textOf = (on: Copy) => sql.ref(`${on}.search_text`);

/** True when the search text contains `needle` (a plain substring test, no pattern). */
export const has = (needle: string, on: Copy = 'c') => sql<SqlBool>`strpos(${textOf(on)}, ${needle}) > 0`;

/**
 * Per word: 3 when a contact has it as a whole word (a name, an email word, a custom field word),
 * 2 when one of its words begins with it, 1 for a typo. Per literal: 3 when a literal ends with it
 * (a whole email, a national number inside the E.164 digits), else 2. Plain substring tests on
 * the search text: every token has a space on each side, and only name and email words begin
 * without a tag, so " smi" only finds those.
 */
export function termRank(t: Term, on: Copy = 'c'): RawBuilder<number> {
  if (t.kind === 'literal') return sql<number>`(case when ${has(`${t.text} `, on)} then 3 else 2 end)`;
  const w = t.text;
  return sql<number>`(case when ${has(` ${w} `, on)} or ${has(` =${w} `, on)} then 3 when ${has(` ${w}`, on)} then 2 else 1 end)`;
}

/** The rank of a query's terms, summed (see termRank). */
export const rankOf = (terms: Term[], on: Copy = 'c') =>
  sql<number>`(${sql.join(
    terms.map((t) => termRank(t, on)),
    sql` + `,
  )})`;

/**
 * The names of the workspace (of every workspace without one) within one typo of word `w`: those
 * sharing a key with it in the dictionary (search_words). At most 20, as a text[]: first those
 * with the same first letter (typos seldom touch it), then those closest in length.
 */
export function typoWordsSql(w: string, keys: string[], workspaceId: string | null): RawBuilder<string[]> {
  // The workspace is tested after the keys index found the words, not used to find them: a
  // planner without statistics of search_words would otherwise intersect it with the primary key.
  const here = workspaceId ? sql`bool_or(d.workspace_id = ${workspaceId})` : sql`true`;
  return sql<string[]>`(select coalesce((array_agg(x.word order by x.other_first, x.gap, x.word))[1:20], '{}')
    from (select d.word, left(d.word, 1) <> left(${w}::text, 1) as other_first,
                 abs(length(d.word) - length(${w}::text)) as gap, ${here} as here
          from search_words d where search_word_keys(d.word) && ${keys}::text[] and d.word <> ${w}::text
          group by d.word) x
    where x.here)`;
}

/**
 * One word as tsquery text: the word or a word it begins, the word in a custom field, or a name of
 * the workspace within one typo, looked up in search_words by the database.
 */
function wordAlternatives(w: string, workspaceId: string | null): RawBuilder<string> {
  const base = `(${tsLexeme(w)}:* | ${tsLexeme(`=${w}`)}`;
  const keys = typoKeys(w);
  if (!keys) return sql<string>`${base + ')'}::text`;
  return sql<string>`${base}::text || coalesce((select string_agg(' | ' || quote_literal(x), '')
    from unnest(${typoWordsSql(w, keys, workspaceId)}) x), '') || ')'`;
}

/** A literal inside a contact's literals, as an index condition over `s`; see literalMatch. */
export function literalIndexed(t: Term): RawBuilder<SqlBool> {
  const substring = sql<SqlBool>`${LITERALS} like ${`%${likeEscape(t.text)}%`}`;
  if (!/^[\p{L}\p{N}]+$/u.test(t.text)) return substring;
  return sql<SqlBool>`(${substring} or ${WORDS} @@ ${`${tsLexeme(t.text)} | ${tsLexeme(`=${t.text}`)}`}::tsquery)`;
}

/**
 * A literal inside a contact's literals; one of letters and digits also as a whole word ("3m",
 * "x5", a name or custom value "order 20240117"). `cheap` tests the contact's own search text
 * instead of the indexes, for conditions evaluated row by row.
 */
export function literalMatch(t: Term, cheap = false, on: Copy = 'c'): RawBuilder<SqlBool> {
  if (!cheap) return indexed(literalIndexed(t));
  const substring = sql<SqlBool>`split_part(${textOf(on)}, E'\\t', 4) like ${`%${likeEscape(t.text)}%`}`;
  if (!/^[\p{L}\p{N}]+$/u.test(t.text)) return substring;
  return sql<SqlBool>`(${substring} or ${has(` ${t.text} `, on)} or ${has(` =${t.text} `, on)})`;
}

/**
 * The plan for a query, or null when the query is blank. A query with nothing searchable in it
 * (only punctuation or emoji) finds nothing rather than everything.
 *
 * `workspaceId` scopes typo correction to the workspace's own names; without it the names of all
 * workspaces are consulted (the same results, a little more work on a shared database).
 */
export function searchPlan(
  q: string,
  workspaceId?: string,
  /** An agent's user id: finds only contacts it owns or that are shared with it (needs workspaceId). */
  agentId?: string,
): SearchPlan | null {
  if (!q.trim()) return null;
  const terms = parseQuery(q);
  if (terms.length === 0) return { where: sql<SqlBool>`false`, rank: sql<number>`0::int` };

  const conditions: RawBuilder<SqlBool>[] = [];
  const words = terms.filter((t) => t.kind === 'word');
  if (words.length) {
    const text = sql.join(
      words.map((t) => wordAlternatives(t.text, workspaceId ?? null)),
      sql` || ' & ' || `,
    );
    // A scalar subquery runs once per statement (its typo look-ups too), and its value is what
    // the index is searched for.
    conditions.push(sql<SqlBool>`${WORDS} @@ (select (${text})::tsquery)`);
  }
  for (const t of terms) if (t.kind === 'literal') conditions.push(literalIndexed(t));
  const condition = sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
  return {
    where: agentId && workspaceId ? agentIndexed(condition, workspaceId, agentId) : indexed(condition),
    rank: rankOf(terms),
  };
}

/**
 * The plan for a query searched by `actor`: scoped to its workspace, and for an agent found among
 * the contacts it may see (the caller still applies visibility: this only narrows how they are found).
 */
export const searchPlanFor = (actor: Actor, q: string) =>
  searchPlan(q, actor.workspaceId, isManager(actor) ? undefined : (actor.userId ?? NO_USER));
