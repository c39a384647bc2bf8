import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DeliveryState } from '../../src/db/types.js';
import { newId } from '../../src/lib/ids.js';
import {
  KEEP_ENDED_DAYS,
  pruneEndedDeliveries,
  WEBHOOK_RETENTION_JOB,
} from '../../src/modules/webhooks/job.js';
import { deleteEndedDeliveries, insertDeliveries, insertWebhook } from '../../src/modules/webhooks/repo.js';
import type { App } from '../../src/server/types.js';
import { createWorkspace, useTestApp } from '../helpers.js';

// Deliveries are written as publish writes them, then aged by setting their state and timestamps
// in the database. The API app runs no job worker: tests call pruneEndedDeliveries themselves,
// except the last describe, whose app's worker runs the retention job.
const ctx = useTestApp();

const DAY = 86_400_000;

interface Spec {
  state: DeliveryState;
  /** Days since the last attempt; null: never attempted. */
  attemptedDaysAgo: number | null;
  /** Days since it was written (default: the same as the last attempt, or now). */
  createdDaysAgo?: number;
}

/** A workspace with one hook, paused or not (nothing here is ever sent). */
async function hookIn(app: App, opts: { paused?: boolean } = {}) {
  const ws = await createWorkspace(app);
  const hook = await insertWebhook(app.db, {
    workspace_id: ws.id,
    id: newId(),
    url: 'https://receiver.example.com/hook',
    events: ['*'],
    secret: 'whsec_test',
    description: null,
    created_by: ws.ownerId,
  });
  if (opts.paused)
    await app.db.updateTable('webhooks').set({ state: 'paused' }).where('id', '=', hook.id).execute();
  return { workspaceId: ws.id, hookId: hook.id };
}

/** Writes one delivery per spec to the hook and ages it as the spec says; answers their ids. */
async function deliveries(app: App, h: { workspaceId: string; hookId: string }, specs: Spec[]) {
  const rows = specs.map(() => ({
    id: newId(),
    webhook_id: h.hookId,
    event_id: newId(),
    payload: '{"n":1}',
  }));
  await insertDeliveries(app.db, h.workspaceId, 'contact.created', rows, { anyState: true });
  for (const [i, s] of specs.entries()) {
    const created = s.createdDaysAgo ?? s.attemptedDaysAgo ?? 0;
    await sql`
      update webhook_deliveries
      set state = ${s.state},
          created_at = now() - make_interval(days => ${created}),
          last_attempt_at = case when ${s.attemptedDaysAgo}::int is null then null
                                 else now() - make_interval(days => ${s.attemptedDaysAgo}::int) end,
          delivered_at = case when ${s.state} = 'succeeded'
                              then now() - make_interval(days => ${s.attemptedDaysAgo ?? 0}::int) end
      where workspace_id = ${h.workspaceId} and id = ${rows[i].id}`.execute(app.db);
  }
  return rows.map((r) => r.id);
}

