import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, FileChooser, Page } from 'playwright-core';
import { pruneImportFiles } from '../../src/modules/imports/retention.js';
import { field, OWNER, rows, search, setUpWorkspace, shot, startHarness, type Harness } from './harness';

// A small limit, so the "file too large" answer can be seen without sending 200 MB.
const LIMIT = 1024 * 1024;

// Three good rows and three bad ones: an invalid email, an impossible date, a short row.
const PEOPLE = [
  'First Name,Last Name,E-mail,Mobile,Birthday,Plan level,Favourite colour,Department',
  'Ada,Lovelace,ada@engines.example,+44 20 7946 0958,1985-12-10,gold,blue,Research',
  'Alan,Turing,alan@bletchley.example,+44 20 7946 0001,1982-06-23,silver,green,Codes',
  'Grace,Hopper,grace@navy.example,(212) 555-0100,1986-12-09,gold,red,Navy',
  'Bad,Email,not-an-email,,1990-01-01,gold,red,Sales',
  'Bad,Date,baddate@example.com,,31/31/1990,gold,red,Sales',
  'Short,Row',
].join('\n');

/** Drops a file on the drop area as a person dragging it from the desktop would. */
async function dropFile(page: Page, name: string, content: string, type = 'text/csv') {
  const transfer = await page.evaluateHandle(
    ({ name, content, type }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content], name, { type }));
      return dt;
    },
    { name, content, type },
  );
  await page.getByTestId('drop-area').dispatchEvent('dragenter', { dataTransfer: transfer });
  await page.getByTestId('drop-area').dispatchEvent('drop', { dataTransfer: transfer });
}

const mappingRow = (page: Page, header: string) =>
  page.getByTestId('mapping-row').filter({ has: page.getByText(header, { exact: true }) });

/** Picks a target in a column's "Import as" select. */
async function mapColumn(page: Page, header: string, target: string) {
  const select = mappingRow(page, header).getByLabel(/^Import column/);
  await select.click();
  await select.fill(target);
  await page.getByRole('option', { name: target, exact: true }).click();
}

const counts = async (page: Page) => {
  const read = async (key: string) =>
    Number(await page.getByTestId(`count-${key}`).getByTestId('count-value').textContent());
  return {
    created: await read('created'),
    updated: await read('updated'),
    unchanged: await read('unchanged'),
    failed: await read('failed'),
  };
};

/**
 * Presses Enter on the focused drop area and answers the file chooser it opens. Under load (two
 * browser test files at once on two cores) the chooser has failed to open now and then although
 * the area held the focus, so the key is pressed again, up to three times; the picker must open.
 */
async function openPickerWithEnter(page: Page): Promise<FileChooser> {
  for (let attempt = 1; ; attempt++) {
    await page.getByTestId('drop-area').focus();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'drop-area');
    try {
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser', { timeout: 4000 }),
        page.keyboard.press('Enter'),
      ]);
      return chooser;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

