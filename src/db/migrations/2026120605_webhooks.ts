import { sql, type Kysely } from 'kysely';

// Webhooks (src/modules/webhooks): URLs an admin registers for events, and the outbox of
// deliveries. A delivery row is written in the transaction of the change it reports, so a change
// rolled back sends nothing and a change committed is sent even if the process dies right after;
// a worker claims due rows and POSTs them.
//
//   pending (not tried yet) → sending (claimed by a worker until next_attempt_at) → succeeded
//                                      ↘ failed (retried at next_attempt_at) → … → dead
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table webhooks (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      url text not null,
      events text[] not null check (cardinality(events) > 0),
      -- Read back to sign every delivery, so it cannot be hashed (docs/api.md, "Webhooks").
      secret text not null,
      state text not null default 'active' check (state in ('active', 'paused')),
      description text,
      created_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id)
    )`.execute(db);

  await sql`
    create table webhook_deliveries (
      workspace_id uuid not null,
      id uuid not null,
      webhook_id uuid not null,
      event text not null,
      event_id uuid not null,
      payload jsonb not null,
      state text not null default 'pending'
        check (state in ('pending', 'sending', 'succeeded', 'failed', 'dead')),
      attempts integer not null default 0,
      next_attempt_at timestamptz,
      last_attempt_at timestamptz,
      last_status integer,
      last_error text,
      response text,
      created_at timestamptz not null default now(),
      delivered_at timestamptz,
      primary key (workspace_id, id),
      foreign key (workspace_id, webhook_id) references webhooks (workspace_id, id) on delete cascade
    )`.execute(db);
  // A hook's deliveries newest first (ids are UUIDv7, in time order); also serves the cascade.
  await sql`create index webhook_deliveries_hook_idx on webhook_deliveries (workspace_id, webhook_id, id desc)`.execute(
    db,
  );
  // What the worker looks for: only deliveries still to send are in it, so it stays small.
  await sql`create index webhook_deliveries_due_idx on webhook_deliveries (workspace_id, next_attempt_at)
    where state in ('pending', 'sending', 'failed')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists webhook_deliveries`.execute(db);
  await sql`drop table if exists webhooks`.execute(db);
}
