// The `contacts` command-line client: a separate entry point that talks to a running server over
// its HTTP API with an API key (see README "CLI"). bin/contacts runs this file through tsx.
import fs from 'node:fs';
import { Command, CommanderError, Help } from 'commander';
import { exportCommand } from './commands/export.js';
import { registerImport } from './commands/import-entry.js';
import { importsCommand } from './commands/imports.js';
import { connectionOptions } from './context.js';
import { CliError, describeError, EXIT } from './errors.js';

function version(): string {
  const pkg = new URL('../../package.json', import.meta.url);
  return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
}

export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('contacts')
    .description(
      'Command-line client of the contacts platform: import and export contacts, follow imports. ' +
        'It talks to a running server (npm start) over HTTP with an API key.',
    )
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    .configureHelp({
      showGlobalOptions: true,
      // Each command's help lists --url and --api-key; --version belongs to the top level only.
      visibleGlobalOptions(cmd) {
        return Help.prototype.visibleGlobalOptions.call(this, cmd).filter((o) => o.long !== '--version');
      },
    })
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError()
    .exitOverride();
  for (const option of connectionOptions()) program.addOption(option);
  program.addHelpText(
    'after',
    [
      '',
      'The API key: create one in the web app under Settings → API keys, then',
      '  export CONTACTS_API_KEY=ck_…   (or pass --api-key on each command)',
      '  export CONTACTS_URL=https://contacts.example.com   (default http://127.0.0.1:3000)',
      '',
      'Exit codes: 0 done, 1 the server refused or could not be reached (or an import stopped),',
      '2 wrong command line, 3 an import finished with failed rows, 130 interrupted.',
      '',
      'Examples:',
      '  contacts import leads.csv --wait',
      '  contacts imports list',
      '  contacts export --format xlsx -o contacts.xlsx',
    ].join('\n'),
  );
  await registerImport(program, argv.slice(2));
  importsCommand(program);
  exportCommand(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
    return Number(process.exitCode ?? EXIT.ok);
  } catch (err) {
    // Commander has printed its own message (unknown option, missing argument) or the help.
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (err instanceof CliError) {
      if (err.exitCode !== EXIT.interrupted) process.stderr.write(`${describeError(err).join('\n')}\n`);
      return err.exitCode;
    }
    // Anything else is a bug: keep the stack so it can be reported.
    console.error(err);
    return EXIT.failed;
  }
}

// Output piped into a reader that stops early (`| head`) ends the command quietly, as in other tools.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(EXIT.ok);
  throw err;
});

process.exitCode = await main(process.argv);
