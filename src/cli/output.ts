// Downloads go to stdout or a file as they arrive, never held in memory whole.
import fs from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { CliError } from './errors.js';
import { bytes } from './format.js';

/** Writes a response body to `output` (a path; absent or "-" is stdout). Answers the bytes written. */
export async function saveBody(res: Response, output: string | undefined): Promise<number> {
  if (!res.body) return 0;
  if (output && output !== '-') return toFile(res.body, output);
  return toStdout(res.body);
}

async function toFile(body: ReadableStream<Uint8Array>, path: string): Promise<number> {
  let written = 0;
  const source = Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
  source.on('data', (chunk: Buffer) => (written += chunk.length));
  try {
    await pipeline(source, fs.createWriteStream(path));
  } catch (err) {
    fs.rmSync(path, { force: true });
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR' || e.code === 'EROFS')
      throw new CliError(`cannot write ${path}: ${e.message}`);
    throw new CliError(`the download stopped before its end: ${e.message}; ${path} was removed`);
  }
  process.stderr.write(`Saved ${path} (${bytes(written)})\n`);
  return written;
}

async function toStdout(body: ReadableStream<Uint8Array>): Promise<number> {
  const out = process.stdout;
  // The reader went away (`| head`): stop quietly, as other command-line tools do.
  let failure: NodeJS.ErrnoException | null = null;
  const onError = (err: NodeJS.ErrnoException) => (failure = err);
  out.on('error', onError);
  const reader = body.getReader();
  let written = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || failure) break;
      written += value.length;
      if (!out.write(value)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
      if (failure) break;
    }
  } catch (err) {
    failure ??= err as NodeJS.ErrnoException;
  } finally {
    if (failure) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
  const err = failure as NodeJS.ErrnoException | null;
  if (err && err.code !== 'EPIPE') throw new CliError(`the download stopped before its end: ${err.message}`);
  return written;
}
