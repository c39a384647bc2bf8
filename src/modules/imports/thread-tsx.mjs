// Entry of an import thread when the server runs as TypeScript (tests, development): loads the
// real entry through tsx, since a thread's own entry file does not go through the loader that
// `--import tsx` registers (ERR_UNKNOWN_FILE_EXTENSION on Node 20). Compiled, the thread starts
// at thread-worker.js directly.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
