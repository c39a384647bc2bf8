import { sql, type Kysely } from 'kysely';

// Consent: the history of every opt-out status change, the suppression list (opted-out values
// that no contact point carries), and blocked contacts.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table optout_events (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      channel text not null,
      normalized text not null,
      contact_id uuid,
      status text not null check (status in ('active', 'opted_out')),
      source text not null check (source in ('user', 'api', 'import', 'inbound', 'suppression', 'system')),
      reason text,
      actor_type text not null,
      actor_id uuid,
      actor_name text,
      created_at timestamptz not null default now(),
      primary key (workspace_id, id)
    )`.execute(db);
  await sql`create index optout_events_value_idx on optout_events (workspace_id, channel, normalized, id)`.execute(
    db,
  );

  await sql`
    create table suppressions (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      channel text not null,
      normalized text not null,
      value text not null,
      source text not null,
      reason text,
      created_at timestamptz not null default now(),
      primary key (workspace_id, channel, normalized)
    )`.execute(db);

  await sql`alter table contacts add column blocked boolean not null default false`.execute(db);
  await sql`alter table contacts add column blocked_reason text`.execute(db);
  // Opted-out points by value, for the Opt-outs page and the check: few rows, read often.
  await sql`create index contact_points_opted_out_idx on contact_points (workspace_id, channel, normalized) where status = 'opted_out'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists contact_points_opted_out_idx`.execute(db);
  await sql`alter table contacts drop column if exists blocked_reason`.execute(db);
  await sql`alter table contacts drop column if exists blocked`.execute(db);
  for (const t of ['suppressions', 'optout_events'])
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
}
