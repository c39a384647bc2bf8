import { sql, type Kysely } from 'kysely';

// Background exports and their finished files. A file lives in the database in 1 MB chunks, like
// an import's, so any server process can serve the download; it is kept 7 days (expires_at).
// The export records who asked, user or API key with its role, because the job that runs later
// must export exactly what that caller could see.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table exports (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      created_by uuid,
      api_key_id uuid,
      actor_role text not null check (actor_role in ('owner', 'admin', 'agent')),
      actor_name text not null,
      format text not null check (format in ('csv', 'xlsx', 'vcf')),
      options jsonb not null default '{}',
      state text not null default 'waiting' check (state in ('waiting', 'processing', 'done', 'error')),
      rows_written integer not null default 0,
      file_name text not null,
      file_size bigint,
      error text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      finished_at timestamptz,
      expires_at timestamptz not null,
      primary key (workspace_id, id)
    )`.execute(db);
  await sql`create index exports_created_idx on exports (workspace_id, created_at desc)`.execute(db);
  await sql`create index exports_expires_idx on exports (expires_at)`.execute(db);

  await sql`
    create table export_chunks (
      workspace_id uuid not null,
      export_id uuid not null,
      seq integer not null,
      data bytea not null,
      primary key (workspace_id, export_id, seq),
      foreign key (workspace_id, export_id) references exports (workspace_id, id) on delete cascade
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists export_chunks`.execute(db);
  await sql`drop table if exists exports`.execute(db);
}
