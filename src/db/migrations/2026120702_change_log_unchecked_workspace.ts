import { sql, type Kysely } from 'kysely';

// The change log is the table written most (a row per contact per write: a million when a million
// contacts are tagged). Its foreign key to workspaces ran one look-up per inserted row, 7% of a bulk
// tag chunk, and guarded nothing the writers do not already ensure: every row's workspace is the
// acting user's. Workspaces are never deleted today; whoever adds that deletes their change log too.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table contact_changes drop constraint if exists contact_changes_workspace_id_fkey`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table contact_changes add constraint contact_changes_workspace_id_fkey
    foreign key (workspace_id) references workspaces(id) on delete cascade`.execute(db);
}
