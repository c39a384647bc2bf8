import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { createContacts, rows, search, setUpWorkspace, shot, startHarness, type Harness } from './harness';

// A small, known set of contacts, so every count below can be worked out by hand.
const PEOPLE = [
  { firstName: 'Ada', lastName: 'Lovelace', type: 'customer', address: { country: 'GB' }, tags: ['vip'] },
  { firstName: 'Alan', lastName: 'Turing', type: 'customer', address: { country: 'GB' } },
  { firstName: 'John', lastName: 'Smith', type: 'customer', address: { country: 'DE' } },
  { firstName: 'Grace', lastName: 'Hopper', type: 'customer', address: { country: 'US' }, tags: ['vip'] },
  { firstName: 'Linus', lastName: 'Torvalds', type: 'customer', address: { country: 'FI' } },
  { firstName: 'Hedy', lastName: 'Lamarr', type: 'lead', address: { country: 'AT' } },
  { firstName: 'Katherine', lastName: 'Johnson', type: 'prospect', address: { country: 'US' } },
  { firstName: 'Margaret', lastName: 'Hamilton', type: 'lead', address: { country: 'GB' }, tags: ['vip'] },
];

const conditions = (scope: Page | Locator) => scope.getByTestId('filter-condition');
const subgroup = (page: Page) => page.locator('[data-testid="filter-group"][data-depth="1"]');

