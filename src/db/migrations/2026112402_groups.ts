import { sql, type Kysely } from 'kysely';

// Segments (saved filters), groups (static members or a filter), bulk actions (background work
// over a selection of contacts), and a GIN index on tags for "has tag" conditions and tag edits.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table segments (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      name text not null,
      filter jsonb not null,
      created_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id)
    )`.execute(db);
  await sql`create unique index segments_name_key on segments (workspace_id, lower(name))`.execute(db);

  await sql`
    create table groups (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      name text not null,
      category text,
      kind text not null check (kind in ('static', 'dynamic')),
      filter jsonb,
      created_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id),
      check ((kind = 'dynamic') = (filter is not null))
    )`.execute(db);
  await sql`create unique index groups_name_key on groups (workspace_id, lower(name))`.execute(db);

  await sql`
    create table group_members (
      workspace_id uuid not null,
      group_id uuid not null,
      contact_id uuid not null,
      added_at timestamptz not null default now(),
      primary key (workspace_id, group_id, contact_id),
      foreign key (workspace_id, group_id) references groups (workspace_id, id) on delete cascade,
      foreign key (workspace_id, contact_id) references contacts (workspace_id, id) on delete cascade
    )`.execute(db);
  await sql`create index group_members_contact_idx on group_members (workspace_id, contact_id)`.execute(db);

  // Who asked is recorded as for exports: the job runs later with what that caller may touch.
  await sql`
    create table bulk_actions (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      created_by uuid,
      api_key_id uuid,
      actor_role text not null check (actor_role in ('owner', 'admin', 'agent')),
      actor_name text not null,
      action jsonb not null,
      selection jsonb not null,
      state text not null default 'waiting' check (state in ('waiting', 'running', 'done', 'failed', 'cancelled')),
      total integer not null default 0,
      processed integer not null default 0,
      changed integer not null default 0,
      skipped integer not null default 0,
      failed integer not null default 0,
      last_id uuid,
      result jsonb,
      error text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      finished_at timestamptz,
      primary key (workspace_id, id)
    )`.execute(db);
  await sql`create index bulk_actions_created_idx on bulk_actions (workspace_id, created_at desc)`.execute(
    db,
  );

  await sql`create index contacts_tags_gin on contacts using gin (tags)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists contacts_tags_gin`.execute(db);
  for (const t of ['bulk_actions', 'group_members', 'groups', 'segments'])
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
}
