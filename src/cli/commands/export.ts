// `contacts export`: the contacts as CSV, XLSX or vCard, streamed to stdout or a file.
import { Option, type Command } from 'commander';
import type { ExportFormat } from '../../modules/exports/schema.js';
import { apiFor } from '../context.js';
import { UsageError } from '../errors.js';
import { saveBody } from '../output.js';

// The server's formats, written out: its schema module loads the server's data layer. The checks
// below break the build when the server gains or loses one.
const EXPORT_FORMATS = ['csv', 'xlsx', 'vcf'] as const satisfies readonly ExportFormat[];
type Unlisted = Exclude<ExportFormat, (typeof EXPORT_FORMATS)[number]>;
const _allListed: [Unlisted] extends [never] ? true : Unlisted = true;

interface ExportOptions {
  format: ExportFormat;
  filter?: string;
  segment?: string;
  group?: string;
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
    .option(
      '--filter <json>',
      'only contacts matching this filter tree (JSON; see GET /api/v1/filters/fields)',
    )
    .option('--segment <id>', 'only the contacts of this segment')
    .option('--group <id>', 'only the members of this group')
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
        '  contacts export --filter \'{"field":"tags","op":"contains","value":"vip"}\' > vip.csv',
        '  contacts export --segment 0193c5d2-… -o segment.csv',
      ].join('\n'),
    )
    .action(async (opts: ExportOptions, cmd: Command) => {
      const toStdout = !opts.output || opts.output === '-';
      if (opts.format === 'xlsx' && toStdout && process.stdout.isTTY)
        throw new UsageError('an XLSX file is binary: not writing it to the terminal', [
          'Redirect it:  contacts export --format xlsx > contacts.xlsx',
          'or name it:   contacts export --format xlsx -o contacts.xlsx',
        ]);
      const filter = filterFrom(opts);
      const api = apiFor(cmd);
      const res = await api.request('GET', PATH, {
        query: { format: opts.format, columns: opts.columns, q: opts.q, filter },
        headers: { accept: '*/*' },
      });
      await saveBody(res, opts.output);
    });
}

/** --filter, --segment and --group together: all must hold. */
function filterFrom(opts: ExportOptions): string | undefined {
  const parts: unknown[] = [];
  if (opts.filter !== undefined) {
    try {
      parts.push(JSON.parse(opts.filter));
    } catch (err) {
      throw new UsageError(`--filter: not valid JSON: ${(err as Error).message}`);
    }
  }
  if (opts.segment !== undefined) parts.push({ field: 'segment', op: 'equals', value: opts.segment });
  if (opts.group !== undefined) parts.push({ field: 'group', op: 'equals', value: opts.group });
  if (parts.length === 0) return undefined;
  return JSON.stringify(parts.length === 1 ? parts[0] : { and: parts });
}
