import { sql, type Kysely } from 'kysely';

// What pruning looks for (src/modules/webhooks/job.ts): a workspace's ended deliveries by when they
// ended, so deleting those past the retention period reads only them, never the whole outbox.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index webhook_deliveries_ended_idx on webhook_deliveries (workspace_id, last_attempt_at)
    where state in ('succeeded', 'dead')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists webhook_deliveries_ended_idx`.execute(db);
}
