import { sql, type Kysely } from 'kysely';

// An import's file (up to IMPORT_MAX_BYTES, in import_chunks) was kept as long as the import: a
// workspace importing a 200 MB file a day grew by 6 GB a month of bytes nothing read again. Files
// are now deleted some days after the import ends (src/modules/imports/retention.ts); the import
// keeps its counts, options and failed rows, and records when its file went.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table imports add column file_deleted_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table imports drop column file_deleted_at`.execute(db);
}
