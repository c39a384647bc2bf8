import { sql, type Kysely } from 'kysely';

// Outbound list sources (src/modules/lists/schedule*.ts, web-service*.ts): a list filled from a
// filter or segment can re-run it on a cron schedule. `schedule` (the 5-field cron) and
// `last_run_at` came with 2026120602_outbound; this adds the zone the cron is read in, when it is
// due next, and why the last scheduled run failed. Web-service entries need no new column: they
// are entries without a contact whose `payload` is the item the service answered.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table contact_lists
    add column schedule_time_zone text,
    add column next_run_at timestamptz,
    add column schedule_error text`.execute(db);
  // The scheduler asks "which lists are due?" across workspaces every minute: only scheduled
  // lists are in this index, so it stays as small as the number of schedules.
  await sql`create index contact_lists_due_idx on contact_lists (next_run_at) where next_run_at is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists contact_lists_due_idx`.execute(db);
  await sql`alter table contact_lists
    drop column if exists schedule_time_zone,
    drop column if exists next_run_at,
    drop column if exists schedule_error`.execute(db);
}
