// The `contacts` CLI as a user runs it: bin/contacts in a child process, from another directory,
// against a real server on a random port (PGlite in memory, or a fresh PostgreSQL database).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseName, withDatabase } from '../../src/db/database-url.js';
import { startServer } from '../../src/server/main.js';
import { dropDatabase as dropTestDatabase, templateDatabaseUrl } from '../db.js';

const BIN = fileURLToPath(new URL('../../bin/contacts', import.meta.url));

let server: Awaited<ReturnType<typeof startServer>>;
let dropDatabase = async () => {};
let cookie = '';
let apiKey = '';
let work = '';

/** A database cloned from the migrated template, as test/db.ts does, but as a URL for startServer. */
async function cloneDatabase(url: string): Promise<string> {
  const name = `${databaseName(url)}_cli_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database "${name}" template "${databaseName(templateDatabaseUrl(url))}"`);
  await admin.end();
  dropDatabase = () => dropTestDatabase(url, name);
  return withDatabase(url, name);
}

async function api(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/v1${url}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}
const asOwner = (method: string, url: string, body?: unknown) => api(method, url, body, { cookie });

beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  server = await startServer(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir: 'memory://',
      databaseUrl: url ? await cloneDatabase(url) : undefined,
      rateLimitPerMinute: 0,
      validateResponses: true,
      jobPollSeconds: 0.5,
    },
    { logger: false },
  );
  const setup = await api('POST', '/setup', {
    workspaceName: 'CLI Test',
    name: 'Olga Owner',
    email: 'owner@cli.test',
    password: 'correct horse battery',
  });
  expect(setup.status).toBe(201);
  cookie = setup.headers.get('set-cookie')!.split(';')[0];
  const key = await asOwner('POST', '/api-keys', { name: 'cli' });
  expect(key.status).toBe(201);
  apiKey = key.json.token;
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'contacts-cli-'));
}, 60_000);

