import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { AGENT, OWNER, field, notified, pick, shot, signIn, startHarness, type Harness } from './harness';

// One workspace, walked through the way a team lead would: set up, add contacts, find, edit,
// share with an agent, check what the agent sees, delete.
describe('contacts web app', () => {
  let h: Harness;
  let owner: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    h = await startHarness();
    owner = await h.newPage();
    owner.page.on('response', (r) => r.url().includes('/api/') && console.log('RESP', r.request().method(), r.url(), r.status()));
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await shot(owner.page, `FAILED-${ctx.task.name.replace(/\W+/g, '-')}`, { fullPage: true });
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
    await page.getByTestId('contact-row').first().waitFor();
    await shot(page, '02-contacts-with-samples');
  });
});
