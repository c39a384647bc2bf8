// `npm start` builds the web app when dist/web is missing or older than its sources,
// so a fresh clone needs only `npm ci && npm start`.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const out = path.resolve('dist/web/index.html');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const sources = Math.max(newest(path.resolve('src/web')), newest(path.resolve('src/modules')));
if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < sources) {
  console.log('Building the web app (dist/web)…');
  execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
}