afterAll(async () => {
  await server?.close();
  await dropDatabase();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs bin/contacts in the scratch directory, connected to the test server unless env says otherwise. */
function run(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function spawnCli(args: string[], env: Record<string, string | undefined> = {}) {
  const vars: Record<string, string | undefined> = {
    ...process.env,
    CONTACTS_URL: server.url,
    CONTACTS_API_KEY: apiKey,
    ...env,
  };
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete vars[k];
  return spawn(process.execPath, [BIN, ...args], { cwd: work, env: vars as NodeJS.ProcessEnv });
}

function file(name: string, lines: string[]): string {
  fs.writeFileSync(path.join(work, name), lines.join('\n') + '\n');
  return name;
}

const importId = (out: string) => /Import ([0-9a-f-]{36}) started/.exec(out)?.[1] ?? '';

async function contact(q: string) {
  const res = await asOwner('GET', `/contacts?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  expect(res.json.items).toHaveLength(1);
  return res.json.items[0];
}

describe('contacts CLI', () => {
  // In order: each step reads what the earlier ones imported. The other suites stand alone.
  describe('import, follow, list and export', () => {
    it('imports a small CSV with --wait: prints the mapping, the counts, exit code 0', async () => {
      const csv = file('people.csv', [
        'First Name,Last Name,Email,Company',
        'Ada,Lovelace,ada@cli.example,Analytical Engines',
        'Alan,Turing,alan@cli.example,Bletchley Park',
      ]);
      const r = await run(['import', csv, '--wait', '--tag', 'cli,first']);
      expect(r.stderr).not.toMatch(/error/i);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/1 +First Name +→ firstName/);
      expect(r.stdout).toMatch(/3 +Email +→ email:/);
      expect(r.stdout).toContain('2 of 2 rows imported: created 2, updated 0, unchanged 0, failed 0');
      const ada = await contact('ada@cli.example');
      expect(ada).toMatchObject({ firstName: 'Ada', company: 'Analytical Engines', tags: ['cli', 'first'] });
    });

    it('exits 3 when rows fail, and `imports errors` downloads them with their reasons', async () => {
      const csv = file('bad-rows.csv', [
        'First Name,Email',
        'Good,good@cli.example',
        'Broken,not-an-email',
        'Also,also@cli.example',
      ]);
      const r = await run(['import', csv, '--wait']);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stdout).toContain('2 of 3 rows imported: created 2, updated 0, unchanged 0, failed 1');
      const id = importId(r.stdout);
      expect(r.stdout).toContain(`contacts imports errors ${id} > bad-rows-errors.csv`);

      const errors = await run(['imports', 'errors', id]);
      expect(errors.code, errors.stderr).toBe(0);
      const lines = errors.stdout
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/);
      expect(lines[0]).toBe('First Name,Email,Errors');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/^Broken,not-an-email,.*not a valid email/);

      const saved = await run(['imports', 'errors', id, '-o', 'fix-me.csv']);
      expect(saved.code, saved.stderr).toBe(0);
      expect(saved.stdout).toBe('');
      expect(fs.readFileSync(path.join(work, 'fix-me.csv'), 'utf8')).toContain('Broken,not-an-email');
    });

    it('applies --map: a column forced to ignore, a custom field, a phone with the work label', async () => {
      const field = await asOwner('POST', '/fields', {
        key: 'plan',
        label: 'Subscription plan',
        type: 'text',
      });
      expect(field.status).toBe(201);
      const csv = file('mapped.csv', [
        'Name,Surname,Tariff,Office,Company',
        'Grace,Hopper,gold,+1 202 555 0100,US Navy',
      ]);
      const r = await run([
        'import',
        csv,
        '--map',
        'tariff=custom.plan',
        '--map',
        'Office=phone:work',
        '--map',
        '5=ignore',
        '--wait',
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/3 +Tariff +→ custom\.plan +\(--map\)/);
      expect(r.stdout).toMatch(/4 +Office +→ phone:work +\(--map\)/);
      expect(r.stdout).toMatch(/5 +Company +→ ignore +\(--map\)/);
      const grace = await contact('Hopper');
      expect(grace.company).toBeNull();
      expect(grace.custom).toEqual({ plan: 'gold' });
      expect(grace.points.map((p: any) => [p.channel, p.label, p.normalized])).toEqual([
        ['phone', 'work', '+12025550100'],
      ]);
    });

    it('adds imported contacts to a static group named by --group', async () => {
      const auth = { authorization: `Bearer ${apiKey}` };
      const group = await api('POST', '/groups', { name: 'Callers', type: 'static' }, auth);
      expect(group.status).toBe(201);
      const csv = file('grouped.csv', ['First Name,Email', 'Grouped,grouped@cli.example']);
      const r = await run(['import', csv, '--group', 'callers', '--wait']);
      expect(r.code, r.stderr).toBe(0);
      const members = await api(
        'POST',
        '/contacts/count',
        { filter: { field: 'group', op: 'equals', value: group.json.id } },
        auth,
      );
      expect(members.json.count).toBe(1);
    });

    it('without --wait prints the import id and how to follow it', async () => {
      const csv = file('later.csv', ['First Name,Email', 'Later,later@cli.example']);
      const r = await run(['import', csv]);
      expect(r.code, r.stderr).toBe(0);
      const id = importId(r.stdout);
      expect(r.stdout).toContain(`contacts imports show ${id}`);
      const wait = await run(['imports', 'wait', id]);
      expect(wait.code, wait.stderr).toBe(0);
      expect(wait.stdout).toContain('1 of 1 rows imported');
    });

    it('lists imports as a table and as JSON, and shows one', async () => {
      const [table, json] = await Promise.all([run(['imports', 'list']), run(['imports', 'list', '--json'])]);
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout.split('\n')[0]).toMatch(
        /^ID +FILE +STATE +READ +CREATED +UPDATED +UNCHANGED +FAILED +CREATED AT$/,
      );
      expect(table.stdout).toMatch(/people\.csv +processed +2 +2 +0 +0 +0 /);
      const { items } = JSON.parse(json.stdout);
      const people = items.find((i: any) => i.fileName === 'people.csv');
      expect(people.counts).toEqual({ rowsRead: 2, created: 2, updated: 0, unchanged: 0, failed: 0 });

      const [show, showJson] = await Promise.all([
        run(['imports', 'show', people.id]),
        run(['imports', 'show', people.id, '--json']),
      ]);
      expect(show.code, show.stderr).toBe(0);
      expect(show.stdout).toMatch(new RegExp(`^Import: +${people.id}$`, 'm'));
      expect(show.stdout).toMatch(/^State: +processed$/m);
      expect(show.stdout).toMatch(/^Result: +2 of 2 rows imported: created 2/m);
      expect(show.stdout).toMatch(/Tags: +cli, first/);
      expect(show.stdout).toMatch(/Mapping:\n +1 +First Name +→ firstName/);
      expect(JSON.parse(showJson.stdout)).toMatchObject({ id: people.id, state: 'processed' });
    });

    it('cannot cancel a finished import: the server’s 409 is printed, exit code 1', async () => {
      const { json } = await api('GET', '/imports', undefined, { authorization: `Bearer ${apiKey}` });
      const done = json.items.find((i: any) => i.fileName === 'people.csv');
      const r = await run(['imports', 'cancel', done.id]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('(HTTP 409): The import is processed, not running');
    });

    it('streams CSV to stdout and writes -o files', async () => {
      const [out, saved, picked, filtered] = await Promise.all([
        run(['export']),
        run(['export', '-o', 'all.csv', '--q', 'lovelace']),
        run(['export', '--columns', 'lastName,custom.plan', '--q', 'hopper']),
        run([
          'export',
          '--columns',
          'lastName',
          '--filter',
          '{"field":"lastName","op":"starts_with","value":"tur"}',
        ]),
      ]);
      expect(filtered.code, filtered.stderr).toBe(0);
      expect(filtered.stdout.replace(/^\uFEFF/, '')).toBe('lastName\r\nTuring\r\n');
      expect(out.code, out.stderr).toBe(0);
      const csv = out.stdout.replace(/^\uFEFF/, '');
      expect(csv.split('\r\n')[0]).toMatch(/^firstName,lastName,/);
      expect(csv).toContain('Ada,Lovelace,');
      expect(csv).toContain('Alan,Turing,');

      expect(saved.code, saved.stderr).toBe(0);
      expect(saved.stdout).toBe('');
      expect(saved.stderr).toMatch(/Saved all\.csv \(\d+ B\)/);
      const file = fs.readFileSync(path.join(work, 'all.csv'), 'utf8');
      expect(file).toContain('Ada,Lovelace,');
      expect(file).not.toContain('Turing');

      expect(picked.code, picked.stderr).toBe(0);
      expect(picked.stdout.replace(/^\uFEFF/, '')).toBe('lastName,Subscription plan\r\nHopper,gold\r\n');
    });

    it('writes XLSX with -o, and reports a bad column or a bad filter', async () => {
      const [xlsx, column, filter, badJson] = await Promise.all([
        run(['export', '--format', 'xlsx', '-o', 'all.xlsx']),
        run(['export', '--columns', 'firstName,shoeSize']),
        run(['export', '--filter', '{"and":[]}']),
        run(['export', '--filter', '{oops']),
      ]);
      expect(xlsx.code, xlsx.stderr).toBe(0);
      expect(fs.readFileSync(path.join(work, 'all.xlsx')).subarray(0, 2).toString()).toBe('PK');
      expect(column.code).toBe(1);
      expect(column.stderr).toContain('shoeSize');
      expect(filter.code).toBe(1);
      expect(filter.stderr).toContain('filter.and: must be a non-empty list');
      expect(badJson.code).toBe(2);
      expect(badJson.stderr).toContain('--filter: not valid JSON');
    });
  });

  describe('interrupting', () => {
    it('Ctrl-C while waiting asks the server to cancel and exits 130', async () => {
      const rows = Array.from({ length: 30_000 }, (_, i) => `Row${i},row${i}@cancel.example`);
      const csv = file('cancel.csv', ['First Name,Email', ...rows]);
      const child = spawnCli(['import', csv, '--wait']);
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => {
        child.stdout.on('data', (d) => {
          stdout += d;
          if (importId(stdout)) child.kill('SIGINT');
        });
        child.on('close', resolve);
      });
      expect(code, `${stdout}\n${stderr}`).toBe(130);
      expect(stderr).toContain(`Cancelling import ${importId(stdout)}`);
      const res = await api('GET', `/imports/${importId(stdout)}`, undefined, {
        authorization: `Bearer ${apiKey}`,
      });
      expect(res.json.state === 'cancelled' || res.json.cancelRequested, JSON.stringify(res.json)).toBe(true);
    });
  });

  describe('refusals', () => {
    it('refuses bad command lines with exit code 2 and says what is wrong', async () => {
      const csv = file('usage.csv', ['First Name,Email', 'Use,use@cli.example']);
      const [field, column, noKey, noFile, group, choice] = await Promise.all([
        run(['import', csv, '--map', 'Email=e-mail']),
        run(['import', csv, '--map', 'Mail=email']),
        run(['import', csv], { CONTACTS_API_KEY: undefined }),
        run(['import', 'no-such-file.csv']),
        run(['import', csv, '--group', 'VIP']),
        run(['import', csv, '--key', 'name']),
      ]);
      for (const r of [field, column, noKey, noFile, group, choice]) {
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
      }
      expect(field.stderr).toContain('"e-mail" is not a field to import into');
      expect(field.stderr).toContain('firstName, lastName');
      expect(field.stderr).toContain('custom.KEY');
      expect(column.stderr).toContain('the file has no column "Mail"');
      expect(column.stderr).toMatch(/1 +First Name\n +2 +Email/);
      expect(noKey.stderr).toContain('--api-key');
      expect(noKey.stderr).toContain('CONTACTS_API_KEY');
      expect(noFile.stderr).toContain('file not found: no-such-file.csv');
      expect(group.stderr).toContain('no group named "VIP"');
      expect(choice.stderr).toContain('email, phone, external_id, none');
      // The unknown column was found after the upload: that upload was removed again.
      const { json } = await api('GET', '/imports', undefined, { authorization: `Bearer ${apiKey}` });
      expect(json.items.filter((i: any) => i.fileName === 'usage.csv')).toEqual([]);
    });

    it('prints the server’s field errors readably with exit code 1', async () => {
      const csv = file('no-name.csv', ['Company,Notes', 'Acme,hello']);
      const r = await run(['import', csv, '--map', 'Notes=company']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('Invalid input (HTTP 400)');
      expect(r.stderr).toContain('column 2 ("Notes"): Company is already mapped from column 1 ("Company")');
    });

    it('a wrong API key is a readable 401, exit code 1', async () => {
      const r = await run(['imports', 'list'], { CONTACTS_API_KEY: 'ck_not_a_real_key' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('(HTTP 401): API key is invalid or revoked');
      expect(r.stderr).toContain('--api-key');
      expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    });

    it('a server that is not running is named, exit code 1', async () => {
      const port = await new Promise<number>((resolve) => {
        const probe = net.createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as net.AddressInfo;
          probe.close(() => resolve(port));
        });
      });
      const r = await run(['imports', 'list', '--url', `http://127.0.0.1:${port}`]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(
        `error: cannot reach the server at http://127.0.0.1:${port}: is it running?`,
      );
    });

    it('answers an unknown import with the server’s 404, and a malformed id as a usage error', async () => {
      const [missing, notId] = await Promise.all([
        run(['imports', 'show', '01a20000-0000-7000-8000-000000000000']),
        run(['imports', 'show', 'latest']),
      ]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('Not found (HTTP 404)');
      expect(notId.code).toBe(2);
      expect(notId.stderr).toContain('"latest" is not an import id');
    });
  });

  describe('help', () => {
    const commands: [string[], string[]][] = [
      [[], ['import', 'imports', 'export', '--url', '--api-key', 'CONTACTS_API_KEY']],
      [
        ['import'],
        [
          '--map',
          '--key',
          '--on-match',
          '--tag',
          '--group',
          '--date-format',
          '--country',
          '--sheet',
          '--generate-ids',
          '--wait',
          'custom.KEY',
          '--api-key',
        ],
      ],
      [['imports'], ['list', 'show', 'errors', 'wait', 'cancel']],
      [
        ['imports', 'list'],
        ['--json', '--url'],
      ],
      [
        ['imports', 'show'],
        ['<id>', '--json'],
      ],
      [
        ['imports', 'errors'],
        ['<id>', '--output'],
      ],
      [
        ['imports', 'wait'],
        ['<id>', 'Ctrl-C'],
      ],
      [['imports', 'cancel'], ['<id>']],
      [
        ['export'],
        [
          '--format',
          'csv',
          'xlsx',
          'vcf',
          '--columns',
          '--q',
          '--filter',
          '--segment',
          '--group',
          '--output',
        ],
      ],
    ];

    it('every command answers --help with its options, exit code 0', async () => {
      const runs = await Promise.all(
        commands.map(([cmd]) => run([...cmd, '--help'], { CONTACTS_API_KEY: undefined })),
      );
      runs.forEach((r, i) => {
        const [cmd, words] = commands[i];
        expect(r.code, `contacts ${cmd.join(' ')} --help: ${r.stderr}`).toBe(0);
        expect(r.stdout).toContain(`Usage: contacts ${cmd.join(' ')}`.trim());
        for (const w of words) expect(r.stdout, `contacts ${cmd.join(' ')} --help`).toContain(w);
      });
    });

    it('no command at all shows the help as a usage error', async () => {
      const r = await run([]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Usage: contacts');
    });
  });
});
