import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/types.js';
import { describe, expect, it } from 'vitest';
import {
  createContact,
  createWorkspace,
  expectProblem,
  useTestApp,
  type Client,
  type TestWorkspace,
} from '../helpers.js';

const ctx = useTestApp();

// Tables shared by all workspaces (Citus reference or coordinator-local tables); everything else is tenant data.
const GLOBAL_TABLES = ['workspaces', 'users', 'sessions', 'kysely_migration', 'kysely_migration_lock'];
// The one foreign key without workspace_id: a membership ties a global user to a workspace. users is
// a Citus reference table (docs/decisions.md, "Users are global"), and Citus allows foreign keys from
// distributed tables to reference tables. Any other such key must be added here deliberately.
const ALLOWED_GLOBAL_FKS = ['memberships(user_id) -> users(id)'];

type Catalog = Awaited<ReturnType<typeof readCatalog>>;

async function readCatalog(db: Kysely<DB>) {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const indexes = await sql<{
    table_name: string;
    index_name: string;
    primary: boolean;
    unique: boolean;
    columns: string[];
  }>`
    select t.relname as table_name, ix.relname as index_name, i.indisprimary as primary, i.indisunique as unique,
           array(select coalesce(a.attname, '<expression>')
                 from unnest(i.indkey::int2[]) with ordinality k(attnum, n)
                 left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
                 order by k.n)::text[] as columns
    from pg_index i
    join pg_class t on t.oid = i.indrelid
    join pg_class ix on ix.oid = i.indexrelid
    join pg_namespace ns on ns.oid = t.relnamespace
    where ns.nspname = 'public'`.execute(db);
  const fks = await sql<{
    table_name: string;
    name: string;
    columns: string[];
    ref_table: string;
    ref_columns: string[];
  }>`
    select t.relname as table_name, c.conname as name, r.relname as ref_table,
           array(select a.attname from unnest(c.conkey) with ordinality k(attnum, n)
                 join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.n)::text[] as columns,
           array(select a.attname from unnest(c.confkey) with ordinality k(attnum, n)
                 join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum order by k.n)::text[] as ref_columns
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_class r on r.oid = c.confrelid
    join pg_namespace ns on ns.oid = t.relnamespace
    where ns.nspname = 'public' and c.contype = 'f'`.execute(db);
  const tenant = tables.rows.map((r) => r.table_name).filter((t) => !GLOBAL_TABLES.includes(t));
  return {
    tenant,
    indexes: indexes.rows.filter((i) => tenant.includes(i.table_name)),
    fks: fks.rows.filter((fk) => tenant.includes(fk.table_name)),
  };
}

function primaryKeyProblems({ tenant, indexes }: Catalog): string[] {
  return tenant.flatMap((t) => {
    const pk = indexes.find((i) => i.table_name === t && i.primary);
    if (!pk) return [`${t}: no primary key`];
    return pk.columns[0] === 'workspace_id' ? [] : [`${t}: primary key (${pk.columns.join(', ')})`];
  });
}

function uniqueIndexProblems({ indexes }: Catalog): string[] {
  return indexes
    .filter((i) => i.unique && !i.columns.includes('workspace_id'))
    .map((i) => `${i.table_name}.${i.index_name} (${i.columns.join(', ')})`);
}

function foreignKeyProblems({ fks }: Catalog): string[] {
  return fks.flatMap((fk) => {
    const label = `${fk.table_name}(${fk.columns.join(', ')}) -> ${fk.ref_table}(${fk.ref_columns.join(', ')})`;
    if (ALLOWED_GLOBAL_FKS.includes(label)) return [];
    const at = fk.columns.indexOf('workspace_id');
    if (at < 0) return [`${label}: no workspace_id`];
    if (fk.ref_table === 'workspaces')
      return fk.columns.length === 1 ? [] : [`${label}: to workspaces with extra columns`];
    // Between tenant tables workspace_id must pair with workspace_id, or a row could point into another workspace.
    return fk.ref_columns[at] === 'workspace_id'
      ? []
      : [`${label}: workspace_id paired with ${fk.ref_columns[at]}`];
  });
}

