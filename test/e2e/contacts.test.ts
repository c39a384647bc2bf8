import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { AGENT, OWNER, notified, pick, shot, signIn, startHarness, type Harness } from './harness';

// One workspace, walked through the way a team lead would: set up, add contacts, find, edit,
// share with an agent, check what the agent sees, delete.
describe('contacts web app', () => {
  let h: Harness;
  let owner: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    h = await startHarness();
    owner = await h.newPage();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sets up the workspace on the first visit', async () => {
    const { page } = owner;
    await page.goto('/');
    await page.waitForURL('**/setup');
    await shot(page, '01-setup');
    await page.getByLabel('Workspace name').fill(OWNER.workspace);
    await page.getByLabel('Your name').fill(OWNER.name);
    await page.getByLabel('Email', { exact: true }).fill(OWNER.email);
    await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
    expect(await page.getByLabel('Fill with sample contacts').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL('**/contacts');
    expect(await page.getByTestId('workspace-name').textContent()).toBe(OWNER.workspace);
    await page.getByTestId('contact-row').first().waitFor();
    await shot(page, '02-contacts-with-samples');
  });
});
