import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { down, up } from '../../src/db/migrations/2026120701_search_emails.js';
import { createContact, createWorkspace, useTestApp } from '../helpers.js';

const ctx = useTestApp();

// The migration gives contacts written before it the fifth section of their search text (the
// email addresses whole), as the application now writes it; filters on emails read nothing else.
describe('migration 2026120701_search_emails', () => {
  it('writes the email section as the application does, and takes it away again', async () => {
    const ws = await createWorkspace(ctx.app);
    await createContact(ws.owner, {
      firstName: 'Two',
      lastName: 'Addresses',
      points: [
        { channel: 'email', label: 'work', value: 'Two.Work@Example.com' },
        { channel: 'phone', label: 'mobile', value: '(212) 555-0123' },
        { channel: 'email', label: 'home', value: 'two@home.example' },
      ],
    });
    await createContact(ws.owner, { firstName: 'No', lastName: 'Email' });
    const texts = async () =>
      (
        await sql<{ id: string; contact: string; search: string }>`
          select c.id, c.search_text as contact, s.search_text as search
          from contacts c join contact_search s on s.workspace_id = c.workspace_id and s.contact_id = c.id
          where c.workspace_id = ${ws.id} order by c.id`.execute(ctx.app.db)
      ).rows;
    const written = await texts();
    expect(written.map((r) => r.contact.split('\t')[4])).toEqual([
      ' two.work@example.com two@home.example ',
      '  ',
    ]);
    expect(written.map((r) => r.search)).toEqual(written.map((r) => r.contact));

    await down(ctx.app.db);
    const before = await texts();
    for (const r of before) expect(r.contact.split('\t')).toHaveLength(4);
    expect(before.map((r) => r.search)).toEqual(before.map((r) => r.contact));

    await up(ctx.app.db);
    expect(await texts()).toEqual(written);
    const found = await ws.owner.post('/api/v1/contacts/count', {
      filter: { field: 'points.email', op: 'contains', value: 'HOME.example' },
    });
    expect(found.json()).toMatchObject({ count: 1 });
  });
});
