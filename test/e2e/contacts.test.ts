import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  AGENT,
  OWNER,
  field,
  notified,
  pick,
  rows,
  search,
  shot,
  signIn,
  startHarness,
  type Harness,
} from './harness';

// One workspace, walked through the way a team lead would: set up, add contacts, find, edit,
// share with an agent, check what the agent sees, delete.
describe('contacts web app', () => {
  let h: Harness;
  let owner: { context: BrowserContext; page: Page };
  let agent: { context: BrowserContext; page: Page } | undefined;
  let turingUrl = '';

  beforeAll(async () => {
    h = await startHarness();
    owner = await h.newPage();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    const name = ctx.task.name.replace(/\W+/g, '-');
    await shot(owner.page, `FAILED-${name}`, { fullPage: true });
    if (agent) await shot(agent.page, `FAILED-${name}-agent`, { fullPage: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sets up the workspace on the first visit', async () => {
    const { page } = owner;
    await page.goto('/');
    await page.waitForURL('**/setup');
    await shot(page, '01-setup');
    await field(page, 'Workspace name').fill(OWNER.workspace);
    await field(page, 'Your name').fill(OWNER.name);
    await field(page, 'Email').fill(OWNER.email);
    await field(page, 'Password').fill(OWNER.password);
    expect(await field(page, 'Fill with sample contacts').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL('**/contacts');
    expect(await page.getByTestId('workspace-name').textContent()).toBe(OWNER.workspace);
    await rows(page).first().waitFor();
    expect(await rows(page).count()).toBe(25);
    await shot(page, '02-contacts-with-samples');
  });

  it('creates a contact with the quick form', async () => {
    const { page } = owner;
    await page.getByRole('button', { name: 'Create contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create contact' });
    await pick(page, 'Type', 'Customer', dialog);
    await field(dialog, 'First name').fill('Grace');
    await field(dialog, 'Last name').fill('Hopper');
    await field(dialog, 'Mobile').fill('(212) 555-0100');
    await field(dialog, 'Email').fill('grace@navy.example');
    await shot(page, '03-quick-create');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await notified(page, 'Grace Hopper was added');
    await dialog.waitFor({ state: 'detached' });
    const row = rows(page).first();
    expect(await row.textContent()).toContain('Grace Hopper');
    expect(await row.textContent()).toContain('+1 212 555 0100');
    expect(await row.getByTestId('active-dot').count()).toBe(1);
  });

  it('creates contacts with the advanced form, saving and starting a new one', async () => {
    const { page } = owner;
    await page.getByRole('button', { name: 'Create contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create contact' });
    await field(dialog, 'First name').fill('Alan');
    await field(dialog, 'Last name').fill('Turing');
    await dialog.getByRole('button', { name: 'Advanced' }).click();
    await field(dialog, 'Company').fill('Bletchley Park');
    await field(dialog, 'Job title').fill('Cryptanalyst');
    await pick(page, 'Language', 'English', dialog);
    await dialog.getByRole('button', { name: 'Add number' }).click();
    await field(dialog, 'Number 2').fill('+44 7400 123456');
    await field(dialog, 'City').fill('London');
    await field(dialog, 'Country').fill('United King');
    await page.getByRole('option', { name: 'United Kingdom', exact: true }).click();
    await field(dialog, 'Telegram').fill('@alan');
    await field(dialog, 'Save and create new').check();
    await shot(page, '04-advanced-create', { fullPage: true });
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await notified(page, 'Alan Turing was added');
    // Still open, with an empty form for the next contact.
    expect(await field(dialog, 'First name').inputValue()).toBe('');
    expect(await field(dialog, 'Company').inputValue()).toBe('');
    await field(dialog, 'First name').fill('Ada');
    await field(dialog, 'Last name').fill('Lovelace');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await notified(page, 'Ada Lovelace was added');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    await search(page, 'Turing');
    expect(await rows(page).count()).toBe(1);
    await rows(page).first().click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    turingUrl = new URL(page.url()).pathname;
    const points = page.getByTestId('points');
    await points.getByText('+44 7400 123456').waitFor();
    await points.getByText('@alan', { exact: true }).waitFor();
    expect(await page.getByTestId('profile').textContent()).toContain('Bletchley Park');
    expect(await page.getByTestId('profile').textContent()).toContain('United Kingdom');
    await page.getByRole('navigation').getByRole('link', { name: 'Contacts' }).click();
  });

  it('shows server validation errors next to the field', async () => {
    const { page } = owner;
    await page.goto('/contacts');
    await page.getByRole('button', { name: 'Create contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create contact' });
    await field(dialog, 'Last name').fill('Broken');
    await field(dialog, 'Mobile').fill('12345');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    const mobile = field(dialog, 'Mobile');
    await dialog.getByText('"12345" is not a valid phone number', { exact: false }).waitFor();
    expect(await mobile.getAttribute('aria-invalid')).toBe('true');
    // The message is the one described by the Mobile input, not a banner somewhere else.
    const describedBy = (await mobile.getAttribute('aria-describedby')) ?? '';
    const errorText = await page
      .locator(`[id="${describedBy.split(' ').find((id) => id.endsWith('-error'))}"]`)
      .textContent();
    expect(errorText).toContain('is not a valid phone number');

    // An error in the collapsed part opens it and lands next to its input.
    await mobile.fill('(212) 555-0101');
    await dialog.getByRole('button', { name: 'Advanced' }).click();
    await field(dialog, 'WhatsApp').fill('not a number');
    await dialog.getByRole('button', { name: 'Advanced' }).click();
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog.getByText('"not a number" is not a valid phone number', { exact: false }).waitFor();
    expect(await field(dialog, 'WhatsApp').getAttribute('aria-invalid')).toBe('true');
    expect(await field(dialog, 'Mobile').getAttribute('aria-invalid')).not.toBe('true');
    await shot(page, '05-validation-error');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('sorts by a column and pages through results', async () => {
    const { page } = owner;
    const settled = (attrs: string) =>
      page.locator(`[data-testid="contacts-results"]${attrs}[data-fetching="false"]`).waitFor();
    await page.getByTestId('sort-name').click();
    await settled('[data-sort="lastName:asc"][data-page="0"]');
    const names = async () =>
      (await rows(page).locator('td:nth-child(2)').allTextContents()).map((t) => t.trim());
    const firstPage = await names();
    const lastNames = firstPage.map((n) => n.split(' ').slice(-1)[0]);
    expect(lastNames).toEqual([...lastNames].sort((a, b) => a.localeCompare(b)));
    await page.getByRole('button', { name: 'Next' }).click();
    await settled('[data-page="1"]');
    await page.getByTestId('page-info').getByText('Page 2').waitFor();
    const secondPage = await names();
    expect(secondPage).not.toEqual(firstPage);
    await page.getByRole('button', { name: 'Previous' }).click();
    await settled('[data-page="0"]');
    expect(await names()).toEqual(firstPage);
    await page.goto('/contacts');
  });

  it('finds a contact with the search box', async () => {
    const { page } = owner;
    await search(page, 'Hopper');
    expect(await rows(page).count()).toBe(1);
    expect(await rows(page).first().textContent()).toContain('Grace Hopper');
    await search(page, 'grace@navy');
    expect(await rows(page).count()).toBe(1);
    await shot(page, '06-search');
    await search(page, 'no such person zzz');
    await page.getByText('No contacts match').waitFor();
    await shot(page, '06b-search-empty');
  });

  it('edits a contact and shows the edit in its change log', async () => {
    const { page } = owner;
    await search(page, 'Hopper');
    await rows(page).first().click();
    await page.getByTestId('contact-name').getByText('Grace Hopper').waitFor();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const editor = page.getByTestId('profile-editor');
    await field(editor, 'Job title').fill('Rear Admiral');
    await field(editor, 'Company').fill('US Navy');
    await shot(page, '07-edit', { fullPage: true });
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await notified(page, 'Your changes were saved');
    await page.getByTestId('profile').getByText('Rear Admiral').waitFor();
    const log = page.getByTestId('change-log');
    const entry = log.getByTestId('change').filter({ hasText: 'edited' }).first();
    await entry.waitFor();
    const text = await entry.textContent();
    expect(text).toContain(OWNER.name);
    expect(text).toContain('Job title');
    expect(text).toContain('Rear Admiral');
    expect(text).toContain('Company');
    expect(text).toContain('US Navy');
    await shot(page, '08-contact-with-change-log');
  });

  it('tells the user when someone else changed the contact meanwhile', async () => {
    const { page } = owner;
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const editor = page.getByTestId('profile-editor');
    // Someone else saves first.
    const id = page.url().split('/contacts/')[1].split('?')[0];
    const current = await (await page.request.get(`/api/v1/contacts/${id}`)).json();
    const res = await page.request.patch(`/api/v1/contacts/${id}`, {
      data: { department: 'Computing' },
      headers: { 'if-match': `"${current.version}"` },
    });
    expect(res.status()).toBe(200);
    await field(editor, 'Department').fill('Research');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await editor.getByText('Someone else changed this contact').waitFor();
    await shot(page, '09-conflict');
    await editor.getByRole('button', { name: 'Reload latest version' }).click();
    await editor.getByText('Someone else changed this contact').waitFor({ state: 'detached' });
    expect(await field(editor, 'Department').inputValue()).toBe('Computing');
    await field(editor, 'Department').fill('Research');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await notified(page, 'Your changes were saved');
    await page.getByTestId('profile').getByText('Research').waitFor();
  });

  it('adds an agent on the Users page', async () => {
    const { page } = owner;
    await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
    await page.waitForURL('**/users');
    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add user' });
    await field(dialog, 'Name').fill(AGENT.name);
    await field(dialog, 'Email').fill(AGENT.email);
    await field(dialog, 'Password').fill(AGENT.password);
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await notified(page, `${AGENT.name} can now sign in`);
    await page.getByTestId('user-row').filter({ hasText: AGENT.email }).waitFor();
    await shot(page, '10-users');
  });

  it('shares a contact with the agent', async () => {
    const { page } = owner;
    await page.getByRole('navigation').getByRole('link', { name: 'Contacts' }).click();
    await search(page, 'Hopper');
    await rows(page).first().click();
    const sharing = page.getByTestId('sharing');
    await pick(page, 'Share with', new RegExp(AGENT.name), sharing);
    await sharing.getByRole('button', { name: 'Share', exact: true }).click();
    await notified(page, `Shared with ${AGENT.name}`);
    await sharing.getByTestId('shared-with').getByText(AGENT.name).waitFor();
    await page.getByTestId('change-log').getByText('shared the contact').waitFor();
    await shot(page, '11-shared');
  });

  it('transfers a contact to the agent and opts out one of its numbers', async () => {
    const { page } = owner;
    await page.getByRole('navigation').getByRole('link', { name: 'Contacts' }).click();
    await search(page, 'Lovelace');
    await rows(page).first().click();
    await page.getByRole('button', { name: 'Transfer ownership' }).click();
    const dialog = page.getByRole('dialog', { name: 'Transfer ownership' });
    await pick(page, 'New owner', new RegExp(AGENT.name), dialog);
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    await notified(page, `now belongs to ${AGENT.name}`);
    await page.getByTestId('sharing').getByText(AGENT.name).waitFor();

    await page.goto(turingUrl);
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const editor = page.getByTestId('profile-editor');
    await editor.getByRole('button', { name: 'Opt out' }).first().click();
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await notified(page, 'Your changes were saved');
    const points = page.getByTestId('points');
    await points.getByTestId('point').filter({ hasText: '+44 7400 123456' }).getByText('Opted out').waitFor();
    // Still reachable on Telegram, so still active.
    expect(await page.getByTestId('contact-active').textContent()).toBe('Active');
    await shot(page, '11b-opted-out');
  });

  it('lets the agent see the shared contact and nothing else', async () => {
    agent = await h.newPage();
    const { page } = agent;
    await page.goto('/contacts');
    await page.waitForURL('**/sign-in**');
    await shot(page, '12-sign-in');
    await signIn(page, AGENT.email, AGENT.password);
    await rows(page).first().waitFor();
    // The contact shared with them and the one transferred to them.
    expect(await rows(page).count()).toBe(2);
    const text = (await rows(page).allTextContents()).join(' ');
    expect(text).toContain('Grace Hopper');
    expect(text).toContain('Ada Lovelace');
    // No admin pages for agents.
    expect(await page.getByRole('link', { name: 'Users' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    await shot(page, '13-agent-contacts');
    await search(page, 'Turing');
    await page.getByText('No contacts match').waitFor();
    await page.goto(turingUrl);
    await page.getByText('Contact not found').waitFor();
    await page.goto('/users');
    await page.getByText('Only admins can open this page').waitFor();
    // Signing out ends the session.
    await page.goto('/contacts');
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.goto('/contacts');
    await page.waitForURL('**/sign-in**');
  });

  it('remembers the chosen table columns across reloads', async () => {
    const { page } = owner;
    await page.goto('/contacts');
    await rows(page).first().waitFor();
    await page.getByRole('button', { name: 'Customize table' }).click();
    const dialog = page.getByRole('dialog', { name: 'Customize table' });
    // Ticking a field moves it to the other list.
    await dialog.getByTestId('columns-hidden').getByLabel('Job title', { exact: true }).click();
    await dialog.getByTestId('columns-hidden').getByLabel('Language', { exact: true }).click();
    await dialog.getByTestId('columns-shown').getByLabel('Owner', { exact: true }).click();
    await dialog.getByTestId('columns-shown').getByLabel('Language', { exact: true }).waitFor();
    await shot(page, '14-customize-table');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await notified(page, 'table layout was saved');
    const headers = page.getByTestId('contacts-table').locator('thead th');
    await headers.filter({ hasText: 'Job title' }).waitFor();
    await page.reload();
    await rows(page).first().waitFor();
    const texts = await headers.allTextContents();
    expect(texts).toContain('Job title');
    expect(texts).toContain('Language');
    expect(texts).not.toContain('Owner');
    await shot(page, '15-custom-columns');
  });

  it('deletes several contacts at once', async () => {
    const { page } = owner;
    for (const n of [1, 2, 3]) {
      const res = await page.request.post('/api/v1/contacts', {
        data: { firstName: `Temp${n}`, lastName: 'Bulkdelete' },
      });
      expect(res.status()).toBe(201);
    }
    await search(page, 'Bulkdelete');
    expect(await rows(page).count()).toBe(3);
    await page.getByLabel('Select all on this page').check();
    expect(await page.getByTestId('selected-count').textContent()).toBe('3 selected');
    await page.getByRole('button', { name: 'Delete selected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete 3 contacts' });
    await field(dialog, 'Type 3 to confirm').fill('3');
    await shot(page, '16-bulk-delete');
    await dialog.getByRole('button', { name: 'Delete 3' }).click();
    await notified(page, '3 contacts were deleted');
    await page.getByText('No contacts match').waitFor();
  });

  it('deletes a contact', async () => {
    const { page } = owner;
    await search(page, 'Hopper');
    await rows(page).first().getByRole('button', { name: 'Actions for Grace Hopper' }).click();
    await page.getByRole('menuitem', { name: 'Delete contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete contact' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await notified(page, 'Grace Hopper was deleted');
    await page.getByText('No contacts match').waitFor();
  });
});