async function remaining(app: App, workspaceId: string) {
  const rows = await app.db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

const old = KEEP_ENDED_DAYS + 1;

describe('pruning ended deliveries', () => {
  it('deletes succeeded and dead deliveries last attempted over 30 days ago, and keeps the rest', async () => {
    expect(KEEP_ENDED_DAYS).toBe(30);
    const h = await hookIn(ctx.app);
    const [oldSucceeded, oldDead, ...kept] = await deliveries(ctx.app, h, [
      { state: 'succeeded', attemptedDaysAgo: old },
      { state: 'dead', attemptedDaysAgo: old },
      { state: 'succeeded', attemptedDaysAgo: KEEP_ENDED_DAYS - 1 },
      { state: 'dead', attemptedDaysAgo: 1 },
      // Still to end, however old: never deleted.
      { state: 'pending', attemptedDaysAgo: null, createdDaysAgo: 90 },
      { state: 'failed', attemptedDaysAgo: 40 },
      { state: 'sending', attemptedDaysAgo: 40 },
      // Written long ago, retried by hand lately: its period runs from that attempt.
      { state: 'dead', attemptedDaysAgo: 2, createdDaysAgo: 90 },
    ]);
    expect(await remaining(ctx.app, h.workspaceId)).toContain(oldSucceeded);

    expect(await pruneEndedDeliveries(ctx.app.db)).toEqual({ deleted: 2, done: true });
    const left = await remaining(ctx.app, h.workspaceId);
    expect(left).not.toContain(oldSucceeded);
    expect(left).not.toContain(oldDead);
    expect(left).toEqual([...kept].sort());

    // Nothing more to do until time passes: two days on, the one of 29 days goes too.
    expect((await pruneEndedDeliveries(ctx.app.db)).deleted).toBe(0);
    const twoDaysOn = new Date(Date.now() + 2 * DAY);
    expect((await pruneEndedDeliveries(ctx.app.db, { now: twoDaysOn })).deleted).toBe(1);
    expect(await remaining(ctx.app, h.workspaceId)).toEqual(kept.slice(1).sort());
  });

  it('prunes every workspace by the same rule, paused hooks too, keeping each one’s recent rows', async () => {
    const a = await hookIn(ctx.app);
    const b = await hookIn(ctx.app, { paused: true });
    const c = await hookIn(ctx.app);
    const [, aRecent] = await deliveries(ctx.app, a, [
      { state: 'succeeded', attemptedDaysAgo: old },
      { state: 'succeeded', attemptedDaysAgo: 3 },
    ]);
    const [, , bRecent, bPending] = await deliveries(ctx.app, b, [
      { state: 'dead', attemptedDaysAgo: old },
      { state: 'succeeded', attemptedDaysAgo: 45 },
      { state: 'dead', attemptedDaysAgo: 5 },
      { state: 'pending', attemptedDaysAgo: null, createdDaysAgo: 60 },
    ]);
    const cRecent = await deliveries(ctx.app, c, [
      { state: 'succeeded', attemptedDaysAgo: 0 },
      { state: 'dead', attemptedDaysAgo: 10 },
    ]);

    // Other tests' workspaces may still hold old rows here: count only these three.
    await pruneEndedDeliveries(ctx.app.db);
    expect(await remaining(ctx.app, a.workspaceId)).toEqual([aRecent]);
    expect(await remaining(ctx.app, b.workspaceId)).toEqual([bRecent, bPending].sort());
    expect(await remaining(ctx.app, c.workspaceId)).toEqual([...cRecent].sort());
  });

  it('deletes in chunks of the size asked, until none are left', async () => {
    const h = await hookIn(ctx.app);
    const other = await hookIn(ctx.app);
    const specs = (n: number, s: Spec): Spec[] => Array.from({ length: n }, () => s);
    await deliveries(ctx.app, h, specs(25, { state: 'succeeded', attemptedDaysAgo: old }));
    const recent = await deliveries(ctx.app, h, specs(3, { state: 'succeeded', attemptedDaysAgo: 1 }));
    await deliveries(ctx.app, other, specs(12, { state: 'dead', attemptedDaysAgo: old }));

    // One statement takes at most a chunk, and only the workspace it is given.
    const before = new Date(Date.now() - KEEP_ENDED_DAYS * DAY);
    expect(await deleteEndedDeliveries(ctx.app.db, h.workspaceId, before, 10)).toBe(10);
    expect(await remaining(ctx.app, h.workspaceId)).toHaveLength(18);
    expect(await remaining(ctx.app, other.workspaceId)).toHaveLength(12);

    // The loop goes on past full chunks: 15 left here (10 + 5) and 12 there (10 + 2).
    const r = await pruneEndedDeliveries(ctx.app.db, { chunk: 10 });
    expect(r).toEqual({ deleted: 27, done: true });
    expect(await remaining(ctx.app, h.workspaceId)).toEqual([...recent].sort());
    expect(await remaining(ctx.app, other.workspaceId)).toEqual([]);
  });

  it('stops when its time is up, leaving the rest for the next run', async () => {
    const h = await hookIn(ctx.app);
    await deliveries(ctx.app, h, [{ state: 'dead', attemptedDaysAgo: old }]);
    expect(await pruneEndedDeliveries(ctx.app.db, { budgetMs: -1 })).toEqual({ deleted: 0, done: false });
    expect(await remaining(ctx.app, h.workspaceId)).toHaveLength(1);
    expect((await pruneEndedDeliveries(ctx.app.db)).deleted).toBeGreaterThanOrEqual(1);
    expect(await remaining(ctx.app, h.workspaceId)).toHaveLength(0);
  });
});

describe('the retention job', () => {
  const withJobs = useTestApp({}, { jobs: true });

  it('prunes when sent, in the server that runs jobs', async () => {
    const h = await hookIn(withJobs.app);
    const [, recent] = await deliveries(withJobs.app, h, [
      { state: 'succeeded', attemptedDaysAgo: old },
      { state: 'succeeded', attemptedDaysAgo: 1 },
    ]);
    await withJobs.app.queue.send(WEBHOOK_RETENTION_JOB, {});
    const deadline = Date.now() + 20_000;
    while ((await remaining(withJobs.app, h.workspaceId)).length > 1 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(await remaining(withJobs.app, h.workspaceId)).toEqual([recent]);
  });
});
