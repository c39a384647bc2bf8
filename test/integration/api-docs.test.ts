import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers.js';

const ctx = useTestApp();

let spec: any;
beforeAll(async () => {
  const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  expect(res.statusCode).toBe(200);
  spec = res.json();
});

const BODY_METHODS = new Set(['post', 'put', 'patch']);
// Routes that take no body by design.
// Sign-out takes nothing; an import upload takes the file itself as the body, not JSON.
const NO_BODY = new Set([
  'post /api/v1/auth/sign-out',
  'post /api/v1/imports',
  'post /api/v1/imports/{id}/cancel',
  'post /api/v1/bulk-actions/{id}/cancel',
  'post /api/v1/contacts/{id}/unblock',
  'post /api/v1/merges/{id}/unmerge',
  'post /api/v1/lists/{id}/start',
  'post /api/v1/lists/{id}/stop',
]);

/**
 * Every `METHOD /path` the app serves, read from Fastify's route tree (`printRoutes`), with
 * `:param` written the OpenAPI way as `{param}`.
 */
function servedRoutes(): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of ctx.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:[│ ] {3})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    stack.length = m[1].length / 4;
    stack.push(m[2]);
    const path = stack.join('').replace(/:(\w+)/g, '{$1}');
    for (const method of m[3]?.split(', ') ?? [])
      if (method !== 'HEAD') out.push(`${method.toLowerCase()} ${path}`);
  }
  return out;
}

function documentedRoutes(): string[] {
  return Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => `${m} ${path}`),
  );
}

