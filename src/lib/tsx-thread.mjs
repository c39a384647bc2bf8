// First module of a thread when the server runs as TypeScript (src/lib/threads.ts): loads the
// module named by the thread's first argument through tsx, and hands on its default export (a
// piscina pool's task function).
import { tsImport } from 'tsx/esm/api';

const loaded = await tsImport(process.argv[2], import.meta.url);
export default loaded.default;
