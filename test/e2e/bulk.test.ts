import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import {
  AGENT,
  createContacts,
  field,
  notified,
  rows,
  setUpWorkspace,
  shot,
  signIn,
  startHarness,
  type Harness,
} from './harness';

// 12 customers, 11 leads and a prospect: with 10 rows a page, "type is customer" and "type is lead"
// each fill a page and have more beyond it, so "select all N matching" is offered.
const PEOPLE = [
  ...Array.from({ length: 12 }, (_, i) => ({
    firstName: `Cora${i + 1}`,
    lastName: 'Customer',
    type: 'customer',
  })),
  ...Array.from({ length: 11 }, (_, i) => ({ firstName: `Liam${i + 1}`, lastName: 'Lead', type: 'lead' })),
  { firstName: 'Pia', lastName: 'Prospect', type: 'prospect', tags: ['q4-campaign'] },
];
const CUSTOMERS = { field: 'type', op: 'equals', value: 'customer' };
const LEADS = { field: 'type', op: 'equals', value: 'lead' };
const TAG = 'q4-campaign';

const view = (filter: object) => `/contacts?filter=${encodeURIComponent(JSON.stringify(filter))}`;

describe('bulk actions and segments on the contacts page', () => {
  let h: Harness;
  let owner: { context: BrowserContext; page: Page };
  let customerIds: string[] = [];

  /** Ids of the contacts a filter matches now, through the API. */
  async function idsMatching(page: Page, filter: object): Promise<string[]> {
    const res = await page.request.post('/api/v1/contacts/query', { data: { filter, limit: 200 } });
    expect(res.status()).toBe(200);
    return ((await res.json()) as { items: { id: string }[] }).items.map((c) => c.id).sort();
  }

  /** Opens a filtered view with 10 rows a page and waits for its first page. */
  async function openView(page: Page, filter: object) {
    await page.goto(view(filter));
    await page.locator('[data-testid="contacts-results"][data-fetching="false"]').waitFor();
    await rows(page).first().waitFor();
    await page.getByRole('combobox', { name: 'Rows per page' }).click();
    await page.getByRole('option', { name: '10', exact: true }).click();
    await page.getByTestId('page-info').filter({ hasText: '1–10' }).waitFor();
  }

  /** Ticks the whole page, then "Select all N matching". */
  async function selectAllMatching(page: Page, n: number) {
    await page.getByLabel('Select all on this page').check();
    expect(await page.getByTestId('selected-count').textContent()).toBe('10 selected');
    await page.getByTestId('select-all-matching').click();
    await page.locator('[data-testid="bulk-bar"][data-all="true"]').waitFor();
    expect(await page.getByTestId('selected-count').textContent()).toBe(
      `All ${n.toLocaleString('en-US')} selected`,
    );
  }

  async function openAction(page: Page, item: string) {
    await page.getByTestId('bulk-actions').click();
    await page.getByRole('menuitem', { name: item }).click();
  }

  beforeAll(async () => {
    // Background actions wait between chunks, so the page's progress polls see one mid-way
    // however fast the chunks themselves are.
    h = await startHarness({ bulkPauseMs: 400 });
    owner = await h.newPage();
    const { page } = owner;
    await setUpWorkspace(page);
    await createContacts(page, PEOPLE);
    customerIds = await idsMatching(page, CUSTOMERS);
    expect(customerIds).toHaveLength(12);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    await shot(owner.page, `FAILED-${ctx.task.name.replace(/\W+/g, '-')}`, { fullPage: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('selects all contacts matching a filter and adds a tag to exactly those', async () => {
    const { page } = owner;
    await openView(page, CUSTOMERS);
    await page.getByLabel('Select all on this page').check();
    const banner = page.getByTestId('select-all-banner');
    expect(await banner.textContent()).toContain('All 10 contacts on this page are selected.');
    expect(await page.getByTestId('select-all-matching').textContent()).toBe(
      'Select all 12 contacts matching this filter',
    );
    await shot(page, '70-select-page');
    await page.getByTestId('select-all-matching').click();
    await page.locator('[data-testid="bulk-bar"][data-all="true"]').waitFor();
    expect(await banner.textContent()).toContain('All 12 contacts matching this filter are selected.');

    await openAction(page, 'Add tags');
    const dialog = page.getByRole('dialog', { name: 'Add tags' });
    await field(dialog, 'Tags').fill(TAG);
    await field(dialog, 'Tags').press('Enter');
    expect(await dialog.getByTestId('bulk-sentence').textContent()).toBe(
      `Add the tag ${TAG} to 12 contacts matching this filter.`,
    );
    await shot(page, '71-add-tags-modal');
    await dialog.getByRole('button', { name: 'Add tags to 12 contacts' }).click();
    const result = dialog.getByTestId('bulk-result');
    await result.waitFor();
    expect(await result.getAttribute('data-state')).toBe('done');
    expect(await result.getAttribute('data-changed')).toBe('12');
    expect(await result.textContent()).toContain('12 contacts were tagged.');
    await shot(page, '72-add-tags-done');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Exactly the customers carry it now, besides the prospect that had it before.
    const tagged = await idsMatching(page, { field: 'tags', op: 'contains', value: TAG });
    const prospect = await idsMatching(page, { field: 'type', op: 'equals', value: 'prospect' });
    expect(tagged).toEqual([...customerIds, ...prospect].sort());
    // The table shows the new tag without a reload.
    await page.goto(view({ and: [CUSTOMERS, { field: 'tags', op: 'contains', value: TAG }] }));
    await page.getByTestId('result-count').filter({ hasText: '12 contacts' }).waitFor();
  });

  it('exports the same selection', async () => {
    const { page } = owner;
    await openView(page, CUSTOMERS);
    await selectAllMatching(page, 12);
    await openAction(page, 'Export');
    const dialog = page.getByRole('dialog', { name: 'Export' });
    expect(await dialog.getByTestId('bulk-sentence').textContent()).toContain(
      'Export 12 contacts matching this filter as CSV',
    );
    await shot(page, '73-export-modal');
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByTestId('export-run-button').click(),
    ]);
    const text = fs.readFileSync((await file.path())!, 'utf8');
    const lines = text.trim().split(/\r\n/);
    expect(lines).toHaveLength(13); // a header and the 12 customers
    expect(lines.filter((l) => l.includes('Customer'))).toHaveLength(12);
    await notified(page, '12 contacts matching this filter as CSV');
  });

  it('deletes by filter after the count is typed, and shows the new count when it changed', async () => {
    const { page } = owner;
    await openView(page, LEADS);
    await selectAllMatching(page, 11);
    await page.getByRole('button', { name: 'Delete selected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete' });
    const run = dialog.getByTestId('bulk-run-button');
    expect(await dialog.getByTestId('bulk-sentence').textContent()).toContain(
      'Delete 11 contacts matching this filter',
    );
    expect(await run.textContent()).toBe('Delete 11 contacts');
    await field(dialog, 'Type 11 to confirm').fill('10');
    expect(await run.isDisabled()).toBe(true);
    await field(dialog, 'Type 11 to confirm').fill('11');
    expect(await run.isDisabled()).toBe(false);
    await shot(page, '74-delete-confirm');

    // Someone adds a lead meanwhile: the server refuses 11 and says 12; nothing was deleted.
    const late = await page.request.post('/api/v1/contacts', {
      data: { firstName: 'Lena', lastName: 'Late', type: 'lead' },
    });
    expect(late.status()).toBe(201);
    await run.click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The selection now holds 12 contacts');
    expect(await idsMatching(page, LEADS)).toHaveLength(12);
    await field(dialog, 'Type 12 to confirm').waitFor();
    expect(await run.isDisabled()).toBe(true);
    await shot(page, '75-delete-conflict');
    await field(dialog, 'Type 12 to confirm').fill('12');
    await run.click();
    await notified(page, '12 contacts were deleted');
    await page.getByText('No contacts match this filter').waitFor();
    expect(await idsMatching(page, LEADS)).toHaveLength(0);
    expect(await idsMatching(page, CUSTOMERS)).toEqual(customerIds);
  });

  it('saves a filter as a segment and opens it from the segments menu', async () => {
    const { page } = owner;
    const taken = await page.request.post('/api/v1/segments', {
      data: { name: 'Tagged', filter: { field: 'tags', op: 'contains', value: TAG } },
    });
    expect(taken.status()).toBe(201);

    await openView(page, CUSTOMERS);
    await page.getByRole('button', { name: 'Save as segment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as segment' });
    await field(dialog, 'Name').fill('Tagged');
    await dialog.getByRole('button', { name: 'Save segment' }).click();
    await dialog.getByText('Another segment already has this name').waitFor();
    await shot(page, '76-segment-name-taken');
    await field(dialog, 'Name').fill('Customers');
    await dialog.getByRole('button', { name: 'Save segment' }).click();
    await notified(page, '“Customers” matches 12 contacts');

    await page.getByRole('button', { name: 'Clear filter' }).click();
    await page.locator('[data-testid="contacts-results"][data-filter=""][data-fetching="false"]').waitFor();
    await page.getByTestId('segments-menu').click();
    const item = page.getByRole('menuitem', { name: /^Customers/ });
    expect(await item.textContent()).toBe('Customers12');
    await shot(page, '77-segments-menu');
    await item.click();
    const chip = page.getByTestId('active-filter-text');
    await chip.filter({ hasText: 'Segment: Customers' }).waitFor();
    await page.getByTestId('result-count').filter({ hasText: '12 contacts' }).waitFor();
    const filter = new URL(page.url()).searchParams.get('filter');
    const segmentId = (await page.getByTestId('active-filter').getAttribute('data-segment'))!;
    expect(JSON.parse(filter!)).toEqual({ field: 'segment', op: 'equals', value: segmentId });
    await shot(page, '78-segment-open');

    // The segments page links to the same address; opened afresh it shows the name too.
    await page.goto(view({ field: 'segment', op: 'equals', value: segmentId }));
    await chip.filter({ hasText: 'Segment: Customers' }).waitFor();
    await page.getByTestId('result-count').filter({ hasText: '12 contacts' }).waitFor();
  });

  it('changes a field, the owner and a group of ticked rows; an agent deletes only its own', async () => {
    const { page } = owner;
    const group = await page.request.post('/api/v1/groups', {
      data: { name: 'Callback list', type: 'static' },
    });
    expect(group.status()).toBe(201);
    const groupId = ((await group.json()) as { id: string }).id;
    const user = await page.request.post('/api/v1/users', {
      data: { name: AGENT.name, email: AGENT.email, password: AGENT.password, role: 'agent' },
    });
    expect(user.status()).toBe(201);
    const agentId = ((await user.json()) as { id: string }).id;
    const picked = ['Cora1', 'Cora2', 'Cora3'];
    const pickedFilter = { field: 'firstName', op: 'in', value: picked };
    const pickedIds = await idsMatching(page, pickedFilter);

    await openView(page, { field: 'lastName', op: 'equals', value: 'Customer' });
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByTestId('page-info').filter({ hasText: '11–12' }).waitFor();
    await page.getByLabel('Select Cora1 Customer').check();
    await page.getByLabel('Select Cora2 Customer').check();
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.getByTestId('page-info').filter({ hasText: '1–10' }).waitFor();
    await page.getByLabel('Select Cora3 Customer').check();
    // Ticked rows on other pages stay ticked; no "select all" is offered for part of a page.
    expect(await page.getByTestId('selected-count').textContent()).toBe('3 selected');
    expect(await page.getByTestId('select-all-banner').count()).toBe(0);

    async function run(
      item: string,
      fill: (dialog: Locator) => Promise<void>,
      sentence: string,
      shotName: string,
    ) {
      await openAction(page, item);
      const dialog = page.getByRole('dialog', { name: item });
      await fill(dialog);
      expect(await dialog.getByTestId('bulk-sentence').textContent()).toBe(sentence);
      await shot(page, shotName);
      await dialog.getByTestId('bulk-run-button').click();
      const result = dialog.getByTestId('bulk-result');
      await result.waitFor();
      expect(await result.getAttribute('data-changed')).toBe('3');
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'detached' });
    }

    await run(
      'Change a field',
      async (dialog) => {
        await field(dialog, 'Field').click();
        await page.getByRole('option', { name: 'Country', exact: true }).click();
        await field(dialog, 'New value').fill('Germ');
        await page.getByRole('option', { name: 'Germany', exact: true }).click();
      },
      'Set Country to Germany on 3 selected contacts.',
      '84-set-field',
    );
    await run(
      'Assign owner',
      async (dialog) => {
        await field(dialog, 'New owner').click();
        await page.getByRole('option', { name: new RegExp(`^${AGENT.name}`) }).click();
      },
      `Make ${AGENT.name} the owner of 3 selected contacts.`,
      '85-assign-owner',
    );
    await run(
      'Add to group',
      async (dialog) => {
        await field(dialog, 'Group').click();
        await page.getByRole('option', { name: /^Callback list/ }).click();
      },
      'Add 3 selected contacts to the group Callback list.',
      '86-add-to-group',
    );
    expect(
      await idsMatching(page, { and: [pickedFilter, { field: 'country', op: 'equals', value: 'DE' }] }),
    ).toEqual(pickedIds);
    expect(await idsMatching(page, { field: 'owner', op: 'equals', value: agentId })).toEqual(pickedIds);
    expect(await idsMatching(page, { field: 'group', op: 'equals', value: groupId })).toEqual(pickedIds);

    // The agent sees the 3 it owns and one shared with it; it may delete only its own.
    const shared = (await idsMatching(page, { field: 'firstName', op: 'equals', value: 'Cora4' }))[0];
    expect(
      (await page.request.post(`/api/v1/contacts/${shared}/shares`, { data: { userId: agentId } })).status(),
    ).toBe(200);
    const agent = await h.newPage();
    await signIn(agent.page, AGENT.email, AGENT.password);
    await rows(agent.page).nth(3).waitFor();
    await agent.page.getByLabel('Select all on this page').check();
    await agent.page.getByRole('button', { name: 'Delete selected' }).click();
    const dialog = agent.page.getByRole('dialog', { name: 'Delete 3 contacts' });
    expect(await dialog.getByTestId('bulk-sentence').textContent()).toBe(
      'Delete 3 of the 4 selected contacts, with their contact points and sharing. This cannot be undone. You may delete only the contacts you own.',
    );
    await field(dialog, 'Type 3 to confirm').fill('3');
    await shot(agent.page, '87-agent-delete');
    await dialog.getByRole('button', { name: 'Delete 3 contacts' }).click();
    await notified(agent.page, '3 contacts were deleted');
    expect(await rows(agent.page).count()).toBe(1);
    expect(await idsMatching(page, pickedFilter)).toEqual([]);
    await agent.context.close();
  });

  it('follows a large action in the background to its end', async () => {
    const { page } = owner;
    // 3,000 contacts by import: more than a bulk action does within the request (500), so it runs
    // in the background in chunks (1,000 on PGlite, with a pause between them for the page's polls
    // to see one mid-way). Tag edits are set-based: PGlite's event loop stays free.
    const N = 3_000;
    const csv = [
      'First name,Last name,Company',
      ...Array.from({ length: N }, (_, i) => `Bo${i},Batch,Bulk Co`),
    ];
    const up = await page.request.post('/api/v1/imports?fileName=batch.csv', {
      data: csv.join('\n'),
      headers: { 'content-type': 'text/csv' },
    });
    expect(up.status()).toBe(201);
    const preview = (await up.json()) as { id: string; suggestedMapping: { mapping: unknown } };
    const start = await page.request.post(`/api/v1/imports/${preview.id}/start`, {
      data: { mapping: preview.suggestedMapping.mapping },
    });
    expect(start.status()).toBe(202);
    const importState = async () =>
      ((await (await page.request.get(`/api/v1/imports/${preview.id}`)).json()) as { state: string }).state;
    await expect.poll(importState, { timeout: 60_000, interval: 500 }).toBe('processed');

    const BATCH = { field: 'company', op: 'equals', value: 'Bulk Co' };
    const tagged = { and: [BATCH, { field: 'tags', op: 'contains', value: 'wave' }] };
    const count = async (filter: object) =>
      (
        (await (await page.request.post('/api/v1/contacts/count', { data: { filter } })).json()) as {
          count: number;
        }
      ).count;

    async function tags(action: 'Add tags') {
      await openView(page, BATCH);
      await selectAllMatching(page, N);
      await openAction(page, action);
      const dialog = page.getByRole('dialog', { name: action });
      await field(dialog, 'Tags').fill('wave');
      await field(dialog, 'Tags').press('Enter');
      const to = action === 'Add tags' ? 'to' : 'from';
      expect(await dialog.getByTestId('bulk-sentence').textContent()).toBe(
        `${action.split(' ')[0]} the tag wave ${to} 3,000 contacts matching this filter.`,
      );
      await dialog.getByRole('button', { name: `${action} ${to} 3,000 contacts` }).click();
      await dialog.getByTestId('bulk-run').waitFor();
      return dialog;
    }

    const dialog = await tags('Add tags');
    // Closed, it keeps running; the page follows it, with its progress, to the end.
    await dialog.getByRole('button', { name: 'Close and keep it running' }).click();
    await dialog.waitFor({ state: 'detached' });
    const banner = page.getByTestId('bulk-background');
    await banner
      .locator('[data-testid="bulk-run"][data-state="running"]')
      .filter({ hasText: /[12],000 of 3,000/ })
      .waitFor({ timeout: 30_000 });
    await shot(page, '79-bulk-progress');
    await banner.getByTestId('bulk-result').waitFor({ timeout: 60_000 });
    expect(await banner.getByTestId('bulk-result').getAttribute('data-changed')).toBe(String(N));
    await shot(page, '80-bulk-background-done');
    expect(await count(tagged)).toBe(N);
    await banner.getByRole('button', { name: 'Hide' }).click();
    await banner.waitFor({ state: 'detached' });
  }, 180_000);
});

