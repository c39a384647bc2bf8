import { loadConfig } from './config.js';
import { boundHeapGrowth } from './heap.js';
import { startServer } from './main.js';

boundHeapGrowth(loadConfig().heapGrowingPercent);
const server = await startServer();
server.app.log.info(`contacts platform on ${server.url} (${server.app.engine})`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    server.app.log.info(`${signal}: shutting down`);
    await server.close();
    process.exit(0);
  });
}