describe('tenancy in the catalog', () => {
  it('finds the tenant tables, their unique indexes and foreign keys', async () => {
    const { tenant, indexes, fks } = await readCatalog(ctx.app.db);
    expect(tenant).toEqual(
      expect.arrayContaining([
        'memberships',
        'api_keys',
        'field_definitions',
        'contacts',
        'contact_points',
        'contact_shares',
        'contact_changes',
      ]),
    );
    expect(indexes.filter((i) => i.unique).length).toBeGreaterThan(tenant.length);
    expect(fks.map((fk) => fk.name)).toEqual(
      expect.arrayContaining([
        'contact_points_workspace_id_contact_id_fkey',
        'contact_shares_workspace_id_user_id_fkey',
      ]),
    );
  });

  it('leads every tenant table’s primary key with workspace_id', async () => {
    expect(primaryKeyProblems(await readCatalog(ctx.app.db))).toEqual([]);
  });

  it('includes workspace_id in every unique index of a tenant table', async () => {
    expect(uniqueIndexProblems(await readCatalog(ctx.app.db))).toEqual([]);
  });

  it('includes workspace_id, paired with workspace_id, in every foreign key of a tenant table', async () => {
    expect(foreignKeyProblems(await readCatalog(ctx.app.db))).toEqual([]);
  });

  it('reports a table that breaks each rule (checked on a throwaway table, rolled back)', async () => {
    const rollback = new Error('rollback');
    const run = ctx.app.db.transaction().execute(async (trx) => {
      await sql`
        create table tenancy_probe (
          workspace_id uuid not null, id uuid not null, contact_id uuid, user_id uuid, email text,
          primary key (id, workspace_id),
          foreign key (workspace_id, contact_id) references contacts (id, workspace_id),
          foreign key (user_id) references users (id)
        )`.execute(trx);
      await sql`create unique index tenancy_probe_email on tenancy_probe (email)`.execute(trx);
      const catalog = await readCatalog(trx);
      expect(primaryKeyProblems(catalog)).toEqual(['tenancy_probe: primary key (id, workspace_id)']);
      expect(uniqueIndexProblems(catalog)).toEqual(['tenancy_probe.tenancy_probe_email (email)']);
      expect(foreignKeyProblems(catalog).sort()).toEqual([
        'tenancy_probe(user_id) -> users(id): no workspace_id',
        'tenancy_probe(workspace_id, contact_id) -> contacts(id, workspace_id): workspace_id paired with id',
      ]);
      throw rollback;
    });
    await expect(run).rejects.toBe(rollback);
    expect((await readCatalog(ctx.app.db)).tenant).not.toContain('tenancy_probe');
  });
});

