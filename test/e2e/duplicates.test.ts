import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  createContacts,
  field,
  notified,
  rows,
  setUpWorkspace,
  shot,
  startHarness,
  type Harness,
} from './harness';

const phone = (value: string) => ({ channel: 'phone', label: 'mobile', value });
const email = (value: string) => ({ channel: 'email', label: 'work', value });

const EXISTING = [
  { firstName: 'Robert', lastName: 'Whitfield', company: 'Acme Inc', points: [phone('+1 415 555 0142')] },
  { firstName: 'María', lastName: 'Okonkwo', points: [email('maria.ok@example.com')] },
  { firstName: 'Maria', lastName: 'Okonkow', points: [email('MARIA.OK@example.com')] },
  {
    firstName: 'Theodora',
    lastName: 'Quennell',
    company: 'Birchwood Logistics',
    address: { city: 'Leeds' },
  },
  {
    firstName: 'Theodora',
    lastName: 'Quenell',
    company: 'Birchwood Logistics Ltd',
    address: { city: 'Leeds' },
    points: [email('tq@birchwood.example')],
  },
  { firstName: 'Ivo', lastName: 'Petrak', points: [phone('+1 303 555 0170')] },
  { firstName: 'Ivo', lastName: 'Petrak', points: [phone('303-555-0170')] },
];

const prompt = (page: Page) => page.getByTestId('duplicate-prompt');
const clusterCards = (page: Page) => page.getByTestId('duplicate-cluster');

describe('duplicates', () => {
  let h: Harness;
  let owner: { context: BrowserContext; page: Page };
  let ids: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
    owner = await h.newPage();
    await setUpWorkspace(owner.page);
    ids = await createContacts(owner.page, EXISTING);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    await shot(owner.page, `FAILED-${ctx.task.name.replace(/\W+/g, '-')}`, { fullPage: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('prompts on a new contact that looks like an existing one, and merges from the prompt', async () => {
    const { page } = owner;
    await page.goto('/contacts');
    await page.getByRole('button', { name: 'Create contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create contact' });
    await field(dialog, 'First name').fill('Bob');
    await field(dialog, 'Last name').fill('Whitfield');
    await field(dialog, 'Mobile').fill('(415) 555-0142');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await notified(page, 'Bob Whitfield was added');
    await rows(page)
      .filter({ hasText: 'Bob Whitfield' })
      .getByRole('link', { name: 'Bob Whitfield' })
      .click();
    await page.getByTestId('contact-name').filter({ hasText: 'Bob Whitfield' }).waitFor();

    const match = prompt(page).getByTestId('duplicate-match');
    await match.waitFor();
    expect(await match.count()).toBe(1);
    const text = await match.textContent();
    expect(text).toContain('Robert Whitfield');
    expect(text).toContain('Same phone: +14155550142');
    expect(text).toContain('Nickname of the same name');
    await shot(page, '95-duplicate-prompt');

    await match.getByRole('button', { name: 'Compare and merge' }).click();
    const merge = page.getByRole('dialog', { name: /Merge 2 contacts/ });
    await merge.getByRole('button', { name: 'Merge 2 contacts' }).click();
    // The existing contact was offered as the one to keep: the page is now Robert's, without a prompt.
    await page.waitForURL(`**/contacts/${ids[0]}`);
    await page.getByTestId('contact-name').filter({ hasText: 'Robert Whitfield' }).waitFor();
    await page.getByText('Merged from').first().waitFor();
    expect(await prompt(page).count()).toBe(0);
  });

  it('stops prompting once the contacts are marked as different people', async () => {
    const { page } = owner;
    await page.goto(`/contacts/${ids[2]}`);
    const match = prompt(page).getByTestId('duplicate-match');
    await match.waitFor();
    expect(await match.textContent()).toContain('María Okonkwo');
    await match.getByRole('button', { name: 'Not a duplicate' }).click();
    await notified(page, /will not be offered as duplicates again/);
    await prompt(page).waitFor({ state: 'detached' });
    const asked = page.waitForResponse((r) => r.url().endsWith(`/contacts/${ids[2]}/duplicates`));
    await page.reload();
    expect((await (await asked).json()).items).toEqual([]);
    await page.getByTestId('contact-name').filter({ hasText: 'Maria Okonkow' }).waitFor();
    expect(await prompt(page).count()).toBe(0);
  });

  it('scans the workspace and lists groups with scores and reasons, to merge or dismiss', async () => {
    const { page } = owner;
    await page.goto('/duplicates');
    await page.getByText('No scan yet').waitFor();
    await page.getByRole('button', { name: 'Scan for duplicates' }).first().click();
    await page.locator('[data-testid="scan-status"][data-state="done"]').waitFor();
    await expect.poll(() => clusterCards(page).count()).toBe(2);
    expect(await page.getByTestId('scan-status').textContent()).toContain('2 groups of possible duplicates');
    // Maria's pair was dismissed and Bob was merged: neither comes back.
    const theodora = clusterCards(page).filter({ hasText: 'Theodora Quennell' });
    expect(await theodora.getByTestId('cluster-member').count()).toBe(2);
    const reasons = await theodora.getByTestId('match-reason').allTextContents();
    expect(reasons).toEqual(
      expect.arrayContaining(['Same company: Birchwood Logistics', 'Same city: Leeds']),
    );
    await shot(page, '96-duplicates-page', { fullPage: true });

    await theodora.getByRole('button', { name: 'Merge…' }).click();
    const merge = page.getByRole('dialog', { name: /Merge 2 contacts/ });
    await merge.getByRole('button', { name: 'Merge 2 contacts' }).click();
    await page
      .getByTestId('contact-name')
      .filter({ hasText: /Theodora/ })
      .waitFor();

    await page.goto('/duplicates');
    await expect.poll(() => clusterCards(page).count()).toBe(1);
    const ivo = clusterCards(page).filter({ hasText: 'Ivo Petrak' });
    expect(await ivo.getByTestId('match-reason').allTextContents()).toContain('Same phone: +13035550170');
    await ivo.getByRole('button', { name: 'Not duplicates' }).click();
    await notified(page, /will not be offered as duplicates of each other again/);
    await page.getByText('No duplicates found').waitFor();
  });
});
