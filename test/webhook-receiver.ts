// A local HTTP server standing in for a webhook's receiver in tests: it records every request and
// answers each path by its script. It listens on 127.0.0.1, a private address, so the app under
// test must allow those (webhookAllowPrivate), unless the test is about refusing them.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: any;
}

/** A local receiver: records every request; answers each path by its script (default 200). */
export class WebhookReceiver {
  server = http.createServer((req, res) => this.handle(req, res));
  received: Received[] = [];
  /** Status codes to answer on a path, one per request (the last one repeats); 'hang' never answers. */
  scripts = new Map<string, (number | 'hang')[]>();
  bodies = new Map<string, string>();
  base = '';

  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop() {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(r));
  }

  /** A fresh path on this receiver, answering `script`. */
  path(script: (number | 'hang')[] = [200]) {
    const p = `/hook/${randomBytes(4).toString('hex')}`;
    this.scripts.set(p, script);
    return p;
  }

  at = (path: string) => this.received.filter((r) => r.path === path);

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '';
      this.received.push({ path, headers: req.headers, raw, body: raw ? JSON.parse(raw) : null });
      const script = this.scripts.get(path) ?? [200];
      const next = script.length > 1 ? script.shift()! : script[0];
      if (next === 'hang') return; // never answers: the sender's time limit ends it
      if (next >= 300 && next < 400) res.setHeader('location', 'http://127.0.0.1:9/elsewhere');
      res.writeHead(next, { 'content-type': 'text/plain' });
      res.end(this.bodies.get(path) ?? `answered ${next}`);
    });
  }
}
