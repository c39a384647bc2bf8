import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/server/app.js';
import { loadConfig, type Config } from '../src/server/config.js';
import type { App } from '../src/server/types.js';
import type { Role } from '../src/db/types.js';
import { createWorkspaceWithOwner } from '../src/modules/workspaces/service.js';
import { openTestDatabase } from './db.js';

export interface TestContext {
  app: App;
}

/**
 * One app and one fresh database per test file; tests isolate themselves by creating workspaces.
 * `jobs: true` starts the background-job queue with a worker in the app; `'queued'` starts it
 * without one, so jobs wait for the test to run them.
 */
export function useTestApp(
  overrides: Partial<Config> = {},
  opts: { jobs?: boolean | 'queued' } = {},
): TestContext {
  const ctx = {} as TestContext;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const database = await openTestDatabase();
    const config = {
      ...loadConfig({}),
      rateLimitPerMinute: 0,
      signInAttempts: 0,
      validateResponses: true,
      ...overrides,
    };
    ctx.app = await buildApp({
      config,
      database,
      web: false,
      logger: false,
      jobs: opts.jobs ? { work: opts.jobs === true, pollingIntervalSeconds: 0.5 } : false,
    });
    await ctx.app.ready();
    close = async () => {
      await ctx.app.close();
      await database.close();
    };
  }, 60_000);
  afterAll(async () => close?.());
  return ctx;
}

const unique = () => randomBytes(5).toString('hex');

type Body = Record<string, unknown> | unknown[] | string | Buffer | undefined;

/** A client bound to one identity (session cookie or API key), over Fastify's inject. */
export class Client {
  constructor(
    readonly app: App,
    private readonly auth: { cookie?: string; bearer?: string },
  ) {}

  request(
    method: string,
    url: string,
    body?: Body,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const h: Record<string, string> = { ...headers };
    if (this.auth.cookie) h.cookie = `sid=${this.auth.cookie}`;
    if (this.auth.bearer) h.authorization = `Bearer ${this.auth.bearer}`;
    return this.app.inject({ method: method as any, url, payload: body as any, headers: h });
  }
  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, body?: Body, headers?: Record<string, string>) =>
    this.request('POST', url, body ?? {}, headers);
  patch = (url: string, body: Body, headers?: Record<string, string>) =>
    this.request('PATCH', url, body, headers);
  put = (url: string, body: Body, headers?: Record<string, string>) =>
    this.request('PUT', url, body, headers);
  delete = (url: string, headers?: Record<string, string>) => this.request('DELETE', url, undefined, headers);
  /** A raw body, e.g. a file for POST /imports. */
  upload = (url: string, file: string | Buffer, contentType = 'text/csv') =>
    this.request('POST', url, file, { 'content-type': contentType });
}

export async function signIn(app: App, email: string, password: string): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'sid');
  return new Client(app, { cookie: cookie!.value });
}

export interface TestWorkspace {
  id: string;
  owner: Client;
  ownerId: string;
  /** Adds a user with the role and returns a signed-in client for it. */
  addUser(
    role: Role,
    name?: string,
  ): Promise<{ client: Client; id: string; email: string; password: string }>;
  apiKey(): Promise<Client>;
}

/** A new workspace with a signed-in owner; every test gets its own, so none sees another's data. */
export async function createWorkspace(
  app: App,
  opts: { defaultCountry?: string } = {},
): Promise<TestWorkspace> {
  const password = 'correct horse battery';
  const email = `owner-${unique()}@example.com`;
  const { workspace, userId } = await app.db.transaction().execute((trx) =>
    createWorkspaceWithOwner(trx, {
      workspaceName: `WS ${unique()}`,
      name: 'Olga Owner',
      email,
      password,
      defaultCountry: opts.defaultCountry ?? 'US',
    }),
  );
  const owner = await signIn(app, email, password);
  return {
    id: workspace.id,
    owner,
    ownerId: userId,
    async addUser(role, name = `${role} ${unique()}`) {
      const userEmail = `${role}-${unique()}@example.com`;
      const res = await owner.post('/api/v1/users', { name, email: userEmail, password, role });
      if (res.statusCode !== 201) throw new Error(`add user failed: ${res.body}`);
      return {
        client: await signIn(app, userEmail, password),
        id: res.json().id,
        email: userEmail,
        password,
      };
    },
    async apiKey() {
      const res = await owner.post('/api/v1/api-keys', { name: `key ${unique()}` });
      if (res.statusCode !== 201) throw new Error(`api key failed: ${res.body}`);
      return new Client(app, { bearer: res.json().token });
    },
  };
}

/** Creates a contact and returns its body; fails the test on any non-201. */
export async function createContact(client: Client, body: Record<string, unknown>) {
  const res = await client.post('/api/v1/contacts', body);
  if (res.statusCode !== 201) throw new Error(`create contact failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Uploads a CSV and starts it with the suggested mapping (and `options`); answers the import's id. */
export async function startImport(client: Client, csv: string, options: Record<string, unknown> = {}) {
  const up = await client.upload('/api/v1/imports?fileName=people.csv', csv);
  if (up.statusCode !== 201) throw new Error(`upload failed: ${up.statusCode} ${up.body}`);
  const preview = up.json();
  const start = await client.post(`/api/v1/imports/${preview.id}/start`, {
    mapping: preview.suggestedMapping.mapping,
    ...options,
  });
  if (start.statusCode !== 202) throw new Error(`start failed: ${start.statusCode} ${start.body}`);
  return preview.id as string;
}

/** Uploads a CSV, starts it with the suggested mapping and waits for the import to finish. */
export async function importCsv(client: Client, csv: string) {
  const id = await startImport(client, csv);
  for (let i = 0; i < 200; i++) {
    const body = (await client.get(`/api/v1/imports/${id}`)).json();
    if (!['waiting', 'processing'].includes(body.state)) return body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('import did not finish');
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: { path: string; message: string }[];
}

/**
 * Asserts an application/problem+json answer with the status and, when given, a field error on
 * `path` whose message matches `message`. Returns the problem for further checks.
 */
export function expectProblem(
  res: LightMyRequestResponse,
  status: number,
  path?: string,
  message?: RegExp | string,
): Problem {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = res.json() as Problem;
  expect(problem.status).toBe(status);
  expect(Array.isArray(problem.errors)).toBe(true);
  if (path !== undefined) {
    const onPath = problem.errors.filter((e) => e.path === path);
    expect(onPath, `no error on ${path}: ${res.body}`).not.toHaveLength(0);
    if (message !== undefined) {
      const re =
        typeof message === 'string' ? new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : message;
      expect(
        onPath.some((e) => re.test(e.message)),
        `no message matching ${re} on ${path}: ${res.body}`,
      ).toBe(true);
    }
  }
  return problem;
}

/** Rows of a tenant table in one workspace, counted straight from the database. */
export async function countRows(
  app: App,
  table: 'contacts' | 'contact_points' | 'contact_changes' | 'field_definitions',
  workspaceId: string,
) {
  const row = await app.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