/** Opens a Select inside `scope` by its aria-label and picks an option, typing to narrow long lists. */
async function choose(page: Page, scope: Locator, label: string, option: string, type?: string) {
  const input = scope.getByLabel(label, { exact: true });
  if (type) await input.fill(type);
  else await input.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Waits until the live count has settled on `n`. */
async function liveCount(page: Page, n: number) {
  await page.locator(`[data-testid="live-count"][data-state="ready"][data-count="${n}"]`).waitFor();
}

const names = async (page: Page) =>
  (await rows(page).locator('td:nth-child(2)').allTextContents()).map((t) => t.trim()).sort();

/** Waits for the table to show a given filter state (`''` for none) with nothing loading. */
async function settled(page: Page, filter: 'none' | 'some') {
  const attr = filter === 'none' ? '[data-filter=""]' : ':not([data-filter=""])';
  await page.locator(`[data-testid="contacts-results"]${attr}[data-fetching="false"]`).waitFor();
}

describe('filter builder', () => {
  let h: Harness;
  let owner: { context: BrowserContext; page: Page };
  let filteredUrl = '';

  beforeAll(async () => {
    h = await startHarness();
    owner = await h.newPage();
    const { page } = owner;
    await setUpWorkspace(page);
    await createContacts(page, PEOPLE);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    await shot(owner.page, `FAILED-${ctx.task.name.replace(/\W+/g, '-')}`, { fullPage: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('counts the contacts two conditions match as they are built', async () => {
    const { page } = owner;
    await page.goto('/contacts');
    await rows(page).first().waitFor();
    expect(await rows(page).count()).toBe(PEOPLE.length);

    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    const panel = page.getByTestId('filter-panel');
    await liveCount(page, PEOPLE.length);

    await panel.getByRole('button', { name: 'Add condition' }).click();
    const first = conditions(panel).nth(0);
    // Just added, it waits for its field and is left out of the filter.
    expect(await first.getAttribute('data-complete')).toBe('false');
    await choose(page, first, 'Field', 'Type');
    await first.getByTestId('condition-incomplete').waitFor();
    await choose(page, first, 'Value', 'Customer');
    await liveCount(page, 5);
    expect(await first.getAttribute('data-complete')).toBe('true');

    await panel.getByRole('button', { name: 'Add condition' }).click();
    const second = conditions(panel).nth(1);
    await choose(page, second, 'Field', 'Country', 'Coun');
    await choose(page, second, 'Operator', 'is any of');
    await choose(page, second, 'Values', 'United Kingdom', 'United K');
    await liveCount(page, 2);
    await choose(page, second, 'Values', 'Germany', 'Germ');
    await liveCount(page, 3);
    expect(await page.getByTestId('live-count').textContent()).toContain('3 contacts match');
    await page.keyboard.press('Escape');
    await shot(page, '50-filter-two-conditions');
  });

  it('nests an OR group, leaves incomplete conditions out and shows server errors in place', async () => {
    const { page } = owner;
    const panel = page.getByTestId('filter-panel');
    // The root group's own buttons come after those of the groups inside it.
    await panel.getByRole('button', { name: 'Add group' }).last().click();
    const group = subgroup(page);
    // A group inside an AND group starts as OR, with a condition to fill in.
    expect(await group.getAttribute('data-combinator')).toBe('or');
    const inGroup = conditions(group);
    await choose(page, inGroup.nth(0), 'Field', 'Tags', 'Tag');
    await inGroup.nth(0).getByLabel('Value', { exact: true }).fill('vip');
    await group.getByRole('button', { name: 'Add condition' }).click();
    await choose(page, inGroup.nth(1), 'Field', 'Last name', 'Last');
    await inGroup.nth(1).getByLabel('Value', { exact: true }).fill('Smith');
    // Customers in GB or DE that are vip or named Smith: Ada Lovelace and John Smith.
    await liveCount(page, 2);

    // An incomplete condition changes nothing and says so.
    await group.getByRole('button', { name: 'Add condition' }).click();
    await choose(page, inGroup.nth(2), 'Field', 'City', 'City');
    await inGroup.nth(2).getByTestId('condition-incomplete').waitFor();
    await liveCount(page, 2);
    await shot(page, '51-filter-nested-group');
    await inGroup.nth(2).getByRole('button', { name: 'Remove condition' }).click();

    // The server refuses a backwards date range; its message lands next to that condition.
    await panel.getByRole('button', { name: 'Add condition' }).last().click();
    const dates = conditions(panel).nth(4);
    await choose(page, dates, 'Field', 'Created', 'Created');
    await choose(page, dates, 'Operator', 'is between');
    await dates.getByLabel('From', { exact: true }).fill('2025-05-01');
    await dates.getByLabel('To', { exact: true }).fill('2024-01-01');
    await dates.getByLabel('To', { exact: true }).press('Tab');
    const error = dates.getByTestId('condition-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('from not after to');
    expect(await page.getByTestId('live-count').getAttribute('data-state')).toBe('error');
    expect(await page.getByTestId('apply-filter').isDisabled()).toBe(true);
    // Only that condition is marked.
    expect(await panel.locator('[data-testid="filter-condition"][data-invalid="true"]').count()).toBe(1);
    await shot(page, '52-filter-server-error');
    await dates.getByRole('button', { name: 'Remove condition' }).click();
    await liveCount(page, 2);
  });

  it('applies the filter to the table and keeps it in the address', async () => {
    const { page } = owner;
    await page.getByTestId('apply-filter').click();
    await page.getByTestId('filter-panel').waitFor({ state: 'detached' });
    await settled(page, 'some');
    expect(await names(page)).toEqual(['Ada Lovelace', 'John Smith']);
    const chip = page.getByTestId('active-filter');
    expect(await chip.textContent()).toContain(
      'Type is Customer and Country is any of United Kingdom, Germany',
    );
    expect(await page.getByTestId('filter-badge').textContent()).toBe('4');
    await page.locator('[data-testid="result-count"][data-count="2"]').waitFor();
    filteredUrl = page.url();
    const filter = JSON.parse(new URL(filteredUrl).searchParams.get('filter') ?? 'null');
    expect(filter).toEqual({
      and: [
        { field: 'type', op: 'equals', value: 'customer' },
        { field: 'country', op: 'in', value: ['GB', 'DE'] },
        {
          or: [
            { field: 'tags', op: 'contains', value: 'vip' },
            { field: 'lastName', op: 'equals', value: 'Smith' },
          ],
        },
      ],
    });
    await shot(page, '53-filter-applied');

    // Search, sort and selection work within the filter.
    await search(page, 'lovelace');
    expect(await names(page)).toEqual(['Ada Lovelace']);
    await search(page, '');
    await settled(page, 'some');
    await page.getByTestId('sort-name').click();
    await page
      .locator('[data-testid="contacts-results"][data-sort="lastName:asc"][data-fetching="false"]')
      .waitFor();
    const sorted = (await rows(page).locator('td:nth-child(2)').allTextContents()).map((t) => t.trim());
    expect(sorted).toEqual(['Ada Lovelace', 'John Smith']);
    await page.getByLabel('Select all on this page').check();
    expect(await page.getByTestId('selected-count').textContent()).toBe('2 selected');
    await page.getByRole('button', { name: 'Clear', exact: true }).first().click();
  });

  it('edits the applied filter: NOT on the group', async () => {
    const { page } = owner;
    await page.getByTestId('active-filter').getByRole('button', { name: 'Edit' }).click();
    const group = subgroup(page);
    await group.getByLabel('Negate this group').check();
    expect(await group.getByTestId('group-meaning').textContent()).toContain('none of these is true');
    // Customers in GB or DE that are neither vip nor named Smith: Alan Turing.
    await liveCount(page, 1);
    await page.getByTestId('apply-filter').click();
    await page.getByTestId('filter-panel').waitFor({ state: 'detached' });
    // The count and the rows are two requests: the count may answer first, so wait for the rows.
    await page.locator('[data-testid="result-count"][data-count="1"]').waitFor();
    await expect.poll(() => names(page), { timeout: 10_000 }).toEqual(['Alan Turing']);
    // Back returns to the filter before the edit.
    await page.goBack();
    await page.locator('[data-testid="result-count"][data-count="2"]').waitFor();
    await expect.poll(() => names(page), { timeout: 10_000 }).toEqual(['Ada Lovelace', 'John Smith']);
  });

  it('clears the filter, and Back and bookmarks bring it back', async () => {
    const { page } = owner;
    await page.getByTestId('active-filter').getByRole('button', { name: 'Clear filter' }).click();
    await settled(page, 'none');
    expect(await rows(page).count()).toBe(PEOPLE.length);
    expect(await page.getByTestId('active-filter').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('filter')).toBeNull();
    await page.goBack();
    await settled(page, 'some');
    expect(await names(page)).toEqual(['Ada Lovelace', 'John Smith']);
    // A bookmark opens the same view in a fresh browser.
    const other = await h.browser.newContext({
      baseURL: h.url,
      storageState: await owner.context.storageState(),
    });
    const fresh = await other.newPage();
    await fresh.goto(filteredUrl);
    await fresh.getByTestId('active-filter').waitFor();
    await settled(fresh, 'some');
    expect(await names(fresh)).toEqual(['Ada Lovelace', 'John Smith']);
    await other.close();
    await page.getByTestId('active-filter').getByRole('button', { name: 'Clear filter' }).click();
    await settled(page, 'none');
  });

  it('finds "jon smth" as John Smith, most relevant first', async () => {
    const { page } = owner;
    await page.goto('/contacts');
    await rows(page).first().waitFor();
    await search(page, 'jon smth');
    expect(await names(page)).toContain('John Smith');
    expect((await rows(page).first().textContent()) ?? '').toContain('John Smith');
    expect(await page.getByTestId('contacts-results').getAttribute('data-sort')).toBe('relevance:desc');
    expect(await page.getByTestId('result-count').textContent()).toContain('most relevant first');
    await shot(page, '54-search-typo');
    // Picking a column sorts by it; relevance is one click away.
    await page.getByTestId('sort-name').click();
    await page
      .locator('[data-testid="contacts-results"][data-sort="lastName:asc"][data-fetching="false"]')
      .waitFor();
    await page.getByRole('button', { name: 'Sort by relevance' }).click();
    await page
      .locator('[data-testid="contacts-results"][data-sort="relevance:desc"][data-fetching="false"]')
      .waitFor();
  });

  it('counts a custom number field between two values, and a select field, as they are built', async () => {
    const { page } = owner;
    const define = (data: object) => page.request.post('/api/v1/fields', { data });
    expect((await define({ key: 'score', label: 'Score', type: 'number' })).status()).toBe(201);
    const plan = { key: 'plan', label: 'Plan', type: 'select', options: ['Gold', 'Silver "S"'] };
    expect((await define(plan)).status()).toBe(201);
    // Scores 0, 10, … 70 in the order of PEOPLE; the first three on Gold, the next two on Silver.
    const list = await page.request.get('/api/v1/contacts?limit=50');
    const byName = new Map(
      ((await list.json()) as { items: { id: string; firstName: string; version: number }[] }).items.map(
        (c) => [c.firstName, c],
      ),
    );
    for (const [i, person] of PEOPLE.entries()) {
      const c = byName.get(person.firstName)!;
      const custom = { score: i * 10, ...(i < 5 ? { plan: i < 3 ? 'Gold' : 'Silver "S"' } : {}) };
      const res = await page.request.patch(`/api/v1/contacts/${c.id}`, {
        data: { custom },
        headers: { 'if-match': `"${c.version}"` },
      });
      expect(res.status(), await res.text()).toBe(200);
    }

    await page.goto('/contacts');
    await rows(page).first().waitFor();
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    const panel = page.getByTestId('filter-panel');
    await liveCount(page, PEOPLE.length);
    await panel.getByRole('button', { name: 'Add condition' }).click();
    const score = conditions(panel).nth(0);
    await choose(page, score, 'Field', 'Score', 'Sco');
    await choose(page, score, 'Operator', 'is between');
    await score.getByLabel('From', { exact: true }).fill('15');
    await score.getByLabel('To', { exact: true }).fill('45');
    await liveCount(page, 3); // 20, 30 and 40

    await panel.getByRole('button', { name: 'Add condition' }).click();
    const planCondition = conditions(panel).nth(1);
    await choose(page, planCondition, 'Field', 'Plan', 'Pla');
    await choose(page, planCondition, 'Value', 'Silver "S"');
    await liveCount(page, 2); // 30 and 40 are on Silver
    await choose(page, planCondition, 'Operator', 'is not');
    await liveCount(page, 1); // 20 is on Gold
    await shot(page, '55-filter-custom-fields');
    await page.keyboard.press('Escape');
  });
});