// A server whose job queue does not run: a large action waits, so cancelling it is not a race.
describe('cancelling a bulk action', () => {
  let h: Harness;
  let owner: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    h = await startHarness({ runJobs: false });
    owner = await h.newPage();
    const { page } = owner;
    await setUpWorkspace(page);
    // 501 contacts: one more than a bulk action does within the request.
    for (let i = 0; i < 501; i += 50)
      await Promise.all(
        Array.from({ length: Math.min(50, 501 - i) }, (_, k) =>
          page.request.post('/api/v1/contacts', { data: { firstName: `Q${i + k}`, lastName: 'Queued' } }),
        ),
      );
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    await shot(owner.page, `FAILED-${ctx.task.name.replace(/\W+/g, '-')}`, { fullPage: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('cancels an action waiting in the queue; nothing is changed', async () => {
    const { page } = owner;
    await page.goto('/contacts');
    await rows(page).first().waitFor();
    await page.getByLabel('Select all on this page').check();
    await page.getByTestId('select-all-matching').click();
    expect(await page.getByTestId('selected-count').textContent()).toBe('All 501 selected');
    await page.getByTestId('bulk-actions').click();
    await page.getByRole('menuitem', { name: 'Assign owner' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign owner' });
    await field(dialog, 'New owner').click();
    await page.getByRole('option', { name: /^No owner/ }).click();
    expect(await dialog.getByTestId('bulk-sentence').textContent()).toBe(
      'Clear the owner of all 501 contacts you can see: they will belong to no one.',
    );
    await dialog.getByRole('button', { name: 'Set the owner of 501 contacts' }).click();
    const run = dialog.locator('[data-testid="bulk-run"][data-state="waiting"]');
    await run.waitFor();
    expect(await run.textContent()).toContain('0 of 501');
    await shot(page, '81-bulk-waiting');
    await dialog.getByRole('button', { name: 'Cancel the action' }).click();
    const result = dialog.getByTestId('bulk-result');
    await result.waitFor();
    expect(await result.getAttribute('data-state')).toBe('cancelled');
    expect(await result.textContent()).toContain('501 of 501 were not reached before it was cancelled');
    await shot(page, '82-bulk-cancelled');
    const none = await page.request.post('/api/v1/contacts/count', {
      data: { filter: { field: 'owner', op: 'is_empty' } },
    });
    expect(((await none.json()) as { count: number }).count).toBe(0);
  });
});
