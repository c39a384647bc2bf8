// Receiving an import file: streamed into the database in chunks as it arrives, never held whole
// in memory, with the size limit enforced while it streams. The first megabytes are kept for the
// preview.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { AppError } from '../../server/errors.js';
import { detectEncoding, type TextEncoding } from './read/decode.js';
import * as repo from './repo.js';

export const CHUNK_BYTES = 1024 * 1024;
/** How much of the file's start the preview reads. */
export const PREVIEW_BYTES = 2 * CHUNK_BYTES;

/** A byte count as people read it: "200 MB", "512 KB". */
const mib = (n: number) =>
  n >= 1024 * 1024
    ? `${(n / 1024 / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`
    : `${Math.max(1, Math.round(n / 1024)).toLocaleString('en-US')} KB`;

export function tooLarge(maxBytes: number) {
  const message = `The file is larger than the limit of ${mib(maxBytes)}`;
  return new AppError('payload_too_large', message, [{ path: 'file', message }]);
}

/** Stores the body as the import's chunks; returns its size. */
export async function storeChunks(
  db: Kysely<DB>,
  ids: { workspaceId: string; importId: string },
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
): Promise<{ size: number }> {
  let size = 0;
  let seq = 0;
  let pending = Buffer.alloc(0);
  const store = async (chunk: Uint8Array) => {
    await repo.insertChunk(db, ids.workspaceId, ids.importId, seq++, chunk);
    await repo.updateImport(db, ids.workspaceId, ids.importId, {}); // progress: not abandoned
  };
  for await (const piece of body) {
    size += piece.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    // Chunks have exactly CHUNK_BYTES (the last one less), however the body arrives.
    pending = pending.length ? Buffer.concat([pending, piece]) : Buffer.from(piece);
    let offset = 0;
    for (; pending.length - offset >= CHUNK_BYTES; offset += CHUNK_BYTES) {
      await store(pending.subarray(offset, offset + CHUNK_BYTES));
    }
    pending = pending.subarray(offset);
  }
  if (pending.length) await store(pending);
  return { size };
}

/**
 * The start of a longer file, cut after its last complete line, so the preview never sees half a
 * record or half a character. Returns the bytes unchanged when there is no line break to cut at.
 */
export function cutAtLastLine(bytes: Uint8Array): Uint8Array {
  const { encoding } = detectEncoding(bytes, { partial: true });
  const end = lastLineEnd(bytes, encoding);
  return end > 0 ? bytes.subarray(0, end) : bytes;
}

function lastLineEnd(bytes: Uint8Array, encoding: TextEncoding): number {
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    const [first, second] = encoding === 'utf-16le' ? [0x0a, 0x00] : [0x00, 0x0a];
    for (let i = (bytes.length & ~1) - 2; i >= 0; i -= 2) {
      if (bytes[i] === first && bytes[i + 1] === second) return i + 2;
    }
    return 0;
  }
  // In UTF-8 and Windows-1252 the byte 0x0A is always a line feed, never part of a character.
  return bytes.lastIndexOf(0x0a) + 1;
}
