import { sql, type Kysely } from 'kysely';

// Imports into a contact list (a list's file source, src/modules/lists/file-source.ts): the entries
// each import added, counted with its batches like the other counts.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table imports add column added_to_list integer not null default 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table imports drop column if exists added_to_list`.execute(db);
}