describe('import wizard', () => {
  let h: Harness;
  let owner: { context: BrowserContext; page: Page };
  let firstImport = '';
  let errorFile = '';

  beforeAll(async () => {
    h = await startHarness({ importMaxBytes: LIMIT });
    owner = await h.newPage();
    const { page } = owner;
    // The workspace and a custom field through the API: the contacts and admin tests walk those screens.
    await setUpWorkspace(page);
    const plan = await page.request.post('/api/v1/fields', {
      data: { key: 'plan', label: 'Plan', type: 'select', options: ['gold', 'silver'] },
    });
    expect(plan.status()).toBe(201);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    await shot(owner.page, `FAILED-imports-${ctx.task.name.replace(/\W+/g, '-')}`, { fullPage: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('starts from an empty imports page and refuses files it cannot read', async () => {
    const { page } = owner;
    await page.goto('/contacts');
    await page.getByRole('navigation').getByRole('link', { name: 'Imports' }).click();
    await page.waitForURL('**/imports');
    await page.getByText('No imports yet').waitFor();
    await shot(page, '40-imports-empty');
    await page.getByRole('link', { name: 'Import contacts' }).click();
    await page.waitForURL('**/imports/new');

    // The template links answer with files.
    for (const format of ['csv', 'xlsx']) {
      const link = page.getByRole('link', { name: format === 'csv' ? 'CSV' : 'Excel', exact: true });
      const res = await page.request.get((await link.getAttribute('href'))!);
      expect(res.status()).toBe(200);
    }

    // Too large for the server's limit: its own message, not a generic failure. The drop area
    // opens the file picker from the keyboard.
    // Once the wizard's look-ups have answered, so no re-render takes the focus between the two.
    await page.waitForLoadState('networkidle');
    const chooser = await openPickerWithEnter(page);
    await chooser.setFiles({
      name: 'huge.csv',
      mimeType: 'text/csv',
      buffer: Buffer.alloc(LIMIT + 1024, 'a,b\n'),
    });
    await page.getByTestId('upload-error').getByText('The file is larger than the limit of 1 MB').waitFor();
    // A picture is not a contacts file.
    await page.getByTestId('import-file-input').setInputFiles({
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'),
    });
    await page.getByTestId('upload-error').getByText('it looks like an image').waitFor();
    await shot(page, '41-upload-refused');
  });

  it('uploads a dropped CSV and previews it, marking the short row', async () => {
    const { page } = owner;
    await dropFile(page, 'people.csv', PEOPLE);
    await page.getByTestId('wizard-step-2').waitFor();
    const facts = await page.getByTestId('preview-facts').textContent();
    expect(facts).toContain('people.csv');
    expect(facts).toContain('CSV');
    expect(facts).toContain('UTF-8');
    expect(facts).toContain('comma-separated');
    expect(facts).toContain('6 rows');
    expect(await page.getByTestId('preview-row').count()).toBe(6);
    expect(await page.getByTestId('row-problem').textContent()).toContain('Row 7: expected 8 cells, found 2');
    expect(await field(page, 'First row has headers').isChecked()).toBe(true);
    await shot(page, '42-preview', { fullPage: true });

    // Read without headers: the header line becomes a row; back again.
    await field(page, 'First row has headers').click({ force: true });
    await page.locator('[data-testid="preview-row"]').filter({ hasText: 'Favourite colour' }).waitFor();
    expect(await page.getByTestId('preview-row').count()).toBe(7);
    await field(page, 'First row has headers').click({ force: true });
    await page.locator('[data-testid="preview-row"]').filter({ hasText: 'Favourite colour' }).waitFor({
      state: 'detached',
    });
    await page.getByRole('button', { name: 'Map columns', exact: true }).click();
  });

  it('maps columns: suggestions, highlighted unknown columns, changes by hand', async () => {
    const { page } = owner;
    await page.getByTestId('wizard-step-3').waitFor();
    const select = (header: string) => mappingRow(page, header).getByLabel(/^Import column/);
    // Recognised by itself.
    expect(await select('E-mail').inputValue()).toBe('Email (other)');
    expect(await select('Mobile').inputValue()).toBe('Phone (mobile)');
    expect(await select('Birthday').inputValue()).toBe('Birth date');
    expect(await select('Department').inputValue()).toBe('Department');
    // Not recognised: highlighted and ignored until someone decides.
    const unknown = mappingRow(page, 'Plan level');
    expect(await unknown.getAttribute('data-unmapped')).toBe('true');
    await unknown.getByText('Not mapped').waitFor();
    expect(await select('Plan level').inputValue()).toBe('Ignore');
    expect(await mappingRow(page, 'Favourite colour').getAttribute('data-unmapped')).toBe('true');
    await shot(page, '43-mapping', { fullPage: true });

    // A field taken by one column is shown as used by it in the others.
    await select('Favourite colour').click();
    await select('Favourite colour').fill('Birth date');
    const taken = page.getByRole('option', { name: /Birth date/ });
    expect(await taken.getAttribute('aria-disabled')).toBe('true');
    expect(await taken.textContent()).toContain('Used by column 5 (Birthday)');
    await shot(page, '44-mapping-taken');
    await page.keyboard.press('Escape');

    await mapColumn(page, 'Plan level', 'Plan');
    expect(await select('Plan level').inputValue()).toBe('Plan');
    expect(await mappingRow(page, 'Plan level').getAttribute('data-unmapped')).toBeNull();
    await mapColumn(page, 'Department', 'Ignore');
    expect(await select('Department').inputValue()).toBe('Ignore');
    expect(await page.getByTestId('mapping-summary').textContent()).toContain('6 of 8 columns');
    await page.getByRole('button', { name: 'Set options', exact: true }).click();
  });

  it('sets options and follows the import to its summary', async () => {
    const { page } = owner;
    await page.getByTestId('wizard-step-4').waitFor();
    expect(await page.getByRole('combobox', { name: 'Find existing contacts by' }).inputValue()).toBe(
      'Email address',
    );
    expect(await page.getByRole('combobox', { name: 'Owner' }).inputValue()).toContain(OWNER.name);
    await page.getByRole('combobox', { name: 'Tags to add' }).fill('spring-fair');
    await page.getByRole('combobox', { name: 'Tags to add' }).press('Enter');
    await shot(page, '45-options', { fullPage: true });
    await page.getByRole('button', { name: 'Start import', exact: true }).click();
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
    firstImport = new URL(page.url()).pathname;
    await page.getByTestId('import-summary').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-result').textContent()).toContain('3 of 6 records imported');
    expect(await counts(page)).toEqual({ created: 3, updated: 0, unchanged: 0, failed: 3 });
    expect(await page.getByTestId('import-settings').textContent()).toContain('spring-fair');
    await shot(page, '46-summary', { fullPage: true });
  });

  it('downloads the error file with the failed rows and their reasons', async () => {
    const { page } = owner;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download error file' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('people-errors.csv');
    errorFile = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = errorFile.trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'First Name,Last Name,E-mail,Mobile,Birthday,Plan level,Favourite colour,Department,Errors',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('not-an-email');
    expect(lines[1]).toContain('is not a valid email address');
    expect(lines[2]).toContain('31/31/1990');
    expect(lines[3]).toContain('expected 8 cells, found 2');
  });

  it('takes the fixed file with the same mapping and imports every row', async () => {
    const { page } = owner;
    await page.getByRole('link', { name: 'Upload the fixed file' }).click();
    await page.waitForURL('**/imports/new');
    const fixed = errorFile
      .replace('not-an-email', 'bad.email@example.com')
      .replace('31/31/1990', '1990-12-31')
      .replace('Short,Row,', 'Short,Row,short.row@example.com');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByTestId('drop-area').click(),
    ]);
    await chooser.setFiles({ name: 'people-fixed.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
    await page.getByTestId('wizard-step-2').waitFor();
    expect(await page.getByTestId('preview-problems').count()).toBe(0);
    await page.getByRole('button', { name: 'Map columns', exact: true }).click();
    await page
      .getByTestId('mapping-reused')
      .getByText('Mapping reused from the import of people.csv')
      .waitFor();
    const select = (header: string) => mappingRow(page, header).getByLabel(/^Import column/);
    expect(await select('Plan level').inputValue()).toBe('Plan');
    expect(await select('Department').inputValue()).toBe('Ignore');
    expect(await select('Errors').inputValue()).toBe('Ignore');
    expect(await page.getByTestId('mapping-row').and(page.locator('[data-unmapped]')).count()).toBe(0);
    await shot(page, '47-mapping-reused', { fullPage: true });
    await page.getByRole('button', { name: 'Set options', exact: true }).click();
    await page.getByRole('button', { name: 'Start import', exact: true }).click();
    await page.getByTestId('import-summary').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-result').textContent()).toContain('3 of 3 records imported');
    expect(await counts(page)).toEqual({ created: 3, updated: 0, unchanged: 0, failed: 0 });
    expect(await page.getByRole('link', { name: 'Download error file' }).count()).toBe(0);
  });

  it('shows the imported people in the contacts list', async () => {
    const { page } = owner;
    await page.getByRole('navigation').getByRole('link', { name: 'Contacts' }).click();
    await rows(page).first().waitFor();
    expect(await rows(page).count()).toBe(6);
    await search(page, 'Lovelace');
    expect(await rows(page).count()).toBe(1);
    expect(await rows(page).first().textContent()).toContain('Ada Lovelace');
    await search(page, 'bad.email@example.com');
    expect(await rows(page).first().textContent()).toContain('Bad Email');
    const found = await (await page.request.get('/api/v1/contacts?q=Lovelace')).json();
    expect(found.items[0].tags).toEqual(['spring-fair']);
    expect(found.items[0].custom).toEqual({ plan: 'gold' });
    expect(found.items[0].department).toBeNull();
  });

  it('imports contacts pasted as text', async () => {
    const { page } = owner;
    await page.goto('/imports/new');
    await page.getByRole('tab', { name: 'Paste contacts' }).click();
    await field(page, 'Contacts, one per line').fill(
      'Katherine Johnson <katherine@nasa.example>, +1 757 555 0100\nDorothy Vaughan dorothy@nasa.example',
    );
    await shot(page, '48-paste');
    await page.getByRole('button', { name: 'Read contacts' }).click();
    await page.getByTestId('wizard-step-2').waitFor();
    expect(await page.getByTestId('preview-row').count()).toBe(2);
    expect(await page.getByTestId('preview-table').textContent()).toContain('dorothy@nasa.example');
    await page.getByRole('button', { name: 'Map columns', exact: true }).click();
    const select = (header: string) => mappingRow(page, header).getByLabel(/^Import column/);
    expect(await select('Name').inputValue()).toBe('Full name');
    expect(await select('Email').inputValue()).toBe('Email (other)');
    await page.getByRole('button', { name: 'Set options', exact: true }).click();
    await page.getByRole('button', { name: 'Start import', exact: true }).click();
    await page.getByTestId('import-summary').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-name').textContent()).toBe('Pasted contacts');
    expect(await counts(page)).toEqual({ created: 2, updated: 0, unchanged: 0, failed: 0 });
  });

  it('lists every import in the queue, newest first', async () => {
    const { page } = owner;
    await page.getByRole('navigation').getByRole('link', { name: 'Imports' }).click();
    await page.waitForURL('**/imports');
    const list = page.getByTestId('import-row');
    await list.first().waitFor();
    expect(await list.count()).toBe(3);
    const texts = await list.allTextContents();
    expect(texts[0]).toContain('Pasted contacts');
    expect(texts[1]).toContain('people-fixed.csv');
    expect(texts[2]).toContain('people.csv');
    for (const t of texts) expect(t).toContain('Processed');
    await shot(page, '49-imports-queue');
    await list.nth(2).getByRole('link', { name: 'people.csv' }).click();
    await page.waitForURL(`**${firstImport}`);
    await page.getByTestId('import-summary').waitFor();
  });

  it('fills a contact list from a file: ?listId= preselects it, an entry column sets each entry', async () => {
    const { page } = owner;
    const campaign = await page.request.post('/api/v1/campaigns', {
      data: { name: 'Spring calls', channels: ['voice'] },
    });
    expect(campaign.status()).toBe(201);
    const created = await page.request.post(`/api/v1/campaigns/${(await campaign.json()).id}/lists`, {
      data: { name: 'Leads' },
    });
    expect(created.status()).toBe(201);
    const listId = (await created.json()).id;

    // Where the outbound list page's "From a file" leads.
    await page.goto(`/imports/new?listId=${listId}`);
    await dropFile(
      page,
      'leads.csv',
      'Name,Phone,Priority\nMary Jackson,+1 757 555 0101,5\nChristine Darden,+1 757 555 0102,\n',
    );
    await page.getByTestId('wizard-step-2').waitFor();
    await page.getByRole('button', { name: 'Map columns', exact: true }).click();
    const priority = mappingRow(page, 'Priority').getByLabel(/^Import column/);
    await priority.click();
    await priority.fill('Entry priority');
    await page.getByRole('option', { name: /^Entry priority/ }).click();
    expect(await priority.inputValue()).toBe('Entry priority');
    await page.getByRole('button', { name: 'Set options', exact: true }).click();
    const listSelect = page.getByRole('combobox', { name: 'Add to a contact list' });
    await expect.poll(() => listSelect.inputValue()).toBe('Spring calls › Leads');
    await shot(page, '50-import-into-list', { fullPage: true });
    await page.getByRole('button', { name: 'Start import', exact: true }).click();
    await page.getByTestId('import-summary').waitFor({ timeout: 30_000 });
    expect(await counts(page)).toEqual({ created: 2, updated: 0, unchanged: 0, failed: 0 });
    expect(await page.getByTestId('count-addedToList').getByTestId('count-value').textContent()).toBe('2');
    expect(await page.getByTestId('import-list').textContent()).toBe('Leads');
    await shot(page, '51-import-into-list-summary', { fullPage: true });

    const entries = await (await page.request.get(`/api/v1/lists/${listId}/entries`)).json();
    const byName = Object.fromEntries(entries.items.map((e: any) => [e.contact.displayName, e.priority]));
    expect(byName).toEqual({ 'Mary Jackson': 5, 'Christine Darden': 0 });
  });

  it('says when a file was deleted after the kept days, and offers to upload an unstarted one again', async () => {
    const { page } = owner;
    const upload = await page.request.post('/api/v1/imports?fileName=forgotten.csv', {
      data: 'Name,Email\nKatherine Johnson,katherine@nasa.example\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(upload.status()).toBe(201);
    const forgotten = (await upload.json()).id;
    // Eight days on, with files kept seven.
    await pruneImportFiles(h.db, 7, { now: new Date(Date.now() + 8 * 86_400_000) });

    await page.goto(firstImport);
    await page.getByTestId('import-summary').waitFor();
    expect(await page.getByTestId('import-file-deleted').textContent()).toMatch(
      /file was deleted on \d{4}-\d{2}-\d{2}.*error file stay/,
    );
    await shot(page, '52-import-file-deleted-summary', { fullPage: true });
    await page.goto(`/imports/${forgotten}`);
    const gone = page.getByTestId('import-file-deleted');
    expect(await gone.textContent()).toContain('has been deleted');
    await shot(page, '53-import-file-deleted-upload');
    await gone.getByRole('link', { name: 'Upload again' }).click();
    await page.waitForURL('**/imports/new');
  });
});
