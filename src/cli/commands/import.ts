// `contacts import FILE`: upload, map the columns, start, and optionally follow it to the end.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { Option, type Command } from 'commander';
import type { ImportTarget } from '../../modules/imports/mapping.js';
import { ON_MATCH, type MatchKey } from '../../modules/imports/enums.js';
import type { ImportStart } from '../../modules/imports/options.js';
import type { ImportPreview, ImportSummary } from '../../modules/imports/schema.js';
import { DATE_FORMATS } from '../../modules/workspaces/date-formats.js';
import { apiFor, cliPrefix } from '../context.js';
import { ApiError, UsageError } from '../errors.js';
import { bytes, clip, count } from '../format.js';
import type { Api } from '../http.js';
import { applyOverrides, FIELD_HELP, parseOverride, type MapOverride } from '../mapping.js';
import { targetName } from '../targets.js';
import { reportEnd, waitForImport } from '../wait.js';
import { IMPORT_SUMMARY } from './import-entry.js';

/** `--key` values as the issue names them, and the API's matchBy for each. */
const MATCH_BY: Record<string, MatchKey> = {
  email: 'email',
  phone: 'phone',
  external_id: 'externalId',
  none: 'none',
};

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv',
  '.tsv': 'text/tab-separated-values',
  '.txt': 'text/plain',
  '.vcf': 'text/vcard',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

interface ImportOptions {
  map?: string[];
  key?: string;
  onMatch?: (typeof ON_MATCH)[number];
  group?: string;
  tag?: string[];
  dateFormat?: (typeof DATE_FORMATS)[number];
  country?: string;
  sheet?: string;
  generateIds?: boolean;
  wait?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const collectTags = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean),
];

export function importCommand(program: Command) {
  program
    .command('import')
    .summary(IMPORT_SUMMARY)
    .description(
      'Import contacts from a file (CSV, TSV, text, Excel .xlsx or vCard). The file is uploaded, its ' +
        'columns are mapped to fields (the server suggests a mapping; --map changes single columns), the ' +
        'mapping is printed, and the import runs on the server. With --wait the command follows it to the end.',
    )
    .argument('<file>', 'the file to import')
    .option(
      '--map <column=field>',
      'map a column (header name, any case, or 1-based number) to a field; repeatable',
      collect,
    )
    .addOption(
      new Option(
        '--key <key>',
        'how a row finds an existing contact (default: external_id when a column is mapped to externalId, else email when one is mapped, else none)',
      ).choices(Object.keys(MATCH_BY)),
    )
    .addOption(
      new Option(
        '--on-match <action>',
        'a row that matches a contact: update it, skip the row, or create another',
      ).choices(ON_MATCH),
    )
    .option(
      '--tag <tag>',
      'add this tag to every imported contact; repeatable, or comma-separated',
      collectTags,
    )
    .option('--group <name>', 'add the imported contacts to this static group (its name or id)')
    .addOption(
      new Option(
        '--date-format <format>',
        'how dates in the file are written (ISO dates always work)',
      ).choices(DATE_FORMATS),
    )
    .option('--country <cc>', 'country of phone numbers written without +code (default: the workspace’s)')
    .option('--sheet <name>', 'Excel files: the worksheet to import (default: the first)')
    .option('--generate-ids', 'give rows without an external id the next free number')
    .option('--wait', 'follow the import to its end with a progress bar; Ctrl-C cancels it')
    .addHelpText(
      'after',
      [
        '',
        'Fields for --map:',
        ...FIELD_HELP.map((l) => `  ${l}`),
        '',
        'Note: --key is the match key; the API key is --api-key (or CONTACTS_API_KEY).',
        '',
        'Exit codes with --wait: 0 all rows imported, 3 some rows failed (see "contacts imports errors"),',
        '1 the import stopped (error or cancelled) or the server refused, 2 wrong command line, 130 Ctrl-C.',
        '',
        'Examples:',
        '  contacts import leads.csv --wait',
        '  contacts import leads.csv --map "Mobile=phone:mobile" --map Notes=ignore --map 7=custom.plan',
        '  contacts import crm.xlsx --sheet Customers --key external_id --on-match skip --tag crm --wait',
        '  contacts import old.csv --date-format DD/MM/YYYY --country GB --generate-ids',
      ].join('\n'),
    )
    .action((file: string, opts: ImportOptions, cmd: Command) => runImport(file, opts, cmd));
}

