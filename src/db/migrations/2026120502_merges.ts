import { sql, type Kysely } from 'kysely';

// Contact merges (src/modules/merges). A merge deletes the merged-away contacts after copying
// their data onto the primary; `contact_merges.snapshot` keeps everything the merge changed, so an
// unmerge can put each contact back with its own id. `contact_aliases` answers "where did this id
// go": one row per merged-away id, removed again by an unmerge.
export async function up(db: Kysely<any>): Promise<void> {
  // No foreign key to contacts: the record outlives a deleted primary (the unmerge then explains).
  await sql`
    create table contact_merges (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      primary_id uuid not null,
      merged_ids uuid[] not null,
      snapshot jsonb not null,
      primary_version_after integer not null,
      created_by uuid,
      actor_name text,
      created_at timestamptz not null default now(),
      undone_at timestamptz,
      undone_by uuid,
      primary key (workspace_id, id)
    )`.execute(db);
  await sql`create index contact_merges_primary_idx on contact_merges (workspace_id, primary_id, id)`.execute(
    db,
  );

  // contact_id has no foreign key on purpose: when the primary is itself merged later, its alias
  // row stays and resolution follows the chain (undoing the later merge then needs no rewrite).
  await sql`
    create table contact_aliases (
      workspace_id uuid not null,
      old_id uuid not null,
      contact_id uuid not null,
      merge_id uuid not null,
      created_at timestamptz not null default now(),
      primary key (workspace_id, old_id),
      foreign key (workspace_id, merge_id) references contact_merges (workspace_id, id) on delete cascade
    )`.execute(db);
  await sql`create index contact_aliases_contact_idx on contact_aliases (workspace_id, contact_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['contact_aliases', 'contact_merges'])
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
}
