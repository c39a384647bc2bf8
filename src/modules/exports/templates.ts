// An import template: the header row of an export (so the import maps every column by itself)
// and one example row showing how each column is written. Users fill it and upload it.
import { Readable } from 'node:stream';
import type { ContactRow } from '../../db/types.js';
import type { PointKind, StreamedContact } from '../contacts/stream.js';
import { defaultColumns, type ExportField } from './columns.js';
import { csvFile } from './writers/csv.js';
import { xlsxFile } from './writers/xlsx.js';

export type TemplateFormat = 'csv' | 'xlsx';

const TEMPLATE_POINTS: PointKind[] = [
  { channel: 'phone', label: 'mobile' },
  { channel: 'phone', label: 'work' },
  { channel: 'email', label: 'work' },
  { channel: 'email', label: 'home' },
];

const EXAMPLE_POINTS = [
  ['phone', 'mobile', '+44 7400 123456'],
  ['phone', 'work', '+44 20 7946 0958'],
  ['email', 'work', 'ada@engines.example'],
  ['email', 'home', 'ada@home.example'],
] as const;

/** An example value for a custom field of each type. */
function exampleCustom(f: ExportField): unknown {
  const options = (f.options as string[] | null) ?? [];
  switch (f.type) {
    case 'number':
      return 42;
    case 'date':
      return '2026-01-31';
    case 'datetime':
      return '2026-01-31T09:30:00Z';
    case 'checkbox':
      return true;
    case 'select':
      return options[0] ?? null;
    case 'multiselect':
      return options.slice(0, 2);
    default:
      return 'Example';
  }
}

function exampleContact(fields: readonly ExportField[]): StreamedContact {
  const now = new Date();
  const contact: ContactRow = {
    workspace_id: '00000000-0000-0000-0000-000000000000',
    id: '00000000-0000-0000-0000-000000000000',
    first_name: 'Ada',
    blocked: false,
    blocked_reason: null,
    last_name: 'Lovelace',
    type: 'customer',
    level: 'primary',
    company: 'Analytical Engines',
    job_title: 'CTO',
    department: 'Research',
    birth_date: '1985-12-10',
    language: 'en',
    time_zone: 'Europe/London',
    street: "12 St James's Square",
    city: 'London',
    state: null,
    zip: 'SW1Y 4JH',
    country: 'GB',
    tags: ['vip', 'newsletter'],
    owner_id: null,
    created_by: null,
    source: 'import',
    external_id: 'CRM-1842',
    custom: Object.fromEntries(fields.map((f) => [f.key, exampleCustom(f)])),
    active: true,
    search_text: '',
    version: 1,
    created_at: now,
    updated_at: now,
  };
  const points = EXAMPLE_POINTS.map(([channel, label, value], position) => ({
    workspace_id: contact.workspace_id,
    id: contact.id,
    contact_id: contact.id,
    channel,
    label,
    value,
    normalized: value,
    status: 'active',
    position,
    created_at: now,
  }));
  return { contact, points, ownerEmail: null };
}

async function* onePage(page: StreamedContact[]) {
  yield page;
}

/** The template file's bytes. */
export async function buildImportTemplate(
  format: TemplateFormat,
  customFields: readonly ExportField[],
): Promise<Buffer> {
  const columns = defaultColumns({ pointKinds: TEMPLATE_POINTS, fields: customFields });
  const rows = onePage([exampleContact(customFields)]);
  const stream = format === 'csv' ? Readable.from(csvFile(columns, rows)) : xlsxFile(columns, rows);
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}
