// `contacts export`: the contacts as CSV, XLSX or vCard, streamed to stdout or a file.
import { Option, type Command } from 'commander';
import type { ExportFormat } from '../../modules/exports/schema.js';
import { apiFor } from '../context.js';
import { UsageError } from '../errors.js';
import type { Api } from '../http.js';
import { saveBody } from '../output.js';

// The server's formats, written out: its schema module loads the server's data layer. The checks
// below break the build when the server gains or loses one.
const EXPORT_FORMATS = ['csv', 'xlsx', 'vcf'] as const satisfies readonly ExportFormat[];
type Unlisted = Exclude<ExportFormat, (typeof EXPORT_FORMATS)[number]>;
const _allListed: [Unlisted] extends [never] ? true : Unlisted = true;

interface ExportOptions {
  format: ExportFormat;
  filter?: string;
  columns?: string;
  q?: string;
  output?: string;
}

const PATH = '/exports/contacts';

export function exportCommand(program: Command) {
  program
    .command('export')
    .summary('export contacts as CSV, XLSX or vCard')
    .description(
      'Export the contacts of the workspace as CSV (UTF-8 with BOM), XLSX or vCard 4.0, streamed to ' +
        'stdout (redirect it to a file) or written to --output. Exported files import back with every ' +
        'column mapped by itself.',
    )
    .addOption(new Option('--format <format>', 'file format').choices(EXPORT_FORMATS).default('csv'))
    .option(
      '--columns <a,b,c>',
      'csv and xlsx: these columns in this order, e.g. firstName,lastName,"phone (mobile)",custom.plan',
    )
    .option('--q <text>', 'only contacts matching this search, as in the contacts list')
    .option('--filter <json>', 'only contacts matching this filter tree (JSON), where the server supports it')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .addHelpText(
      'after',
      [
        '',
        'Columns: the API names of core fields (firstName, address.city, tags, externalId, ownerEmail, …),',
        '"channel (label)" for contact points, custom.KEY for custom fields, and id, createdAt, updatedAt.',
        'Default: every core field, each channel and label in use, and every custom field.',
        '',
        'Examples:',
        '  contacts export > contacts.csv',
        '  contacts export --q lovelace --columns firstName,lastName,"email (work)" | head',
        '  contacts export --format xlsx -o contacts.xlsx',
        '  contacts export --format vcf > contacts.vcf',
      ].join('\n'),
    )
    .action(async (opts: ExportOptions, cmd: Command) => {
      const toStdout = !opts.output || opts.output === '-';
      if (opts.format === 'xlsx' && toStdout && process.stdout.isTTY)
        throw new UsageError('an XLSX file is binary: not writing it to the terminal', [
          'Redirect it:  contacts export --format xlsx > contacts.xlsx',
          'or name it:   contacts export --format xlsx -o contacts.xlsx',
        ]);
      const filter = opts.filter === undefined ? undefined : parseFilter(opts.filter);
      const api = apiFor(cmd);
      if (filter !== undefined) await requireFilterSupport(api);
      const res = await api.request('GET', PATH, {
        query: { format: opts.format, columns: opts.columns, q: opts.q, filter },
        headers: { accept: '*/*' },
      });
      await saveBody(res, opts.output);
    });
}

function parseFilter(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch (err) {
    throw new UsageError(`--filter: not valid JSON: ${(err as Error).message}`);
  }
}

/** Filters are new on the server: ask its API description whether this export takes one. */
async function requireFilterSupport(api: Api) {
  const doc = await api.get<{ paths?: Record<string, { get?: { parameters?: { name?: string }[] } }> }>(
    '/openapi.json',
  );
  const params = doc.paths?.[`/api/v1${PATH}`]?.get?.parameters ?? [];
  if (!params.some((p) => p.name === 'filter'))
    throw new UsageError('--filter: this server cannot filter exports yet', [
      'Use --q TEXT to export the contacts a search finds, or leave out --filter to export all of them.',
    ]);
}
