import { sql, type Kysely } from 'kysely';

// Outbound (src/modules/campaigns, src/modules/lists, src/modules/dialer): campaigns with their
// rules, contact lists that belong to a campaign, and list entries, the dialing state machine:
//
//   callable → planning (leased to a dialer, until lease_expires_at) → open (reached, waiting for
//   the customer) | closed (done) | callable again (a later next_try_at) | attempted (attempts ran
//   out) | flagged (no usable contact point for the campaign's channels)
//
// And the contact timeline's table, `activities`, which the outcome of every attempt writes to.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table activities (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      contact_id uuid not null,
      kind text not null,
      channel text,
      direction text check (direction in ('inbound', 'outbound')),
      occurred_at timestamptz not null default now(),
      actor_type text not null check (actor_type in ('user', 'api_key', 'system')),
      actor_id uuid,
      actor_name text,
      summary text not null default '',
      payload jsonb not null default '{}',
      created_at timestamptz not null default now(),
      primary key (workspace_id, id),
      foreign key (workspace_id, contact_id) references contacts (workspace_id, id) on delete cascade
    )`.execute(db);
  await sql`create index activities_contact_idx on activities (workspace_id, contact_id, occurred_at desc, id desc)`.execute(
    db,
  );

  await sql`
    create table campaigns (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      name text not null,
      channels text[] not null,
      status text not null default 'active' check (status in ('active', 'paused', 'completed')),
      loading text not null default 'lists' check (loading in ('lists', 'web_service')),
      max_attempts integer not null default 3 check (max_attempts between 1 and 100),
      retry_minutes jsonb not null default '{}',
      window_start time not null default '09:00',
      window_end time not null default '20:00',
      window_days smallint[] not null default '{1,2,3,4,5}',
      address_rules jsonb not null,
      close_when_all_reached boolean not null default false,
      lease_seconds integer not null default 300,
      web_service jsonb,
      web_service_secret text,
      version integer not null default 1,
      created_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id)
    )`.execute(db);
  await sql`create unique index campaigns_name_key on campaigns (workspace_id, lower(name))`.execute(db);

  await sql`
    create table contact_lists (
      workspace_id uuid not null,
      id uuid not null,
      campaign_id uuid not null,
      name text not null,
      state text not null default 'stopped' check (state in ('started', 'stopped')),
      source text not null default 'manual' check (source in ('manual', 'file', 'filter', 'web_service')),
      filter jsonb,
      segment_id uuid,
      schedule text,
      last_run_at timestamptz,
      created_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id),
      foreign key (workspace_id, campaign_id) references campaigns (workspace_id, id) on delete cascade
    )`.execute(db);
  await sql`create unique index contact_lists_name_key on contact_lists (workspace_id, campaign_id, lower(name))`.execute(
    db,
  );

  await sql`
    create table list_entries (
      workspace_id uuid not null,
      id uuid not null,
      list_id uuid not null,
      campaign_id uuid not null,
      contact_id uuid,
      state text not null default 'callable'
        check (state in ('callable', 'planning', 'open', 'closed', 'attempted', 'flagged')),
      priority integer not null default 0,
      top_priority boolean not null default false,
      next_try_at timestamptz not null default now(),
      preferred_agent_id uuid,
      skill text,
      time_zones text[] not null,
      address_channel text,
      address text,
      attempts integer not null default 0,
      last_result text,
      last_attempt_at timestamptz,
      flag_reason text,
      progress jsonb not null default '{}',
      invalid text[] not null default '{}',
      lease_id uuid,
      leased_by text,
      lease_expires_at timestamptz,
      leased_channel text,
      leased_address text,
      payload jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id),
      foreign key (workspace_id, list_id) references contact_lists (workspace_id, id) on delete cascade,
      foreign key (workspace_id, contact_id) references contacts (workspace_id, id) on delete cascade,
      check (contact_id is not null or address is not null)
    )`.execute(db);
  // Every lease and outcome moves an entry in or out of the hand-out index, leaving a dead index
  // entry at its head where the next lease starts reading: vacuum after 1% of the rows changed
  // (default 20%), without pauses, so leases stay fast on a list of a million.
  await sql`alter table list_entries set (autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0)`.execute(db);
  // A contact is on a list once.
  await sql`create unique index list_entries_contact_key on list_entries (workspace_id, list_id, contact_id) where contact_id is not null`.execute(
    db,
  );
  // The lease walks this index in hand-out order and stops after `count` usable entries.
  await sql`create index list_entries_lease_idx on list_entries
    (workspace_id, campaign_id, top_priority desc, priority desc, next_try_at, id) where state = 'callable'`.execute(
    db,
  );
  await sql`create index list_entries_list_state_idx on list_entries (workspace_id, list_id, state)`.execute(
    db,
  );
  await sql`create index list_entries_expiry_idx on list_entries (workspace_id, campaign_id, lease_expires_at) where state = 'planning'`.execute(
    db,
  );
  await sql`create index list_entries_contact_idx on list_entries (workspace_id, contact_id) where contact_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['list_entries', 'contact_lists', 'campaigns', 'activities'])
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
}
