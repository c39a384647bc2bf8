// Worker threads that run one of our modules. Compiled (dist/node), a thread starts at the .js
// file itself. As TypeScript (tests, development), it starts at tsx-thread.mjs, which loads the
// .ts file through tsx: on Node 20 a thread's first module does not go through the loader that
// `--import tsx` registers (ERR_UNKNOWN_FILE_EXTENSION).
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Whether the module at `base` (its import.meta.url) runs compiled rather than through tsx. */
const isCompiled = (base: string) => new URL(base).pathname.endsWith('.js');

/**
 * Where a thread running the module `name` (no extension) beside `base` starts: the file to give
 * `new Worker` or a pool, and the `argv` that tells the tsx bootstrap which module to load.
 */
export function threadEntry(base: string, name: string): { filename: URL; argv: string[] } {
  if (isCompiled(base)) return { filename: new URL(`./${name}.js`, base), argv: [] };
  const module = new URL(`./${name}.ts`, base);
  return { filename: new URL('./tsx-thread.mjs', import.meta.url), argv: [module.href] };
}

/** A thread running the module `name` beside `base`. */
export function startThread(base: string, name: string, options: WorkerOptions = {}): Worker {
  const { filename, argv } = threadEntry(base, name);
  return new Worker(filename, { ...options, argv: [...argv, ...(options.argv ?? [])] });
}
