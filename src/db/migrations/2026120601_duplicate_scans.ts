import { sql, type Kysely } from 'kysely';

// Whole-workspace duplicate scans (src/modules/duplicate-scans). A scan reads every contact,
// finds groups that look like one person (src/modules/duplicates) and stores them as clusters:
// member ids and the scored pairs that link them. The Duplicates page reads the latest finished
// scan; members deleted or merged since are dropped when it is read. Dismissals are pairs a person
// said are not one person: no scan or prompt offers them again.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table duplicate_scans (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      state text not null default 'waiting' check (state in ('waiting', 'running', 'done', 'error')),
      phase text,
      progress real not null default 0,
      threshold real not null,
      created_by uuid,
      api_key_id uuid,
      actor_name text not null,
      contacts integer not null default 0,
      comparisons bigint not null default 0,
      clusters integer not null default 0,
      duplicates integer not null default 0,
      error text,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz,
      primary key (workspace_id, id)
    )`.execute(db);
  await sql`create index duplicate_scans_created_idx on duplicate_scans (workspace_id, created_at desc)`.execute(
    db,
  );

  await sql`
    create table duplicate_clusters (
      workspace_id uuid not null,
      scan_id uuid not null,
      seq integer not null,
      score real not null,
      members uuid[] not null,
      pairs jsonb not null,
      primary key (workspace_id, scan_id, seq),
      foreign key (workspace_id, scan_id) references duplicate_scans (workspace_id, id) on delete cascade
    )`.execute(db);
  // The page lists the surest groups first.
  await sql`create index duplicate_clusters_score_idx on duplicate_clusters (workspace_id, scan_id, score desc, seq)`.execute(
    db,
  );

  await sql`
    create table duplicate_dismissals (
      workspace_id uuid not null,
      contact_a uuid not null,
      contact_b uuid not null,
      created_by uuid,
      actor_name text not null,
      created_at timestamptz not null default now(),
      primary key (workspace_id, contact_a, contact_b),
      check (contact_a < contact_b),
      foreign key (workspace_id, contact_a) references contacts (workspace_id, id) on delete cascade,
      foreign key (workspace_id, contact_b) references contacts (workspace_id, id) on delete cascade
    )`.execute(db);
  await sql`create index duplicate_dismissals_b_idx on duplicate_dismissals (workspace_id, contact_b)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['duplicate_dismissals', 'duplicate_clusters', 'duplicate_scans'])
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
}
