import { sql, type Kysely } from 'kysely';

// The dictionary of names (search_words) exists for typo correction, which numbers never get
// (src/modules/search/query.ts, typoKeys). A number in a name or company ("Store 1234", "Unit 42")
// entered it anyway, and a new number was an insert with its seven index keys on every create:
// creating contacts named "Created 1", "Created 2"… went from 840–1,030 to 1,100–1,160 a second
// without it (docs/benchmarks.md). Numbers are still found whole and by prefix through the word
// index, which does not read the dictionary.
const ADD = (numbers: boolean) => sql`
  create or replace function search_words_add(ws uuid, texts text[]) returns void language sql as $$
    insert into search_words (workspace_id, word)
    select distinct ws, w
    from unnest(texts) t, unnest(string_to_array(split_part(t, E'\\t', 1), ' ')) w
    where length(w) between 3 and 20 ${sql.raw(numbers ? '' : "and w !~ '^[0-9]+$'")}
      and not exists (select 1 from search_words d where d.workspace_id = ws and d.word = w)
    order by 2
    on conflict do nothing
  $$`;

export async function up(db: Kysely<any>): Promise<void> {
  await ADD(false).execute(db);
  await sql`delete from search_words where word ~ '^[0-9]+$'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await ADD(true).execute(db);
  await sql`select search_words_add(workspace_id, array_agg(search_text)) from contacts group by workspace_id`.execute(
    db,
  );
}
