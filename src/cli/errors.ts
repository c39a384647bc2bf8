// Expected failures of the CLI, each with its exit code. main.ts prints them without a stack trace;
// anything else is a bug and keeps its stack.

export const EXIT = {
  ok: 0,
  /** The server refused the request or could not be reached; an import ended in error or cancelled. */
  failed: 1,
  /** Wrong command line: unknown option or field, missing file or API key. */
  usage: 2,
  /** An import finished but some rows failed (they are in its error file). */
  rowsFailed: 3,
  /** Interrupted with Ctrl-C. */
  interrupted: 130,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
    /** Further lines printed under the message (hints, allowed values). */
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  constructor(message: string, details: string[] = []) {
    super(message, EXIT.usage, details);
  }
}

export interface FieldProblem {
  path: string;
  message: string;
}

/** An application/problem+json answer (or any other non-2xx answer) from the server. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldProblem[],
    hints: string[] = [],
  ) {
    super(`${title} (HTTP ${status})`, EXIT.failed, hints);
  }

  /** The same error with field paths renamed, e.g. `mapping.2` → `column 3 "Email"`. */
  withPaths(rename: (path: string) => string): ApiError {
    const errors = this.errors.map((e) => ({ ...e, path: rename(e.path) }));
    const detail = repeatsErrors(this.detail, this.errors) ? '' : this.detail;
    return new ApiError(this.status, this.title, detail, errors, this.details);
  }
}

/** Validation answers repeat every field error in `detail`; those are printed once, as a list. */
function repeatsErrors(detail: string, errors: FieldProblem[]): boolean {
  if (errors.length === 0) return false;
  if (detail === errors.map((e) => `${e.path}: ${e.message}`).join('; ')) return true;
  return errors.length === 1 && detail === errors[0].message;
}

/** What to print on stderr for an expected failure, one string per line. */
export function describeError(err: CliError): string[] {
  if (!(err instanceof ApiError)) return [`error: ${err.message}`, ...err.details.map((d) => `  ${d}`)];
  const head =
    err.detail && !repeatsErrors(err.detail, err.errors) ? `${err.message}: ${err.detail}` : err.message;
  return [
    `error: ${head}`,
    ...err.errors.map((e) => `  - ${e.path ? `${e.path}: ` : ''}${e.message}`),
    ...err.details.map((d) => `  ${d}`),
  ];
}
