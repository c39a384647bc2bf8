import { sql, type Kysely } from 'kysely';

// Uploaded import files live in the database, in chunks, so any server process can run the
// import job and a restart loses nothing. An import row carries what was detected in the file
// and, later, the mapping, options, state and counts of its job.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table imports (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      created_by uuid,
      file_name text not null,
      file_size bigint not null,
      state text not null default 'receiving'
        check (state in ('receiving', 'uploaded', 'waiting', 'processing', 'processed', 'error', 'cancelled')),
      encoding text,
      delimiter text,
      has_header boolean,
      headers jsonb not null default '[]',
      rows_estimate integer,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id)
    )`.execute(db);
  await sql`create index imports_created_idx on imports (workspace_id, created_at desc)`.execute(db);

  await sql`
    create table import_chunks (
      workspace_id uuid not null,
      import_id uuid not null,
      seq integer not null,
      data bytea not null,
      primary key (workspace_id, import_id, seq),
      foreign key (workspace_id, import_id) references imports (workspace_id, id) on delete cascade
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists import_chunks`.execute(db);
  await sql`drop table if exists imports`.execute(db);
}
