import { sql, type Kysely } from 'kysely';

// What kind of file it is (csv, xlsx, vcard) and its sheets. What an import job needs on its row: the choices made at start, live counts, and the
// checkpoint (`done_through_row`) written in the same transaction as each batch, so a job that
// dies resumes after the last committed batch without writing a row twice. Failed rows keep their
// original cells for the downloadable error file.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table imports
      add column file_kind text,
      add column sheets jsonb,
      add column sheet text,
      add column options jsonb,
      add column rows_read integer not null default 0,
      add column created integer not null default 0,
      add column updated integer not null default 0,
      add column unchanged integer not null default 0,
      add column failed integer not null default 0,
      add column done_through_row integer not null default 0,
      add column cancel_requested boolean not null default false,
      add column error text,
      add column started_at timestamptz,
      add column finished_at timestamptz,
      add column heartbeat_at timestamptz`.execute(db);

  await sql`
    create table import_rows_failed (
      workspace_id uuid not null,
      import_id uuid not null,
      row_number integer not null,
      cells jsonb not null,
      errors jsonb not null,
      primary key (workspace_id, import_id, row_number),
      foreign key (workspace_id, import_id) references imports (workspace_id, id) on delete cascade
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists import_rows_failed`.execute(db);
  for (const c of [
    'file_kind',
    'sheets',
    'sheet',
    'options',
    'rows_read',
    'created',
    'updated',
    'unchanged',
    'failed',
    'done_through_row',
    'cancel_requested',
    'error',
    'started_at',
    'finished_at',
    'heartbeat_at',
  ]) {
    await sql`alter table imports drop column if exists ${sql.ref(c)}`.execute(db);
  }
}
