import { sql, type Kysely } from 'kysely';

/**
 * Lets the current transaction commit without waiting for its WAL to reach the disk. Only for
 * jobs that record their progress in the same transaction (imports, bulk actions): should the
 * database crash, it loses the last few commits and the progress they recorded together, never one
 * without the other, and the job's retry redoes them. Nothing is half-applied; the database stays
 * consistent. A batch then need not sit idle for a disk flush before the next one starts.
 */
export async function commitWithoutFlushWait(trx: Kysely<any>): Promise<void> {
  await sql`set local synchronous_commit = off`.execute(trx);
}
