import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { createContacts, notified, setUpWorkspace, shot, startHarness, type Harness } from './harness';

const column = (page: Page, title: string) =>
  page.locator(`[data-testid="activity-column"][data-column="${title}"]`);

describe('the Activity tab', () => {
  let h: Harness;
  let owner: { context: BrowserContext; page: Page };
  let id = '';

  beforeAll(async () => {
    h = await startHarness();
    owner = await h.newPage();
    await setUpWorkspace(owner.page);
    [id] = await createContacts(owner.page, [
      {
        firstName: 'Marta',
        lastName: 'Kovacs',
        points: [{ channel: 'phone', label: 'mobile', value: '+1 415 555 0188' }],
      },
    ]);
    const post = async (path: string, data: object) => {
      const res = await owner.page.request.post(path, { data });
      if (!res.ok()) throw new Error(`${path} answered ${res.status()}: ${await res.text()}`);
    };
    await post('/api/v1/conversations/inbound', {
      conversationId: 'wa-1001',
      channel: 'whatsapp',
      from: '(415) 555-0188',
      message: 'Is my router covered by the warranty?',
      url: 'https://chat.example/conversations/wa-1001',
    });
    await post('/api/v1/activities', {
      contactId: id,
      kind: 'call',
      channel: 'voice',
      direction: 'outbound',
      summary: 'Explained the warranty terms',
    });
    await post('/api/v1/activities', {
      contactId: id,
      kind: 'page_visit',
      channel: 'web',
      summary: 'Visited /support/warranty',
      occurredAt: new Date(Date.now() - 3600_000).toISOString(),
    });
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    await shot(owner.page, `FAILED-${ctx.task.name.replace(/\W+/g, '-')}`, { fullPage: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows inquiries, engagement and the journey in three columns, and takes notes', async () => {
    const { page } = owner;
    await page.goto(`/contacts/${id}`);
    await page.getByRole('tab', { name: 'Activity' }).click();
    await page.waitForURL('**?tab=activity');

    const inquiries = column(page, 'Inquiry history');
    await inquiries.getByText('Is my router covered by the warranty?').waitFor();
    expect(await inquiries.getByRole('link', { name: 'Open conversation' }).getAttribute('href')).toBe(
      'https://chat.example/conversations/wa-1001',
    );
    await column(page, 'Engagement').getByText('Explained the warranty terms').waitFor();
    await column(page, 'Journey').getByText('Visited /support/warranty').waitFor();

    await page.getByLabel('New note').fill('Prefers WhatsApp over calls');
    await page.getByRole('button', { name: 'Add note' }).click();
    await notified(page, 'The note is on the contact’s timeline.');
    const notes = page.getByTestId('notes');
    await notes.getByText('Prefers WhatsApp over calls').waitFor();
    expect(await notes.getByText('Olivia Owner').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('New note').inputValue()).toBe('');
    await shot(page, '130-activity-tab', { fullPage: true });

    // The tab is in the address: a reload stays on it.
    await page.reload();
    await column(page, 'Journey').getByText('Visited /support/warranty').waitFor();
  });
});
