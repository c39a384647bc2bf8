import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { App } from './types.js';
import { notFoundProblem } from './problem.js';

/** The project's directory: the nearest one up holding package.json (from src/ or dist/node/src/). */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

const WEB_DIST = path.join(projectRoot(), 'dist/web');

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