describe('another workspace’s rows', () => {
  interface World {
    a: TestWorkspace;
    b: TestWorkspace;
    bContact: any;
    bAgentId: string;
  }

  async function world(): Promise<World> {
    const [a, b] = await Promise.all([createWorkspace(ctx.app), createWorkspace(ctx.app)]);
    const bAgent = await b.addUser('agent');
    const bContact = await createContact(b.owner, {
      firstName: 'Bertha',
      lastName: 'Zebulon',
      externalId: 'B-1',
      points: [
        { channel: 'phone', value: '+1 415 555 0199' },
        { channel: 'email', value: 'bertha@b.example' },
      ],
    });
    expect(
      (await b.owner.post(`/api/v1/contacts/${bContact.id}/shares`, { userId: bAgent.id })).statusCode,
    ).toBe(200);
    return {
      a,
      b,
      bContact: (await b.owner.get(`/api/v1/contacts/${bContact.id}`)).json(),
      bAgentId: bAgent.id,
    };
  }

  async function expectUntouched(w: World) {
    const res = await w.b.owner.get(`/api/v1/contacts/${w.bContact.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(w.bContact);
    const log = (await w.b.owner.get(`/api/v1/contacts/${w.bContact.id}/changes`)).json();
    expect(log.items.map((i: any) => i.action)).toEqual(['share', 'create']);
  }

  function callers(w: World): Promise<[string, Client][]> {
    return w.a.apiKey().then((key) => [
      ['owner of A', w.a.owner],
      ['API key of A', key],
    ]);
  }

  it('answers 404 problem+json to a user and an API key of A on every contacts route with B’s contact id', async () => {
    const w = await world();
    const id = w.bContact.id;
    const ownerA = w.a.ownerId;
    for (const [who, client] of await callers(w)) {
      const calls: [string, () => ReturnType<Client['get']>][] = [
        ['GET /contacts/:id', () => client.get(`/api/v1/contacts/${id}`)],
        [
          'PATCH /contacts/:id',
          () => client.patch(`/api/v1/contacts/${id}`, { lastName: 'Hijacked' }, { 'if-match': '"2"' }),
        ],
        [
          'PATCH /contacts/:id (version 1)',
          () => client.patch(`/api/v1/contacts/${id}`, { lastName: 'Hijacked' }, { 'if-match': '"1"' }),
        ],
        ['DELETE /contacts/:id', () => client.delete(`/api/v1/contacts/${id}`)],
        [
          'DELETE /contacts/:id with If-Match',
          () => client.delete(`/api/v1/contacts/${id}`, { 'if-match': '"2"' }),
        ],
        ['GET /contacts/:id/changes', () => client.get(`/api/v1/contacts/${id}/changes`)],
        ['POST /contacts/:id/shares', () => client.post(`/api/v1/contacts/${id}/shares`, { userId: ownerA })],
        [
          'POST /contacts/:id/shares (B’s user)',
          () => client.post(`/api/v1/contacts/${id}/shares`, { userId: w.b.ownerId }),
        ],
        [
          'DELETE /contacts/:id/shares/:userId',
          () => client.delete(`/api/v1/contacts/${id}/shares/${w.bAgentId}`),
        ],
        [
          'POST /contacts/:id/transfer',
          () => client.post(`/api/v1/contacts/${id}/transfer`, { ownerId: ownerA }),
        ],
        [
          'POST /contacts/:id/transfer (B’s user)',
          () => client.post(`/api/v1/contacts/${id}/transfer`, { ownerId: w.bAgentId }),
        ],
      ];
      for (const [route, call] of calls) {
        const res = await call();
        expect(res.statusCode, `${who}: ${route}: ${res.body}`).toBe(404);
        expect(res.headers['content-type'], `${who}: ${route}`).toMatch(/^application\/problem\+json/);
        expect(res.body).not.toContain('Bertha');
      }
    }
    await expectUntouched(w);
  });

  it('never shows B’s change log to A, with or without a cursor', async () => {
    const w = await world();
    const withCursor = await w.a.owner.get(
      `/api/v1/contacts/${w.bContact.id}/changes?cursor=${w.bContact.id}&limit=1`,
    );
    // Either not found or an empty page: never B's entries.
    if (withCursor.statusCode === 200) expect(withCursor.json().items).toEqual([]);
    else expectProblem(withCursor, 404);
  });

  it('deletes nothing in bulk when given B’s ids, even mixed with A’s own', async () => {
    const w = await world();
    const mine = await createContact(w.a.owner, { lastName: 'Mine' });
    for (const [who, client] of await callers(w)) {
      const onlyB = await client.post('/api/v1/contacts/bulk-delete', {
        ids: [w.bContact.id],
        expectedCount: 1,
      });
      expectProblem(onlyB, 409, 'expectedCount', 'must be 0');
      const mixed = await client.post('/api/v1/contacts/bulk-delete', {
        ids: [mine.id, w.bContact.id],
        expectedCount: 2,
      });
      expectProblem(mixed, 409, 'expectedCount', 'must be 1');
      expect((await client.get(`/api/v1/contacts/${mine.id}`)).statusCode, who).toBe(200);
    }
    // The count that matches what A may delete removes A's contact only.
    const ok = await w.a.owner.post('/api/v1/contacts/bulk-delete', {
      ids: [mine.id, w.bContact.id],
      expectedCount: 1,
    });
    expect(ok.json()).toEqual({ deleted: 1 });
    await expectUntouched(w);
  });

  it('never lists or finds B’s contacts for A', async () => {
    const w = await world();
    const mine = await createContact(w.a.owner, { firstName: 'Alma', lastName: 'Zebulon' });
    for (const [who, client] of await callers(w)) {
      for (const q of ['', 'Zebulon', 'bertha', 'b.example', '4155550199', 'B-1']) {
        const res = await client.get(`/api/v1/contacts?limit=200${q ? `&q=${encodeURIComponent(q)}` : ''}`);
        expect(res.statusCode).toBe(200);
        const ids = res.json().items.map((c: any) => c.id);
        expect(ids, `${who} q=${q}`).not.toContain(w.bContact.id);
        if (q === '' || q === 'Zebulon') expect(ids, `${who} q=${q}`).toEqual([mine.id]);
      }
    }
  });

  it('does not let A share with, transfer to or assign B’s users', async () => {
    const w = await world();
    const mine = await createContact(w.a.owner, { lastName: 'Mine' });
    expectProblem(
      await w.a.owner.post(`/api/v1/contacts/${mine.id}/shares`, { userId: w.bAgentId }),
      400,
      'userId',
    );
    expectProblem(
      await w.a.owner.post(`/api/v1/contacts/${mine.id}/transfer`, { ownerId: w.bAgentId }),
      400,
      'ownerId',
    );
    expectProblem(
      await w.a.owner.post('/api/v1/contacts', { lastName: 'X', ownerId: w.b.ownerId }),
      400,
      'ownerId',
    );
    const after = (await w.a.owner.get(`/api/v1/contacts/${mine.id}`)).json();
    expect(after).toMatchObject({ ownerId: w.a.ownerId, sharedWith: [], version: 1 });
  });

  it('does not let A take over B’s contact points by id', async () => {
    const w = await world();
    const mine = await createContact(w.a.owner, { lastName: 'Mine' });
    const bPoint = w.bContact.points[0];
    const res = await w.a.owner.patch(
      `/api/v1/contacts/${mine.id}`,
      { points: [{ id: bPoint.id, channel: bPoint.channel, value: bPoint.value }] },
      { 'if-match': '"1"' },
    );
    expectProblem(res, 400, 'points.0.id', 'No such contact point');
    expect((await w.a.owner.get(`/api/v1/contacts/${mine.id}`)).json()).toMatchObject({
      points: [],
      version: 1,
    });
    await expectUntouched(w);
  });

  it('does not let A change B’s users, fields or API keys, nor see them', async () => {
    const w = await world();
    const bField = (
      await w.b.owner.post('/api/v1/fields', { key: 'b_secret', label: 'B secret', type: 'text' })
    ).json();
    const bKeyRes = await w.b.owner.post('/api/v1/api-keys', { name: 'B integration' });
    const bKey = bKeyRes.json();
    for (const [who, client] of await callers(w)) {
      // Users and keys are managed by people only: a key is refused before any look-up (403).
      const people = who.startsWith('API key') ? 403 : 404;
      expectProblem(await client.patch(`/api/v1/users/${w.bAgentId}`, { role: 'admin' }), people);
      expectProblem(await client.patch(`/api/v1/users/${w.b.ownerId}`, { active: false }), people);
      expectProblem(
        await client.patch(`/api/v1/users/${w.bAgentId}`, { password: 'taken over 123' }),
        people,
      );
      expectProblem(await client.patch(`/api/v1/fields/${bField.id}`, { label: 'Mine now' }), 404);
      expectProblem(await client.delete(`/api/v1/fields/${bField.id}`), 404);
      expectProblem(await client.delete(`/api/v1/api-keys/${bKey.id}`), people);
      const users = (await client.get('/api/v1/users')).json().items.map((u: any) => u.id);
      expect(users, who).not.toContain(w.bAgentId);
      expect((await client.get('/api/v1/fields')).json().items, who).toEqual([]);
      const keys = await client.get('/api/v1/api-keys');
      if (people === 404)
        expect(
          keys.json().items.map((k: any) => k.id),
          who,
        ).not.toContain(bKey.id);
      else expectProblem(keys, 403);
      // B's field key means nothing in A.
      expectProblem(
        await client.post('/api/v1/contacts', { lastName: 'X', custom: { b_secret: 'x' } }),
        400,
        'custom.b_secret',
        'Unknown custom field',
      );
    }
    const bUsers = (await w.b.owner.get('/api/v1/users')).json().items;
    expect(bUsers.find((u: any) => u.id === w.bAgentId)).toMatchObject({ role: 'agent', active: true });
    expect((await w.b.owner.get('/api/v1/fields')).json().items).toEqual([bField]);
    const bClient = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${bKey.token}` },
    });
    expect(bClient.statusCode).toBe(200);
    expect(bClient.json().workspace.id).toBe(w.b.id);
  });
});
