// The connection options every command shares (--url, --api-key), read from the command line or
// the environment.
import { Option, type Command } from 'commander';
import { UsageError } from './errors.js';
import { Api, DEFAULT_URL } from './http.js';

export function connectionOptions(): Option[] {
  return [
    new Option('--url <url>', 'the contacts server').env('CONTACTS_URL').default(DEFAULT_URL),
    new Option('--api-key <key>', 'API key (web app: Settings → API keys)').env('CONTACTS_API_KEY'),
  ];
}

/** The API client for a command, or a usage error when no API key was given. */
export function apiFor(cmd: Command): Api {
  const { url, apiKey } = cmd.optsWithGlobals<{ url: string; apiKey?: string }>();
  if (!apiKey?.trim()) {
    throw new UsageError('no API key: pass --api-key KEY or set the CONTACTS_API_KEY environment variable', [
      'Create a key in the web app under Settings → API keys.',
    ]);
  }
  return new Api(url, apiKey.trim());
}

/**
 * How to call the CLI again against the same server, for the commands we suggest: with --url
 * when it was given on the command line (the key is never repeated: it is a secret).
 */
export function cliPrefix(cmd: Command): string {
  let root = cmd;
  while (root.parent) root = root.parent;
  const url = root.getOptionValueSource('url') === 'cli' ? (root.opts().url as string) : null;
  return url ? `contacts --url ${url}` : 'contacts';
}
