import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import {
  AGENT,
  createContacts,
  notified,
  rows,
  setUpWorkspace,
  shot,
  signIn,
  startHarness,
  type Harness,
} from './harness';

// One person entered three times, each with something the others lack. Created in this order, so
// the table (newest first) lists them C, B, A.
const A = {
  firstName: 'Nora',
  lastName: 'Quinn',
  company: 'Quinn & Co',
  tags: ['vip'],
  points: [
    { channel: 'phone', label: 'mobile', value: '+1 212 555 0101' },
    { channel: 'email', label: 'work', value: 'nora@quinn.co' },
  ],
};
const B = {
  firstName: 'Nora',
  lastName: 'Quinn-Smith',
  birthDate: '1985-04-12',
  points: [
    { channel: 'phone', label: 'home', value: '+1 212 555 0199' },
    { channel: 'email', label: 'home', value: 'nora.smith@example.com' },
  ],
};
const C = {
  firstName: 'Nora',
  lastName: 'Quinn',
  jobTitle: 'Buyer',
  points: [
    // A's mobile again: the merge keeps it once.
    { channel: 'phone', label: 'mobile', value: '+1 212 555 0101' },
    { channel: 'email', label: 'other', value: 'nora.q@mail.test' },
  ],
};
const NORAS = `/contacts?filter=${encodeURIComponent(JSON.stringify({ field: 'firstName', op: 'equals', value: 'Nora' }))}`;
// With the three above, more than the 25 a merge takes.
const FILLERS = Array.from({ length: 24 }, (_, i) => ({ firstName: 'Filler', lastName: `Person ${i + 1}` }));

