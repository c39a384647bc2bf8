import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { App } from './types.js';
import { notFoundProblem } from './problem.js';

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

/** Serves the built React app; unknown non-API paths get index.html so client routes load directly. */
export async function serveWeb(app: App) {
  const index = path.join(WEB_DIST, 'index.html');
  if (!fs.existsSync(index)) {
    app.log.warn(`web app not built (${index} missing): run "npm run build:web"`);
    app.setNotFoundHandler(notFoundProblem);
    return;
  }
  await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false });
  const html = fs.readFileSync(index, 'utf8');
  app.setNotFoundHandler((req, reply) => {
    if (req.method !== 'GET' || req.url.startsWith('/api/')) return notFoundProblem(req, reply);
    return reply.type('text/html').header('cache-control', 'no-cache').send(html);
  });
}
