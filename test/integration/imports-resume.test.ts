// A server killed with SIGKILL in the middle of an import, then started again: the import goes on
// from its last committed batch, writes no contact twice, and its counts still add up. The server
// runs as a child process on the suite's engine (a PGlite directory on disk, or a fresh database).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { databaseName, withDatabase } from '../../src/db/database-url.js';
import { openDatabase } from '../../src/db/engine.js';
import { templateDatabaseUrl } from '../db.js';

const DATA_ROWS = 6_000;
const REPEATS = 500; // rows that repeat an earlier external id with a new city: updates
const BAD = 50; // rows with an invalid email: failures

function csv(): string {
  const lines = ['External ID,First Name,Last Name,Email,City'];
  for (let i = 1; i <= DATA_ROWS; i++) lines.push(`C${i},Ada,Name${i},ada.${i}@example.com,London`);
  for (let i = 1; i <= BAD; i++) lines.push(`F${i},Bad,Email${i},not-an-email-${i},Paris`);
  for (let i = 1; i <= REPEATS; i++) lines.push(`C${i},Ada,Name${i},ada.${i}@example.com,Paris`);
  return lines.join('\n') + '\n';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'contacts-resume-'));
let databaseUrl: string | undefined;

async function freshDatabase(): Promise<Record<string, string>> {
  const url = process.env.DATABASE_URL;
  if (!url) return { DATA_DIR: path.join(tmp, 'data') };
  const name = `${databaseName(url)}_resume_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}" template "${databaseName(templateDatabaseUrl(url))}"`);
  await admin.end();
  databaseUrl = withDatabase(url, name);
  return { DATABASE_URL: databaseUrl };
}

function startChild(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/start.ts'], {
    env: {
      ...process.env,
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
      IMPORT_STALE_SECONDS: '2',
      IMPORT_WORKERS: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return waitUntil(async () => {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/meta`).catch(() => null);
    return res?.ok ? child : undefined;
  }, 60_000);
}

async function waitUntil<T>(check: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  if (databaseUrl && process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists "${databaseName(databaseUrl)}" with (force)`);
    await admin.end();
  }
});

describe('an import whose server is killed', () => {
  it('resumes after a restart from its last committed batch, without duplicates, counts adding up', async () => {
    const env = await freshDatabase();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/api/v1`;
    let child = await startChild(port, env);
    try {
      const setup = await fetch(`${base}/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          workspaceName: 'Resume',
          name: 'Olga Owner',
          email: 'olga@example.com',
          password: 'correct horse battery',
        }),
      });
      expect(setup.status, await setup.clone().text()).toBe(201);
      const cookie = setup.headers.get('set-cookie')!.split(';')[0];
      const call = async (method: string, url: string, body?: unknown) => {
        const res = await fetch(`${base}${url}`, {
          method,
          headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, body: await res.text() };
      };

      const up = await fetch(`${base}/imports?fileName=resume.csv`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'text/csv' },
        body: csv(),
      });
      expect(up.status).toBe(201);
      const preview = await up.json();
      const start = await call('POST', `/imports/${preview.id}/start`, {
        mapping: preview.suggestedMapping.mapping,
      });
      expect(start.status, start.body).toBe(202);

      // Kill it once some batches are committed and most are not.
      const before = await waitUntil(async () => {
        const s = JSON.parse((await call('GET', `/imports/${preview.id}`)).body);
        return s.counts.rowsRead >= 1000 ? s : undefined;
      }, 60_000);
      expect(before.state).toBe('processing');
      expect(before.counts.rowsRead).toBeLessThan(DATA_ROWS);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));

      child = await startChild(port, env);
      const done = await waitUntil(async () => {
        const s = JSON.parse((await call('GET', `/imports/${preview.id}`)).body);
        return ['processed', 'error', 'cancelled'].includes(s.state) ? s : undefined;
      }, 120_000);
      expect(done.state, done.error).toBe('processed');
      expect(done.counts).toEqual({
        rowsRead: DATA_ROWS + BAD + REPEATS,
        created: DATA_ROWS,
        updated: REPEATS,
        unchanged: 0,
        failed: BAD,
      });
      const errors = await call('GET', `/imports/${preview.id}/errors`);
      expect(errors.body.trim().split(/\r?\n/)).toHaveLength(BAD + 1);

      // Every external id once: a contact written twice would show as a second row.
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      const database = await openDatabase(
        databaseUrl ? { databaseUrl, poolSize: 1 } : { dataDir: env.DATA_DIR },
      );
      try {
        const { rows } = await sql<{ n: number; ids: number; paris: number }>`
          select count(*)::int as n, count(distinct external_id)::int as ids,
                 count(*) filter (where city = 'Paris')::int as paris
          from contacts`.execute(database.db);
        expect(rows[0]).toEqual({ n: DATA_ROWS, ids: DATA_ROWS, paris: REPEATS });
      } finally {
        await database.close();
      }
    } finally {
      child.kill('SIGKILL');
    }
  }, 240_000);
});