async function runImport(file: string, opts: ImportOptions, cmd: Command) {
  const overrides = (opts.map ?? []).map(parseOverride);
  const api = apiFor(cmd);
  const groupId = opts.group === undefined ? undefined : await findGroup(api, opts.group);
  const size = fileSize(file);
  await checkCustomKeys(api, overrides);

  const preview = await upload(api, file, size, opts.sheet);
  let started: ImportSummary;
  try {
    const { mapping, chosen } = applyOverrides(preview.suggestedMapping.mapping, preview.headers, overrides);
    printMapping(preview, mapping, chosen);
    started = await start(api, preview, mapping, { ...opts, group: groupId });
  } catch (err) {
    // Nothing was imported: do not leave the uploaded file behind.
    await api.json('DELETE', `/imports/${preview.id}`).catch(() => {});
    throw err;
  }

  const cli = cliPrefix(cmd);
  if (!opts.wait) {
    process.stdout.write(
      `\nImport ${started.id} started.\n` +
        `Follow it:   ${cli} imports show ${started.id}\n` +
        `Or wait:     ${cli} imports wait ${started.id}\n`,
    );
    return;
  }
  const end = await waitForImport(api, started.id, `\nImport ${started.id} started.\n`);
  process.exitCode = reportEnd(end, cli);
}

function fileSize(file: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`file not found: ${file}`);
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (!stat.isFile()) throw new UsageError(`${file} is not a file`);
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  return stat.size;
}

/** A static group by id or name (any case), or a usage error listing the static groups there are. */
async function findGroup(api: Api, wanted: string): Promise<string> {
  const { items } = await api.get<{ items: { id: string; name: string; type: string }[] }>('/groups');
  const statics = items.filter((g) => g.type === 'static');
  const found = statics.find((g) => g.id === wanted || g.name.toLowerCase() === wanted.toLowerCase());
  if (found) return found.id;
  const dynamic = items.some(
    (g) => g.type === 'dynamic' && (g.id === wanted || g.name.toLowerCase() === wanted.toLowerCase()),
  );
  throw new UsageError(
    dynamic
      ? `--group: "${wanted}" is a dynamic group: its members come from its filter`
      : `--group: no group named "${wanted}"`,
    statics.length
      ? ['Static groups of this workspace:', ...statics.map((g) => `  ${g.name}  (${g.id})`)]
      : ['This workspace has no static groups yet (web app: Groups, or POST /api/v1/groups).'],
  );
}

/** Custom fields named with --map must exist: say so before uploading, with the keys there are. */
async function checkCustomKeys(api: Api, overrides: MapOverride[]) {
  const wanted = overrides.flatMap((o) => (o.target.kind === 'custom' ? [o.target.key] : []));
  if (wanted.length === 0) return;
  const { items } = await api.get<{ items: { key: string; label: string }[] }>('/fields');
  const keys = new Set(items.map((f) => f.key));
  const missing = wanted.filter((k) => !keys.has(k));
  if (missing.length === 0) return;
  throw new UsageError(
    `--map: no custom field has the key ${missing.map((k) => `"${k}"`).join(', ')}`,
    items.length
      ? ['Custom fields of this workspace:', ...items.map((f) => `  custom.${f.key}  (${f.label})`)]
      : ['This workspace has no custom fields yet (web app: Settings → Fields, or POST /api/v1/fields).'],
  );
}

