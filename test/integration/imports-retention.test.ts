import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import {
  pruneImportFiles,
  pruneImportFilesEvery,
  type PruneResult,
} from '../../src/modules/imports/retention.js';
import { createWorkspace, expectProblem, importCsv, useTestApp } from '../helpers.js';

const ctx = useTestApp({}, { jobs: true });

const DAY = 86_400_000;
const CSV = 'First name,Last name,Email\nAda,Lovelace,ada@example.com\nAlan,Turing,not-an-email\n';

const chunksOf = async (importId: string) =>
  Number(
    (
      await sql<{ n: string }>`select count(*) as n from import_chunks where import_id = ${importId}`.execute(
        ctx.app.db,
      )
    ).rows[0].n,
  );

describe('import file retention', () => {
  it('deletes the files of imports ended more than the kept days ago, and keeps their counts and error file', async () => {
    const ws = await createWorkspace(ctx.app);
    const done = await importCsv(ws.owner, CSV);
    expect(done).toMatchObject({
      state: 'processed',
      counts: { created: 1, failed: 1 },
      fileDeletedAt: null,
    });
    expect(await chunksOf(done.id)).toBeGreaterThan(0);

    // Six days later nothing goes; eight days later the file does.
    const ended = new Date(done.finishedAt).getTime();
    expect(await pruneImportFiles(ctx.app.db, 7, { now: new Date(ended + 6 * DAY) })).toMatchObject({
      files: 0,
    });
    expect(await chunksOf(done.id)).toBeGreaterThan(0);
    const pruned = await pruneImportFiles(ctx.app.db, 7, { now: new Date(ended + 8 * DAY) });
    expect(pruned.files).toBeGreaterThanOrEqual(1);
    expect(pruned.done).toBe(true);
    expect(await chunksOf(done.id)).toBe(0);

    const after = (await ws.owner.get(`/api/v1/imports/${done.id}`)).json();
    expect(after).toMatchObject({ state: 'processed', counts: done.counts, errorFileUrl: done.errorFileUrl });
    expect(after.fileDeletedAt).toEqual(expect.any(String));
    // The error file is built from the failed rows, not the file: it is still there.
    const errors = await ws.owner.get(`/api/v1/imports/${done.id}/errors`);
    expect(errors.statusCode).toBe(200);
    expect(errors.body).toContain('not-an-email');
    const problem = expectProblem(await ws.owner.get(`/api/v1/imports/${done.id}/preview`), 410);
    expect(problem.detail).toMatch(/was deleted on \d{4}-\d{2}-\d{2}.*upload it again/);
    // A second run finds nothing more to do for it.
    expect((await pruneImportFiles(ctx.app.db, 7, { now: new Date(ended + 8 * DAY) })).files).toBe(0);
  });

  it('deletes an upload never started after the kept days; starting it then answers 410', async () => {
    const ws = await createWorkspace(ctx.app);
    const up = (await ws.owner.upload('/api/v1/imports?fileName=later.csv', CSV)).json();
    const uploaded = (await ws.owner.get(`/api/v1/imports/${up.id}`)).json();
    expect(uploaded.state).toBe('uploaded');
    await pruneImportFiles(ctx.app.db, 7, { now: new Date(Date.now() + 8 * DAY) });
    expect(await chunksOf(up.id)).toBe(0);
    const res = await ws.owner.post(`/api/v1/imports/${up.id}/start`, {
      mapping: up.suggestedMapping.mapping,
    });
    expectProblem(res, 410);
    expect((await ws.owner.get(`/api/v1/imports/${up.id}`)).json().state).toBe('uploaded');
  });

  it('keeps files when the kept days are 0, and never touches a running or recent import', async () => {
    const ws = await createWorkspace(ctx.app);
    const done = await importCsv(ws.owner, CSV);
    expect(await pruneImportFiles(ctx.app.db, 0, { now: new Date(Date.now() + 365 * DAY) })).toEqual({
      files: 0,
      bytes: 0,
      done: true,
    });
    expect(await chunksOf(done.id)).toBeGreaterThan(0);

    // A running import (here: one whose state says so) keeps its file whatever its age.
    await sql`update imports set state = 'processing' where id = ${done.id}`.execute(ctx.app.db);
    await pruneImportFiles(ctx.app.db, 7, { now: new Date(Date.now() + 30 * DAY) });
    expect(await chunksOf(done.id)).toBeGreaterThan(0);
    await sql`update imports set state = 'processed' where id = ${done.id}`.execute(ctx.app.db);
  });

  it('stops at its time budget and leaves the rest for the next run', async () => {
    const ws = await createWorkspace(ctx.app);
    await importCsv(ws.owner, CSV);
    await importCsv(ws.owner, CSV);
    const r = await pruneImportFiles(ctx.app.db, 7, { now: new Date(Date.now() + 8 * DAY), budgetMs: -1 });
    expect(r).toEqual({ files: 0, bytes: 0, done: false });
    const rest = await pruneImportFiles(ctx.app.db, 7, { now: new Date(Date.now() + 8 * DAY) });
    expect(rest.files).toBeGreaterThanOrEqual(2);
    expect(rest.bytes).toBeGreaterThanOrEqual(2 * CSV.length);
  });

  it('prunes on its own a minute after the server starts', async () => {
    const ws = await createWorkspace(ctx.app);
    const done = await importCsv(ws.owner, CSV);
    await sql`update imports set finished_at = now() - interval '8 days' where id = ${done.id}`.execute(
      ctx.app.db,
    );
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const runs: PruneResult[] = [];
    let stop = () => {};
    try {
      stop = pruneImportFilesEvery(ctx.app.db, 7, {
        done: (r) => runs.push(r),
        failed: (err) => {
          throw err;
        },
      });
      await vi.advanceTimersByTimeAsync(59_000);
      expect(await chunksOf(done.id)).toBeGreaterThan(0); // not yet
      await vi.advanceTimersByTimeAsync(1_000);
    } finally {
      vi.useRealTimers();
    }
    await vi.waitFor(() => expect(runs.length).toBe(1), { timeout: 5_000 });
    expect(runs[0].files).toBeGreaterThanOrEqual(1);
    expect(await chunksOf(done.id)).toBe(0);
    stop();
  });
});
