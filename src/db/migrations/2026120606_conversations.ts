import { sql, type Kysely } from 'kysely';

// Inbound conversations (src/modules/conversations): each one a chat platform reports, by the
// client's own conversation id, so a retried call finds the first one's answer instead of creating
// anything twice. And the words that opt a sender out (or back in) when a message is just that word.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table workspaces
    add column optout_keywords text[] not null
      default '{STOP,STOPALL,UNSUBSCRIBE,CANCEL,END,QUIT,OPTOUT,"OPT OUT",REVOKE}',
    add column optin_keywords text[] not null default '{START,UNSTOP,SUBSCRIBE,OPTIN,"OPT IN"}'`.execute(db);

  // An integration's own id for an activity: posting it again is recognised, not stored twice.
  await sql`alter table activities add column external_id text`.execute(db);
  await sql`create unique index activities_external_key on activities (workspace_id, external_id) where external_id is not null`.execute(
    db,
  );

  await sql`
    create table conversations (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      external_id text not null,
      channel text not null,
      sender text not null,
      contact_id uuid,
      activity_id uuid,
      contact_created boolean not null default false,
      blocked boolean not null default false,
      consent text check (consent in ('opted_out', 'opted_in')),
      received_at timestamptz not null,
      created_at timestamptz not null default now(),
      primary key (workspace_id, id),
      foreign key (workspace_id, contact_id) references contacts (workspace_id, id) on delete set null (contact_id)
    )`.execute(db);
  await sql`create unique index conversations_external_key on conversations (workspace_id, external_id)`.execute(
    db,
  );
  await sql`create index conversations_contact_idx on conversations (workspace_id, contact_id) where contact_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists conversations`.execute(db);
  await sql`alter table activities drop column if exists external_id`.execute(db);
  await sql`alter table workspaces drop column if exists optout_keywords, drop column if exists optin_keywords`.execute(
    db,
  );
}