async function upload(api: Api, file: string, size: number, sheet?: string): Promise<ImportPreview> {
  const name = path.basename(file);
  const stream = Readable.toWeb(fs.createReadStream(file)) as NodeReadableStream<Uint8Array>;
  const preview = await api.json<ImportPreview>('POST', '/imports', {
    query: { fileName: name, sheet },
    body: stream as ReadableStream<Uint8Array>,
    headers: {
      'content-type': CONTENT_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream',
      'content-length': String(size),
    },
  });
  const how = [
    preview.kind,
    preview.sheet && `sheet "${preview.sheet}"`,
    preview.delimiter && `${preview.delimiter}-separated`,
    preview.encoding,
    preview.rowsEstimate !== null && `~${count(preview.rowsEstimate)} rows`,
  ].filter(Boolean);
  process.stdout.write(`Uploaded ${name} (${bytes(size)}): ${how.join(', ')}\n`);
  for (const w of preview.warnings) process.stdout.write(`  warning: ${w}\n`);
  return preview;
}

function printMapping(preview: ImportPreview, mapping: ImportTarget[], chosen: Set<number>) {
  const notes = new Map(preview.suggestedMapping.notes.map((n) => [n.column, n.message]));
  const headers = preview.headers.map((h) => clip(h === '' ? '(no header)' : h, 40));
  const width = Math.max(...headers.map((h) => h.length));
  const lines = mapping.map((t, i) => {
    const why = chosen.has(i) ? '(--map)' : t.kind === 'ignore' ? (notes.get(i) ?? 'nothing matched') : '';
    const target = targetName(t);
    return `  ${String(i + 1).padStart(3)}  ${headers[i].padEnd(width)}  → ${why ? `${target.padEnd(16)} ${why}` : target}`;
  });
  const unmapped = mapping.flatMap((t, i) => (t.kind === 'ignore' && !chosen.has(i) ? [i] : []));
  process.stdout.write(`\nColumns (column → field):\n${lines.join('\n')}\n`);
  // Notes on columns the server mapped, such as "Mapping reused from the import of …"; notes on
  // columns it left out are shown beside them above.
  for (const n of preview.suggestedMapping.notes)
    if (preview.suggestedMapping.mapping[n.column]?.kind !== 'ignore')
      process.stdout.write(`Note: ${n.message}\n`);
  if (unmapped.length > 0) {
    const names = unmapped.map((i) => `${i + 1} "${headers[i]}"`).join(', ');
    process.stdout.write(`Unmapped columns (not imported): ${names}\n`);
    process.stdout.write('  Map one with --map "COLUMN=FIELD" (see contacts import --help).\n');
  }
}

async function start(
  api: Api,
  preview: ImportPreview,
  mapping: ImportTarget[],
  opts: ImportOptions,
): Promise<ImportSummary> {
  const body: Partial<ImportStart> = {
    mapping,
    matchBy: opts.key ? MATCH_BY[opts.key] : undefined,
    onMatch: opts.onMatch,
    tags: opts.tag?.length ? opts.tag : undefined,
    dateFormat: opts.dateFormat,
    defaultCountry: opts.country,
    sheet: opts.sheet,
    generateExternalIds: opts.generateIds || undefined,
    groupId: opts.group,
  };
  try {
    return await api.post<ImportSummary>(`/imports/${preview.id}/start`, body);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    // Name columns as the user knows them, and the options by their flags.
    throw err.withPaths((p) => {
      const column = /^mapping\.(\d+)$/.exec(p);
      if (column) return `column ${Number(column[1]) + 1} ("${preview.headers[Number(column[1])] ?? ''}")`;
      return FLAGS[p.split('.')[0]] ?? p;
    });
  }
}

const FLAGS: Record<string, string> = {
  mapping: '--map',
  matchBy: '--key',
  onMatch: '--on-match',
  tags: '--tag',
  dateFormat: '--date-format',
  defaultCountry: '--country',
  sheet: '--sheet',
  generateExternalIds: '--generate-ids',
  groupId: '--group',
};
