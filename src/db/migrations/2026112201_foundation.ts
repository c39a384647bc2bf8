import { sql, type Kysely } from 'kysely';

// Global tables (workspaces, users, sessions) would be Citus reference/local tables; every
// other table is a tenant table: primary key led by workspace_id, and every unique index and
// foreign key includes it so it can be distributed by workspace.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);

  await sql`
    create table workspaces (
      id uuid primary key,
      name text not null,
      default_country char(2) not null default 'US',
      date_format text not null default 'YYYY-MM-DD',
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table users (
      id uuid primary key,
      email text not null,
      name text not null,
      password_hash text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index users_email_key on users (lower(email))`.execute(db);

  await sql`
    create table memberships (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      role text not null check (role in ('owner', 'admin', 'agent')),
      active boolean not null default true,
      created_at timestamptz not null default now(),
      primary key (workspace_id, user_id)
    )`.execute(db);
  await sql`create index memberships_user_idx on memberships (user_id)`.execute(db);

  await sql`
    create table sessions (
      id text primary key,
      user_id uuid not null references users(id) on delete cascade,
      workspace_id uuid not null references workspaces(id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(db);

  await sql`
    create table api_keys (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      name text not null,
      prefix text not null,
      secret_hash text not null,
      created_by uuid,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      primary key (workspace_id, id)
    )`.execute(db);
  await sql`create index api_keys_id_idx on api_keys (id)`.execute(db);

  await sql`
    create table field_definitions (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      key text not null,
      label text not null,
      type text not null check (type in ('text','number','date','datetime','checkbox','select','multiselect')),
      options jsonb not null default '[]',
      required boolean not null default false,
      created_at timestamptz not null default now(),
      primary key (workspace_id, id)
    )`.execute(db);
  await sql`create unique index field_definitions_key on field_definitions (workspace_id, key)`.execute(db);

  await sql`
    create table contacts (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      first_name text,
      last_name text,
      type text not null default 'lead' check (type in ('lead','prospect','customer','other')),
      level text not null default 'primary' check (level in ('primary','secondary','tertiary')),
      company text,
      job_title text,
      department text,
      birth_date date,
      language text,
      time_zone text,
      street text,
      city text,
      state text,
      zip text,
      country char(2),
      tags text[] not null default '{}',
      owner_id uuid,
      created_by uuid,
      source text not null default 'manual' check (source in ('manual','import','api','conversation')),
      external_id text,
      custom jsonb not null default '{}',
      active boolean not null default false,
      search_text text not null default '',
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id)
    )`.execute(db);
  await sql`create unique index contacts_external_id_key on contacts (workspace_id, external_id) where external_id is not null`.execute(
    db,
  );
  await sql`create index contacts_last_name_idx on contacts (workspace_id, last_name, id)`.execute(db);
  await sql`create index contacts_first_name_idx on contacts (workspace_id, first_name, id)`.execute(db);
  await sql`create index contacts_created_at_idx on contacts (workspace_id, created_at, id)`.execute(db);
  await sql`create index contacts_updated_at_idx on contacts (workspace_id, updated_at, id)`.execute(db);
  await sql`create index contacts_owner_idx on contacts (workspace_id, owner_id)`.execute(db);
  await sql`create index contacts_search_trgm on contacts using gin (search_text gin_trgm_ops)`.execute(db);

  await sql`
    create table contact_points (
      workspace_id uuid not null,
      id uuid not null,
      contact_id uuid not null,
      channel text not null check (channel in ('phone','email','sms','whatsapp','wechat','facebook','twitter','linkedin','telegram','web','other')),
      label text not null default 'other' check (label in ('mobile','work','home','other')),
      value text not null,
      normalized text not null,
      status text not null default 'active' check (status in ('active','opted_out')),
      position integer not null default 0,
      created_at timestamptz not null default now(),
      primary key (workspace_id, id),
      foreign key (workspace_id, contact_id) references contacts (workspace_id, id) on delete cascade
    )`.execute(db);
  await sql`create index contact_points_contact_idx on contact_points (workspace_id, contact_id)`.execute(db);
  await sql`create index contact_points_normalized_idx on contact_points (workspace_id, channel, normalized)`.execute(
    db,
  );

  await sql`
    create table contact_shares (
      workspace_id uuid not null,
      contact_id uuid not null,
      user_id uuid not null,
      created_at timestamptz not null default now(),
      primary key (workspace_id, contact_id, user_id),
      foreign key (workspace_id, contact_id) references contacts (workspace_id, id) on delete cascade,
      foreign key (workspace_id, user_id) references memberships (workspace_id, user_id) on delete cascade
    )`.execute(db);
  await sql`create index contact_shares_user_idx on contact_shares (workspace_id, user_id, contact_id)`.execute(
    db,
  );

  // No foreign key to contacts: the log outlives a deleted contact.
  await sql`
    create table contact_changes (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      contact_id uuid not null,
      action text not null,
      actor_type text not null,
      actor_id uuid,
      actor_name text,
      changes jsonb not null default '[]',
      created_at timestamptz not null default now(),
      primary key (workspace_id, id)
    )`.execute(db);
  await sql`create index contact_changes_contact_idx on contact_changes (workspace_id, contact_id, id)`.execute(
    db,
  );

  await sql`
    create table user_preferences (
      workspace_id uuid not null,
      user_id uuid not null,
      key text not null,
      value jsonb not null,
      updated_at timestamptz not null default now(),
      primary key (workspace_id, user_id, key),
      foreign key (workspace_id, user_id) references memberships (workspace_id, user_id) on delete cascade
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'user_preferences',
    'contact_changes',
    'contact_shares',
    'contact_points',
    'contacts',
    'field_definitions',
    'api_keys',
    'sessions',
    'memberships',
    'users',
    'workspaces',
  ]) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}
