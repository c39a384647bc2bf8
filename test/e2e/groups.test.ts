import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import {
  AGENT,
  createContacts,
  field,
  notified,
  setUpWorkspace,
  shot,
  signIn,
  startHarness,
  type Harness,
} from './harness';

// A few known people, so every count below can be worked out by hand.
const PEOPLE = [
  { firstName: 'Ada', lastName: 'Lovelace', type: 'customer', tags: ['vip', 'news'] },
  { firstName: 'Alan', lastName: 'Turing', type: 'customer', tags: ['newsletter'] },
  { firstName: 'Grace', lastName: 'Hopper', type: 'lead', tags: ['vip'] },
  { firstName: 'Hedy', lastName: 'Lamarr', type: 'prospect', tags: ['news'] },
  { firstName: 'Linus', lastName: 'Torvalds', type: 'lead', tags: [] },
  { firstName: 'Katherine', lastName: 'Johnson', type: 'customer', tags: ['newsletter'] },
];
// More contacts than a bulk action does within the request (500): renaming their tag runs in the background.
const EXPO = 520;

const conditions = (scope: Locator) => scope.getByTestId('filter-condition');

/** Opens a Select inside `scope` by its aria-label and picks an option, typing to narrow long lists. */
async function choose(page: Page, scope: Locator, label: string, option: string, type?: string) {
  const input = scope.getByLabel(label, { exact: true });
  if (type) await input.fill(type);
  else await input.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Waits until the live count under a filter builder has settled on `n`. */
async function liveCount(scope: Page | Locator, n: number) {
  await scope.locator(`[data-testid="live-count"][data-state="ready"][data-count="${n}"]`).waitFor();
}

/** Waits until the group page shows `n` members (the count refreshes after each change). */
async function members(page: Page, n: number) {
  await page.locator(`[data-testid="member-count"][data-value="${n}"]`).waitFor();
}

const memberNames = async (page: Page) => {
  await page.locator('[data-testid="members-table"][data-fetching="false"]').waitFor();
  return (await page.getByTestId('member-row').locator('td[data-col="name"]').allTextContents())
    .map((t) => t.trim())
    .sort();
};

const groupRow = (page: Page, name: string) => page.locator(`[data-testid="group-row"][data-name="${name}"]`);
const tagRow = (page: Page, tag: string) => page.locator(`[data-testid="tag-row"][data-tag="${tag}"]`);

describe('groups, segments and tags', () => {
  let h: Harness;
  let owner: { context: BrowserContext; page: Page };
  let agent: { context: BrowserContext; page: Page } | undefined;
  const ids: Record<string, string> = {};
  let staticUrl = '';

  beforeAll(async () => {
    h = await startHarness();
    owner = await h.newPage();
    const { page } = owner;
    await setUpWorkspace(page);
    (await createContacts(page, PEOPLE)).forEach((id, i) => (ids[PEOPLE[i].lastName] = id));
    for (let i = 0; i < EXPO; i += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, EXPO - i) }, async (_, k) => {
          const res = await page.request.post('/api/v1/contacts', {
            data: { firstName: 'Visitor', lastName: `Number ${i + k + 1}`, tags: ['expo-2025'] },
          });
          expect(res.status()).toBe(201);
        }),
      );
    }
    const user = await page.request.post('/api/v1/users', { data: { ...AGENT, role: 'agent' } });
    expect(user.status()).toBe(201);
  }, 180_000);
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    const name = ctx.task.name.replace(/\W+/g, '-');
    await shot(owner.page, `FAILED-${name}`, { fullPage: true });
    if (agent) await shot(agent.page, `FAILED-${name}-agent`, { fullPage: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates a static group and adds contacts picked by name', async () => {
    const { page } = owner;
    await page.goto('/contacts');
    await page.getByRole('navigation').getByRole('link', { name: 'Groups' }).click();
    await page.waitForURL('**/groups');
    await page.getByText('No groups yet').waitFor();
    await shot(page, '60-groups-empty');

    await page.getByRole('button', { name: 'New group' }).click();
    const dialog = page.getByRole('dialog', { name: 'New group' });
    await field(dialog, 'Name').fill('Spring callers');
    await field(dialog, 'Category').fill('Campaigns');
    expect(await dialog.getByRole('radio', { name: 'Static' }).isChecked()).toBe(true);
    await shot(page, '61-group-create-static');
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await notified(page, '“Spring callers” was created');
    await page.waitForURL(/\/groups\/[0-9a-f-]{36}$/);
    staticUrl = new URL(page.url()).pathname;
    await page.getByTestId('group-name').getByText('Spring callers').waitFor();
    expect(await page.getByTestId('group-category').textContent()).toBe('Campaigns');
    await members(page, 0);
    await page.getByText('No members yet').waitFor();

    await page.getByRole('button', { name: 'Add contacts' }).first().click();
    await page.getByRole('menuitem', { name: /Pick by name/ }).click();
    const add = page.getByRole('dialog', { name: 'Add contacts to “Spring callers”' });
    for (const name of ['Lovelace', 'Hopper']) {
      await add.getByLabel('Search contacts to add').fill(name);
      const candidate = add.getByTestId('add-candidate').filter({ hasText: name });
      await candidate.waitFor();
      await candidate.click();
    }
    expect(await add.getByTestId('picked').textContent()).toContain('Ada Lovelace');
    await shot(page, '62-group-add-by-name');
    await add.getByRole('button', { name: 'Add 2 contacts' }).click();
    await notified(page, '2 contacts were added to “Spring callers”');
    await members(page, 2);
    expect(await memberNames(page)).toEqual(['Ada Lovelace', 'Grace Hopper']);
  });

  it('adds every contact a filter matches, with the count shown first', async () => {
    const { page } = owner;
    await page.getByRole('button', { name: 'Add contacts' }).first().click();
    await page.getByRole('menuitem', { name: /Add by filter/ }).click();
    const dialog = page.getByRole('dialog', { name: /by filter/ });
    await dialog.getByRole('button', { name: 'Add condition' }).click();
    const condition = conditions(dialog).first();
    await choose(page, condition, 'Field', 'Type');
    await choose(page, condition, 'Value', 'Customer');
    await liveCount(dialog, 3);
    await shot(page, '63-group-add-by-filter');
    await dialog.getByRole('button', { name: 'Add 3 matching contacts' }).click();
    // Ada Lovelace was in the group already.
    await notified(page, '2 contacts were added to “Spring callers”; 1 was in it already');
    await members(page, 4);
    expect(await memberNames(page)).toEqual([
      'Ada Lovelace',
      'Alan Turing',
      'Grace Hopper',
      'Katherine Johnson',
    ]);
  });

  it('removes selected members; the contacts stay', async () => {
    const { page } = owner;
    await page.getByLabel('Select Grace Hopper').check();
    await page.getByRole('button', { name: 'Remove from group' }).click();
    await notified(page, '1 contact was removed from “Spring callers”');
    await members(page, 3);
    expect(await memberNames(page)).toEqual(['Ada Lovelace', 'Alan Turing', 'Katherine Johnson']);
    expect((await page.request.get(`/api/v1/contacts/${ids.Hopper}`)).status()).toBe(200);
    await shot(page, '64-group-static', { fullPage: true });
  });

  it('creates a dynamic group whose count follows a contact changed elsewhere', async () => {
    const { page } = owner;
    await page.goto('/groups');
    await page.getByRole('button', { name: 'New group' }).click();
    const dialog = page.getByRole('dialog', { name: 'New group' });
    await field(dialog, 'Name').fill('VIPs');
    await field(dialog, 'Category').fill('Key accounts');
    await dialog.getByRole('radio', { name: 'Dynamic' }).click();
    // Saving without a condition is refused before it reaches the server.
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await dialog.getByText('A dynamic group needs at least one condition').waitFor();
    await dialog.getByRole('button', { name: 'Add condition' }).click();
    const condition = conditions(dialog).first();
    await choose(page, condition, 'Field', 'Tags', 'Tags');
    await condition.getByLabel('Value', { exact: true }).fill('vip');
    await liveCount(dialog, 2);
    await shot(page, '65-group-create-dynamic');
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await notified(page, '“VIPs” was created');
    await page.waitForURL(/\/groups\/[0-9a-f-]{36}$/);
    await members(page, 2);
    expect(await page.getByTestId('group-filter-summary').textContent()).toContain('Tags contains “vip”');
    expect(await memberNames(page)).toEqual(['Ada Lovelace', 'Grace Hopper']);

    // Someone tags Linus Torvalds through the API; the group picks him up by itself.
    const current = await (await page.request.get(`/api/v1/contacts/${ids.Torvalds}`)).json();
    const res = await page.request.patch(`/api/v1/contacts/${ids.Torvalds}`, {
      data: { tags: ['vip'] },
      headers: { 'if-match': `"${current.version}"` },
    });
    expect(res.status()).toBe(200);
    await page.reload();
    await members(page, 3);
    expect(await memberNames(page)).toEqual(['Ada Lovelace', 'Grace Hopper', 'Linus Torvalds']);
    await shot(page, '66-group-dynamic', { fullPage: true });

    await page.goto('/groups');
    await groupRow(page, 'VIPs').waitFor();
    expect(await groupRow(page, 'VIPs').getByTestId('group-members').textContent()).toBe('3');
    expect(await groupRow(page, 'VIPs').getByTestId('group-type').textContent()).toBe('Dynamic');
    expect(await groupRow(page, 'Spring callers').getByTestId('group-members').textContent()).toBe('3');
    const types = page.getByRole('radiogroup', { name: 'Type' });
    await types.getByText('Dynamic', { exact: true }).click();
    await groupRow(page, 'Spring callers').waitFor({ state: 'detached' });
    await types.getByText('All types', { exact: true }).click();
    await shot(page, '67-groups');
  });

  it('merges one group into another', async () => {
    const { page } = owner;
    const res = await page.request.post('/api/v1/groups', { data: { name: 'Old list', type: 'static' } });
    expect(res.status()).toBe(201);
    const old = await res.json();
    await page.request.post(`/api/v1/groups/${old.id}/members`, {
      data: { ids: [ids.Torvalds, ids.Turing] },
    });
    await page.reload();
    await groupRow(page, 'Old list').getByRole('button', { name: 'Actions for Old list' }).click();
    await page.getByRole('menuitem', { name: 'Merge into…' }).click();
    const dialog = page.getByRole('dialog', { name: /Merge “Old list”/ });
    await dialog.getByRole('combobox', { name: 'Merge into' }).click();
    // A static group's members cannot go into a dynamic group.
    expect(await page.getByRole('option', { name: /VIPs/ }).getAttribute('data-combobox-disabled')).toBe(
      'true',
    );
    await page.getByRole('option', { name: 'Spring callers (Campaigns)' }).click();
    await dialog.getByTestId('merge-preview').waitFor();
    await shot(page, '67b-group-merge');
    await dialog.getByRole('button', { name: 'Merge and delete “Old list”' }).click();
    await notified(page, '“Old list” was merged into “Spring callers”, which now holds 4 contacts');
    await groupRow(page, 'Old list').waitFor({ state: 'detached' });
    expect(await groupRow(page, 'Spring callers').getByTestId('group-members').textContent()).toBe('4');
  });

  it('opens the group form from the group page', async () => {
    const { page } = owner;
    await page.goto(staticUrl);
    await members(page, 4);
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Edit group' }).waitFor();
    await shot(page, '67c-group-menu');
    await page.getByRole('menuitem', { name: 'Edit group' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit group “Spring callers”' });
    expect(await field(dialog, 'Name').inputValue()).toBe('Spring callers');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('deletes a group but keeps its contacts', async () => {
    const { page } = owner;
    await page.goto(staticUrl);
    await members(page, 4);
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Delete group' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete group' });
    expect(await dialog.textContent()).toContain('Its 4 members stay as contacts');
    await dialog.getByRole('button', { name: 'Delete group' }).click();
    await notified(page, '“Spring callers” was deleted');
    await page.waitForURL('**/groups');
    await groupRow(page, 'VIPs').waitFor();
    expect(await groupRow(page, 'Spring callers').count()).toBe(0);
    expect((await page.request.get(`/api/v1/contacts/${ids.Turing}`)).status()).toBe(200);
  });

  it('saves a segment and opens it as a contacts view', async () => {
    const { page } = owner;
    await page.getByRole('navigation').getByRole('link', { name: 'Segments' }).click();
    await page.getByText('No segments yet').waitFor();
    await page.getByRole('button', { name: 'New segment' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New segment' });
    await field(dialog, 'Name').fill('Customers');
    await dialog.getByRole('button', { name: 'Add condition' }).click();
    const condition = conditions(dialog).first();
    await choose(page, condition, 'Field', 'Type');
    await choose(page, condition, 'Value', 'Customer');
    await liveCount(dialog, 3);
    await dialog.getByRole('button', { name: 'Save segment' }).click();
    await notified(page, '“Customers” matches 3 contacts');
    const row = page.locator('[data-testid="segment-row"][data-name="Customers"]');
    expect(await row.getByTestId('segment-count').textContent()).toBe('3');
    expect(await row.textContent()).toContain('Type is Customer');
    await shot(page, '68-segments');

    await row.getByRole('link', { name: 'Customers' }).click();
    await page.waitForURL(/\/contacts\?filter=/);
    const filter = JSON.parse(new URL(page.url()).searchParams.get('filter') ?? 'null');
    expect(filter).toMatchObject({ field: 'segment', op: 'equals' });
  });

  it('renames a tag on 520 contacts in the background, with progress', async () => {
    const { page } = owner;
    await page.goto('/tags');
    await tagRow(page, 'expo-2025').waitFor();
    expect(await tagRow(page, 'expo-2025').getByTestId('tag-count').textContent()).toBe('520');
    await page.getByRole('button', { name: 'Rename expo-2025' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rename the tag “expo-2025”' });
    await field(dialog, 'New name').fill('expo');
    await dialog.getByRole('button', { name: 'Rename', exact: true }).click();
    const progress = page.getByTestId('bulk-progress');
    await progress.waitFor();
    await shot(page, '69-tag-rename-progress');
    await page.locator('[data-testid="bulk-progress"][data-state="done"]').waitFor({ timeout: 60_000 });
    expect(await progress.textContent()).toContain('520 contacts changed');
    await tagRow(page, 'expo').waitFor();
    expect(await tagRow(page, 'expo').getByTestId('tag-count').textContent()).toBe('520');
    expect(await tagRow(page, 'expo-2025').count()).toBe(0);
  });

  it('merges two tags into one', async () => {
    const { page } = owner;
    await page.getByLabel('Search tags').fill('news');
    await tagRow(page, 'news').getByLabel('Select news').check();
    await tagRow(page, 'newsletter').getByLabel('Select newsletter').check();
    await page.getByRole('button', { name: 'Merge into…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge 2 tags' });
    // The merged tags come first among the suggestions.
    const into = dialog.getByRole('combobox', { name: /^Merge into/ });
    await into.click();
    await shot(page, '69b-tag-merge');
    await page.getByRole('option', { name: 'newsletter', exact: true }).click();
    expect(await into.inputValue()).toBe('newsletter');
    await dialog.getByRole('button', { name: 'Merge tags' }).click();
    // Ada and Hedy had "news" and now have "newsletter"; Alan and Katherine keep theirs.
    await notified(page, '2 contacts changed; 2 needed no change');
    await tagRow(page, 'news').waitFor({ state: 'detached' });
    expect(await tagRow(page, 'newsletter').getByTestId('tag-count').textContent()).toBe('4');
    await page.getByLabel('Search tags').fill('');
    await shot(page, '69c-tags');

    // The count opens the contacts carrying the tag.
    await tagRow(page, 'newsletter').getByTestId('tag-count').click();
    await page.waitForURL(/\/contacts\?filter=/);
    const filter = JSON.parse(new URL(page.url()).searchParams.get('filter') ?? 'null');
    expect(filter).toEqual({ field: 'tags', op: 'contains', value: 'newsletter' });
  });

  it('hides the admin actions from agents', async () => {
    agent = await h.newPage();
    const { page } = agent;
    await signIn(page, AGENT.email, AGENT.password);
    await page.goto('/groups');
    await groupRow(page, 'VIPs').waitFor();
    expect(await page.getByRole('button', { name: 'New group' }).count()).toBe(0);
    await groupRow(page, 'VIPs').getByRole('button', { name: 'Actions for VIPs' }).click();
    // The menu opens after the click: wait for it, then look for what must not be in it.
    await page.getByRole('menuitem', { name: 'Open' }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'Delete' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.goto('/tags');
    await page.getByText('No tags on your contacts').waitFor();
    await shot(page, '69d-agent-tags');
  });
});