const jsonSchema = (content: any) => content?.['application/json']?.schema;
/** A schema under any media type: JSON answers, and files (CSV, XLSX, vCard) documented as binary. */
const anySchema = (content: any) => Object.values(content ?? {}).some((c: any) => c?.schema);

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with both ways to authenticate', () => {
    expect(spec.openapi).toMatch(/^3\.1\./);
    expect(spec.info.title).toBeTruthy();
    expect(Object.keys(spec.components.securitySchemes).sort()).toEqual(['apiKey', 'session']);
    expect(spec.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('lists every /api/v1 route the server answers, and no other', () => {
    const served = servedRoutes().filter((r) => r.includes(' /api/v1/') && r !== 'get /api/v1/openapi.json');
    expect(served).toEqual(
      expect.arrayContaining([
        'get /api/v1/contacts',
        'post /api/v1/contacts/{id}/transfer',
        'delete /api/v1/contacts/{id}/shares/{userId}',
      ]),
    );
    expect(documentedRoutes().sort()).toEqual(served.sort());
  });

  it('gives every operation a summary, a request schema where it takes input, a response schema and the error schema', () => {
    const problems: string[] = [];
    for (const [path, ops] of Object.entries(spec.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        const name = `${method} ${path}`;
        if (!op.summary) problems.push(`${name}: no summary`);
        if (BODY_METHODS.has(method) && !NO_BODY.has(name) && !jsonSchema(op.requestBody?.content))
          problems.push(`${name}: no request body schema`);
        const ok = Object.entries(op.responses ?? {}).filter(([code]) => /^2/.test(code));
        if (ok.length === 0) problems.push(`${name}: no success response`);
        for (const [code, r] of ok as [string, any][])
          if (code !== '204' && !anySchema(r.content)) problems.push(`${name}: ${code} without a schema`);
        const problem = jsonSchema(op.responses?.['4XX']?.content);
        if (!problem?.properties?.errors) problems.push(`${name}: error answers undocumented`);
        for (const param of path.match(/\{(\w+)\}/g) ?? []) {
          const p = (op.parameters ?? []).find((x: any) => x.in === 'path' && `{${x.name}}` === param);
          if (!p?.schema) problems.push(`${name}: path parameter ${param} undocumented`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('describes contacts with their fields, points, custom values and paging', () => {
    const list = spec.paths['/api/v1/contacts'];
    const query = Object.fromEntries(
      list.get.parameters.filter((p: any) => p.in === 'query').map((p: any) => [p.name, p.schema]),
    );
    expect(Object.keys(query)).toEqual(expect.arrayContaining(['q', 'sort', 'order', 'limit', 'cursor']));
    expect(query.sort.enum).toEqual(expect.arrayContaining(['lastName', 'createdAt', 'country']));
    expect(query.limit).toMatchObject({ minimum: 1, maximum: 200 });
    expect(Object.keys(jsonSchema(list.get.responses['200'].content).properties)).toEqual([
      'items',
      'nextCursor',
    ]);

    const create = jsonSchema(list.post.requestBody.content);
    expect(Object.keys(create.properties)).toEqual(
      expect.arrayContaining([
        'firstName',
        'lastName',
        'type',
        'level',
        'address',
        'points',
        'custom',
        'externalId',
        'tags',
      ]),
    );
    expect(create.additionalProperties).toBe(false);
    expect(create.properties.points.maxItems).toBe(50);
    expect(create.properties.points.items.properties.channel.enum).toEqual(
      expect.arrayContaining(['phone', 'email', 'whatsapp']),
    );
    expect(create.properties.type.enum).toEqual(['lead', 'prospect', 'customer', 'other']);
    const created = jsonSchema(list.post.responses['201'].content);
    expect(Object.keys(created.properties)).toEqual(
      expect.arrayContaining(['id', 'displayName', 'points', 'sharedWith', 'version', 'active', 'createdAt']),
    );

    const one = spec.paths['/api/v1/contacts/{id}'];
    expect(Object.keys(one).sort()).toEqual(['delete', 'get', 'patch']);
    expect(one.patch.parameters.find((p: any) => p.in === 'header')?.name).toBe('if-match');
    expect(Object.keys(jsonSchema(one.patch.requestBody.content).properties)).toEqual(
      expect.arrayContaining(['lastName', 'points', 'ownerId']),
    );
    expect(jsonSchema(one.get.responses['200'].content).properties.version).toBeTruthy();
  });

  it('describes users, fields and API keys', () => {
    const users = spec.paths['/api/v1/users'];
    expect(jsonSchema(users.post.requestBody.content).properties.role.enum).toEqual([
      'owner',
      'admin',
      'agent',
    ]);
    expect(
      Object.keys(jsonSchema(spec.paths['/api/v1/users/{id}'].patch.requestBody.content).properties).sort(),
    ).toEqual(['active', 'name', 'password', 'role']);
    const fields = spec.paths['/api/v1/fields'];
    expect(jsonSchema(fields.post.requestBody.content).properties.type.enum).toEqual([
      'text',
      'number',
      'date',
      'datetime',
      'checkbox',
      'select',
      'multiselect',
    ]);
    expect(Object.keys(spec.paths['/api/v1/fields/{id}']).sort()).toEqual(['delete', 'patch']);
    const keys = spec.paths['/api/v1/api-keys'];
    expect(jsonSchema(keys.post.responses['201'].content).properties.token).toBeTruthy();
    // The list never carries the key itself.
    expect(
      jsonSchema(keys.get.responses['200'].content).properties.items.items.properties.token,
    ).toBeUndefined();
    expect(spec.paths['/api/v1/api-keys/{id}'].delete).toBeTruthy();
  });

  it('is public: no credentials needed to read it', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
  });
});

describe('reference UI', () => {
  it('serves the Swagger UI at /docs, reading the same document', async () => {
    let res = await ctx.app.inject({ method: 'GET', url: '/docs' });
    if (res.statusCode >= 300 && res.statusCode < 400)
      res = await ctx.app.inject({ method: 'GET', url: res.headers.location as string });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/swagger-ui/i);
    const init = await ctx.app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(init.statusCode).toBe(200);
    const docJson = await ctx.app.inject({ method: 'GET', url: '/docs/json' });
    expect(docJson.statusCode).toBe(200);
    expect(Object.keys(docJson.json().paths).sort()).toEqual(Object.keys(spec.paths).sort());
  });
});