describe('merging contacts from the contacts table', () => {
  let h: Harness;
  let owner: { context: BrowserContext; page: Page };
  let a = '';
  let b = '';
  let c = '';

  /** A row of the contacts table by a value only it shows (its email). */
  const rowWith = (page: Page, text: string) => rows(page).filter({ hasText: text });
  const mergeDialog = (page: Page, n: number) => page.getByRole('dialog', { name: `Merge ${n} contacts` });
  /** The dialog once the preview for this primary has loaded. */
  const previewFor = (dialog: Locator, primaryId: string) =>
    dialog.locator(`[data-testid="merge-body"][data-primary="${primaryId}"][data-ready="true"]`);

  beforeAll(async () => {
    h = await startHarness();
    owner = await h.newPage();
    const { page } = owner;
    await setUpWorkspace(page);
    // Day first, so the dialog shows it did not just echo the API's ISO date.
    expect(
      (await page.request.patch('/api/v1/workspace', { data: { dateFormat: 'DD/MM/YYYY' } })).status(),
    ).toBe(200);
    [a, b, c] = await createContacts(page, [A, B, C]);
    await createContacts(page, FILLERS);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    await shot(owner.page, `FAILED-${ctx.task.name.replace(/\W+/g, '-')}`, { fullPage: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('offers Merge for 2 to 25 ticked rows only', async () => {
    const { page } = owner;
    await page.goto('/contacts');
    await rows(page).first().waitFor();
    await page.getByRole('combobox', { name: 'Rows per page' }).click();
    await page.getByRole('option', { name: '50', exact: true }).click();
    await expect.poll(() => rows(page).count()).toBe(27);

    await page.getByLabel('Select all on this page').check();
    await page.getByTestId('selected-count').filter({ hasText: '27 selected' }).waitFor();
    const merge = page.getByTestId('merge-selected');
    expect(await merge.getAttribute('aria-disabled')).toBe('true');
    await merge.hover();
    await page.getByText('You can merge at most 25 contacts at once').waitFor();
    await shot(page, '100-merge-too-many');
    // A click opens nothing (forced: Playwright would wait for an aria-disabled button to be enabled).
    await merge.click({ force: true });
    await page.waitForTimeout(300);
    expect(await page.getByRole('dialog').count()).toBe(0);

    // One ticked row is not enough either.
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await rowWith(page, 'nora@quinn.co').getByRole('checkbox').check();
    await page.getByTestId('selected-count').filter({ hasText: '1 selected' }).waitFor();
    expect(await merge.getAttribute('aria-disabled')).toBe('true');
    await rowWith(page, 'nora.smith@example.com').getByRole('checkbox').check();
    await page.getByTestId('selected-count').filter({ hasText: '2 selected' }).waitFor();
    expect(await merge.getAttribute('aria-disabled')).toBe('false');
  });

  it('merges three contacts with a value picked from the second, then undoes it', async () => {
    const { page } = owner;
    // A filter, not a search: a search sorts by relevance, and the order is what this checks.
    await page.goto(NORAS);
    await expect.poll(() => rows(page).count()).toBe(3);
    // Ticked A, B, C; the dialog takes them in table order: C, B, A.
    for (const email of ['nora@quinn.co', 'nora.smith@example.com', 'nora.q@mail.test'])
      await rowWith(page, email).getByRole('checkbox').check();
    await page.getByTestId('selected-count').filter({ hasText: '3 selected' }).waitFor();
    await page.getByTestId('merge-selected').click();

    const dialog = mergeDialog(page, 3);
    await previewFor(dialog, c).waitFor();
    const cards = dialog.getByRole('radiogroup', { name: 'Keep as the primary' }).getByRole('radio');
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual([
      'Contact 1: Nora Quinn, 2 contact points',
      'Contact 2: Nora Quinn-Smith, 2 contact points',
      'Contact 3: Nora Quinn, Quinn & Co, 2 contact points',
    ]);
    expect(await cards.first().getAttribute('aria-checked')).toBe('true');

    // A, with the company, is the better primary.
    await cards.filter({ hasText: 'Quinn & Co' }).click();
    await previewFor(dialog, a).waitFor();
    expect(await cards.nth(2).getAttribute('aria-checked')).toBe('true');

    const picker = (label: string) => dialog.getByRole('radiogroup', { name: label, exact: true });
    const checked = (label: string) => picker(label).locator('[role="radio"][aria-checked="true"]');
    // Defaults: the primary's last name; blanks filled from the others, the date as the workspace writes it.
    expect(await checked('Last name').getAttribute('aria-label')).toBe('Quinn (contacts 1, 3)');
    expect(await checked('Birth date').getAttribute('aria-label')).toBe('12/04/1985 (contact 2)');
    expect(await checked('Company').getAttribute('aria-label')).toBe('Quinn & Co (contact 3)');
    expect(await checked('Job title').getAttribute('aria-label')).toBe('Buyer (contact 1)');
    // Values every contact shares are not offered as a choice.
    expect(await picker('First name').count()).toBe(0);
    const same = await dialog.getByTestId('merge-same').textContent();
    expect(same).toContain('First name: Nora');
    expect(same).toContain('Owner: Olivia Owner');
    const summary = await dialog.getByTestId('merge-summary').textContent();
    expect(summary).toContain('5 contact points (6 before');
    expect(summary).toContain('vip');
    expect(summary).toContain('undo the merge from the primary’s page for 30 days');

    await picker('Last name')
      .getByRole('radio', { name: /^Quinn-Smith/ })
      .click();
    expect(await checked('Last name').getAttribute('aria-label')).toBe('Quinn-Smith (contact 2)');
    await shot(page, '101-merge-dialog');
    await dialog.getByTestId('merge-summary').hover();
    await page.mouse.wheel(0, 800);
    await shot(page, '101b-merge-summary');

    await dialog.getByRole('button', { name: 'Merge 3 contacts' }).click();
    await page.waitForURL(`**/contacts/${a}`);
    await notified(page, 'are now one');

    // The primary: the picked last name, its own company, the blanks filled, every point once, the tag.
    await page.getByTestId('contact-name').filter({ hasText: 'Nora Quinn-Smith' }).waitFor();
    const profile = page.getByTestId('profile');
    await profile.getByText('12/04/1985').waitFor();
    expect(await profile.textContent()).toContain('Quinn & Co');
    expect(await profile.textContent()).toContain('Buyer');
    expect(await profile.textContent()).toContain('vip');
    await expect.poll(() => page.getByTestId('point').count()).toBe(5);
    const points = await page.getByTestId('points').textContent();
    for (const v of ['nora@quinn.co', 'nora.smith@example.com', 'nora.q@mail.test', '0101', '0199'])
      expect(points).toContain(v);
    const note = page.getByTestId('merge-note');
    await note.filter({ hasText: 'Merged from 3 contacts' }).waitFor();
    await shot(page, '102-merged-contact');

    // A merged-away contact's address shows the primary.
    await page.goto(`/contacts/${b}`);
    await page.getByTestId('merged-into-note').waitFor();
    expect(await page.getByTestId('contact-name').textContent()).toBe('Nora Quinn-Smith');
    await page.goto(NORAS);
    await expect.poll(() => rows(page).count()).toBe(1);

    // Undo from the primary's page: the three are back.
    await page.goto(`/contacts/${a}`);
    await note.getByRole('button', { name: 'Undo merge' }).click();
    const confirm = page.getByRole('dialog', { name: 'Undo merge' });
    await confirm.getByText('come back as they were').waitFor();
    await shot(page, '102b-undo-merge');
    await confirm.getByRole('button', { name: 'Undo merge' }).click();
    await notified(page, '3 contacts are back');
    await note.waitFor({ state: 'detached' });
    await page
      .getByTestId('contact-name')
      .filter({ hasText: /^Nora Quinn$/ })
      .waitFor();
    await expect.poll(() => page.getByTestId('point').count()).toBe(2);

    await page.goto(NORAS);
    await expect.poll(() => rows(page).count()).toBe(3);
    for (const email of ['nora@quinn.co', 'nora.smith@example.com', 'nora.q@mail.test'])
      await rowWith(page, email).waitFor();
  });

  it('keeps the dialog and its picks when a contact is merged elsewhere meanwhile', async () => {
    const { page } = owner;
    const [d, , f] = await createContacts(page, [
      {
        firstName: 'Dee',
        lastName: 'Dup',
        company: 'Old Co',
        points: [{ channel: 'email', value: 'dee@one.test' }],
      },
      {
        firstName: 'Dee',
        lastName: 'Dup',
        company: 'New Co',
        points: [{ channel: 'email', value: 'dee@two.test' }],
      },
      { firstName: 'Dee', lastName: 'Other', points: [{ channel: 'email', value: 'dee@three.test' }] },
    ]);
    await page.goto(
      `/contacts?filter=${encodeURIComponent(JSON.stringify({ field: 'firstName', op: 'equals', value: 'Dee' }))}`,
    );
    await expect.poll(() => rows(page).count()).toBe(3);
    await rowWith(page, 'dee@one.test').getByRole('checkbox').check();
    await rowWith(page, 'dee@two.test').getByRole('checkbox').check();
    await page.getByTestId('selected-count').filter({ hasText: '2 selected' }).waitFor();
    await page.getByTestId('merge-selected').click();
    const dialog = mergeDialog(page, 2);
    await dialog.locator('[data-testid="merge-body"][data-ready="true"]').waitFor();
    const company = dialog.getByRole('radiogroup', { name: 'Company', exact: true });
    await company.getByRole('radio', { name: /^Old Co/ }).click();

    // Someone else merges the first contact into another one before this merge is sent.
    const elsewhere = await page.request.post('/api/v1/contacts/merge', {
      data: { primaryId: f, mergeIds: [d] },
    });
    expect(elsewhere.status()).toBe(200);
    await dialog.getByRole('button', { name: 'Merge 2 contacts' }).click();
    const error = dialog.getByTestId('merge-error');
    await error.filter({ hasText: 'One of these contacts changed; reload the preview' }).waitFor();
    expect(await error.textContent()).toContain('Contact 2, Dee Dup: was merged into contact');
    // Nothing the person picked is lost.
    expect(await company.locator('[role="radio"][aria-checked="true"]').getAttribute('aria-label')).toBe(
      'Old Co (contact 2)',
    );
    await shot(page, '103-merge-conflict');

    // The fresh preview says what happened; the merge cannot be sent as it was.
    await error.getByRole('button', { name: 'Reload the preview' }).click();
    await error.filter({ hasText: 'One of these contacts was merged into another' }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Merge 2 contacts' }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows the API’s refusal when an agent merges contacts it does not own', async () => {
    const { page } = owner;
    const user = await page.request.post('/api/v1/users', {
      data: { name: AGENT.name, email: AGENT.email, password: AGENT.password, role: 'agent' },
    });
    expect(user.status()).toBe(201);
    const agentId = ((await user.json()) as { id: string }).id;
    // The agent owns one contact and sees another through a share; C it cannot see at all.
    const [own] = await createContacts(page, [
      {
        firstName: 'Ada',
        lastName: 'Agentowned',
        ownerId: agentId,
        points: [{ channel: 'email', value: 'ada@own.test' }],
      },
    ]);
    expect(
      (await page.request.post(`/api/v1/contacts/${a}/shares`, { data: { userId: agentId } })).status(),
    ).toBe(200);

    const agent = await h.newPage();
    try {
      await signIn(agent.page, AGENT.email, AGENT.password);
      const ap = agent.page;
      await expect.poll(() => rows(ap).count()).toBe(2);
      await rowWith(ap, 'ada@own.test').getByRole('checkbox').check();
      await rowWith(ap, 'nora@quinn.co').getByRole('checkbox').check();
      await ap.getByTestId('selected-count').filter({ hasText: '2 selected' }).waitFor();
      await ap.getByTestId('merge-selected').click();

      const dialog = mergeDialog(ap, 2);
      const error = dialog.getByTestId('merge-error');
      await error.waitFor();
      const text = await error.textContent();
      expect(text).toContain('You cannot merge these contacts');
      // Named as the table showed it (the newest first): the shared contact is the second.
      expect(text).toContain('Contact 2, Nora Quinn: Agents can merge only contacts they own');
      expect(await dialog.getByRole('button', { name: 'Merge 2 contacts' }).isDisabled()).toBe(true);
      await shot(ap, '104-merge-agent-refused');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });

      // A contact the agent cannot see is not found, and nothing of it comes back.
      const res = await ap.request.get(`/api/v1/contacts/merge-preview?ids=${own},${c}`);
      expect(res.status()).toBe(404);
      const body = await res.text();
      expect(body).not.toContain('Buyer');
      expect(body).not.toContain('nora.q@mail.test');
      // Nor can it merge it.
      const merge = await ap.request.post('/api/v1/contacts/merge', {
        data: { primaryId: own, mergeIds: [c] },
      });
      expect(merge.status()).toBe(404);
    } finally {
      await agent.context.close();
    }
  });
});
