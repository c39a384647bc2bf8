// `npm start` builds what is missing or older than its sources, so a fresh clone needs only
// `npm ci && npm start`: the web app (dist/web) and the server as JavaScript (dist/node).
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function newest(dir, skip = () => false) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (skip(p)) continue;
    t = Math.max(t, e.isDirectory() ? newest(p, skip) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const stale = (file, sources) => !fs.existsSync(file) || fs.statSync(file).mtimeMs < sources;
const web = path.resolve('src/web');

if (stale('dist/web/index.html', Math.max(newest(web), newest(path.resolve('src/modules'))))) {
  console.log('Building the web app (dist/web)…');
  execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
}

// tsc rewrites only the files it emits, so a marker written after it tells when it last ran.
const marker = 'dist/node/.built';
const serverSources = Math.max(
  newest(path.resolve('src'), (p) => p === web),
  newest(path.resolve('bench'), (p) => p.endsWith('results')),
  fs.statSync('tsconfig.build.json').mtimeMs,
  fs.statSync('package-lock.json').mtimeMs,
);
if (stale(marker, serverSources)) {
  console.log('Building the server (dist/node)…');
  fs.rmSync('dist/node', { recursive: true, force: true });
  execSync('npx tsc -p tsconfig.build.json', { stdio: 'inherit' });
  fs.writeFileSync(marker, new Date().toISOString());
}
