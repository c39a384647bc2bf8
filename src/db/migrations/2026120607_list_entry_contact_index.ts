import { sql, type Kysely } from 'kysely';

// One index for a list entry's contact instead of two: the unique (workspace, contact, list) also
// finds a contact's entries (merges, the contact page), so the plain (workspace, contact) index
// goes. Every lease writes each entry's new version into all of the table's indexes
// (docs/benchmarks.md, "Dialer leases"): this is one fewer per entry handed out.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create unique index list_entries_contact_list_key on list_entries (workspace_id, contact_id, list_id)
    where contact_id is not null`.execute(db);
  await sql`drop index list_entries_contact_key`.execute(db);
  await sql`drop index list_entries_contact_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index list_entries_contact_idx on list_entries (workspace_id, contact_id) where contact_id is not null`.execute(
    db,
  );
  await sql`create unique index list_entries_contact_key on list_entries (workspace_id, list_id, contact_id)
    where contact_id is not null`.execute(db);
  await sql`drop index list_entries_contact_list_key`.execute(db);
}
