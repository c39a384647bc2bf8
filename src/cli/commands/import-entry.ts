// `contacts import` needs the server's column-mapping rules, whose modules take about half a second
// of CPU to load (phone and country tables among them). The other commands do without them: the
// full command is loaded only when the command line names it (to run it or show its help).
import { Option, type Command } from 'commander';

export const IMPORT_SUMMARY = 'import contacts from a CSV, TSV, Excel or vCard file';

export async function registerImport(program: Command, argv: readonly string[]) {
  if (argv.includes('import')) {
    const { importCommand } = await import('./import.js');
    importCommand(program);
    return;
  }
  // Stands in for the command in the list of commands; the hidden option shows "[options]" there.
  program
    .command('import')
    .summary(IMPORT_SUMMARY)
    .argument('<file>')
    .addOption(new Option('--wait').hideHelp());
}
