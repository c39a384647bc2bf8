// `contacts imports …`: the imports of the workspace, one import's details, its error file, cancel.
import type { Command } from 'commander';
import type { ImportSummary } from '../../modules/imports/schema.js';
import { apiFor, cliPrefix } from '../context.js';
import { UsageError } from '../errors.js';
import {
  bytes,
  clip,
  count,
  countsLine,
  dateTime,
  duration,
  errorFileName,
  fields,
  table,
} from '../format.js';
import { targetName } from '../targets.js';
import { saveBody } from '../output.js';
import { reportEnd, waitForImport } from '../wait.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Import ids are UUIDs: say so here rather than as the server's 400 on the path. */
function importId(id: string): string {
  if (!UUID.test(id.trim()))
    throw new UsageError(`"${id}" is not an import id (a UUID, as shown by "contacts imports list")`);
  return id.trim();
}

const json = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

export function importsCommand(program: Command) {
  const imports = program
    .command('imports')
    .summary('list imports, show one, download its failed rows, cancel it')
    .description(
      'Imports of the workspace: list them, show one, download its failed rows, wait for or cancel one.',
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  contacts imports list',
        '  contacts imports show 0190c0de-…',
        '  contacts imports errors 0190c0de-… > leads-errors.csv',
      ].join('\n'),
    );

  imports
    .command('list')
    .description('List the imports of the workspace, newest first')
    .option('--json', 'print the server’s JSON answer instead of a table')
    .addHelpText('after', '\nExample:\n  contacts imports list --json | jq ".items[0].id"')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { items } = await apiFor(cmd).get<{ items: ImportSummary[] }>('/imports');
      if (opts.json) return void json({ items });
      if (items.length === 0) return void process.stdout.write('No imports yet.\n');
      const rows = items.map((s) => [
        s.id,
        clip(s.fileName, 32),
        s.state,
        count(s.counts.rowsRead),
        count(s.counts.created),
        count(s.counts.updated),
        count(s.counts.unchanged),
        count(s.counts.failed),
        dateTime(s.createdAt),
      ]);
      const headers = [
        'ID',
        'FILE',
        'STATE',
        'READ',
        'CREATED',
        'UPDATED',
        'UNCHANGED',
        'FAILED',
        'CREATED AT',
      ];
      process.stdout.write(`${table(headers, rows, [3, 4, 5, 6, 7])}\n`);
    });

  imports
    .command('show')
    .description('Show an import: file, state, counts, progress, options and column mapping')
    .argument('<id>', 'the import id')
    .option('--json', 'print the server’s JSON answer instead')
    .addHelpText('after', '\nExample:\n  contacts imports show 0190c0de-… --json')
    .action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
      const s = await apiFor(cmd).get<ImportSummary>(`/imports/${importId(id)}`);
      if (opts.json) return void json(s);
      process.stdout.write(`${describeImport(s, cliPrefix(cmd))}\n`);
    });

  imports
    .command('errors')
    .description(
      'Download the failed rows of an import as CSV: the original columns and an Errors column with ' +
        'the reason, ready to fix and import again. Written to stdout unless -o is given.',
    )
    .argument('<id>', 'the import id')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  contacts imports errors 0190c0de-… > leads-errors.csv\n  contacts imports errors 0190c0de-… -o leads-errors.csv',
    )
    .action(async (id: string, opts: { output?: string }, cmd: Command) => {
      const res = await apiFor(cmd).request('GET', `/imports/${importId(id)}/errors`, {
        headers: { accept: 'text/csv' },
      });
      await saveBody(res, opts.output);
    });

  imports
    .command('wait')
    .description('Follow a running import to its end with a progress bar; Ctrl-C cancels it')
    .argument('<id>', 'the import id')
    .addHelpText(
      'after',
      '\nExit codes: 0 all rows imported, 3 some rows failed, 1 the import stopped (error or cancelled), 130 Ctrl-C.',
    )
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const end = await waitForImport(apiFor(cmd), importId(id));
      process.exitCode = reportEnd(end, cliPrefix(cmd));
    });

  imports
    .command('cancel')
    .description('Cancel a waiting or running import; rows already imported stay')
    .argument('<id>', 'the import id')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const s = await apiFor(cmd).post<ImportSummary>(`/imports/${importId(id)}/cancel`);
      const how = s.state === 'cancelled' ? 'is cancelled' : `will stop shortly (it is ${s.state})`;
      process.stdout.write(`Import ${s.id} ${how}.\n${countsLine(s)}\n`);
    });
}

function describeImport(s: ImportSummary, cli: string): string {
  const read = [
    s.kind,
    s.sheet && `sheet "${s.sheet}"${s.sheets && s.sheets.length > 1 ? ` of ${s.sheets.join(', ')}` : ''}`,
    s.delimiter && `${s.delimiter}-separated`,
    s.encoding,
    s.hasHeader === false ? 'no header row' : null,
  ].filter(Boolean);
  const p = s.progress;
  const running = s.state === 'processing' || s.state === 'waiting';
  const o = s.options;
  const lines = fields([
    ['Import', s.id],
    // The size is unknown (0) on imports whose upload did not record it.
    [
      'File',
      `${s.fileName} (${[s.fileSize > 0 ? bytes(s.fileSize) : null, ...read].filter(Boolean).join(', ')})`,
    ],
    ['State', s.state + (s.cancelRequested && running ? ' (cancel requested)' : '')],
    ['Created', `${dateTime(s.createdAt)}${s.createdBy ? ` by ${s.createdBy}` : ''}`],
    ['Started', dateTime(s.startedAt)],
    ['Finished', dateTime(s.finishedAt)],
    [
      'File deleted',
      s.fileDeletedAt
        ? `${dateTime(s.fileDeletedAt)} (kept days ran out; counts and failed rows stay)`
        : null,
    ],
    [
      'Rows',
      `${count(s.counts.rowsRead)} read of ${s.rowsEstimate === null ? '?' : `~${count(s.rowsEstimate)}`}`,
    ],
    ['Result', s.startedAt ? countsLine(s) : 'not started'],
    [
      'Progress',
      running && s.startedAt
        ? `${p.percent ?? '?'}%, ${p.rowsPerSecond ?? '?'} rows/s, ${duration(p.secondsLeft)} left`
        : null,
    ],
    ['Error', s.error],
    ['Match by', o ? `${o.matchBy}, on match ${o.onMatch}` : null],
    ['Tags', o?.tags.length ? o.tags.join(', ') : null],
    ['Dates', o ? `${o.dateFormat}, phones without +code read as ${o.defaultCountry}` : null],
    ['External ids', o?.generateExternalIds ? 'generated for rows without one' : null],
    ['Failed rows', s.errorFileUrl ? `${cli} imports errors ${s.id} > ${errorFileName(s)}` : null],
  ]);
  if (!o) return lines;
  const headers = s.headers.map((h) => clip(h === '' ? '(no header)' : h, 40));
  const width = Math.max(0, ...headers.map((h) => h.length));
  const mapping = o.mapping.map(
    (t, i) => `  ${String(i + 1).padStart(3)}  ${(headers[i] ?? '').padEnd(width)}  → ${targetName(t)}`,
  );
  return `${lines}\nMapping:\n${mapping.join('\n')}`;
}
