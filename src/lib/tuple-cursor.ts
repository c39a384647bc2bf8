// Keyset cursors that are a short list of the last row's values, opaque to clients as base64url
// JSON. (Contact lists have their own, which also carry the sort: src/modules/contacts/cursor.ts.)
import { fieldError } from '../server/errors.js';

export const encodeTupleCursor = (values: readonly unknown[]): string =>
  Buffer.from(JSON.stringify(values)).toString('base64url');

/**
 * The values of a cursor made by encodeTupleCursor, as `read` makes them (undefined when they are
 * not what it expects); anything else is a 400 on `cursor`.
 */
export function decodeTupleCursor<T>(cursor: string, read: (values: unknown[]) => T | undefined): T {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  const out = Array.isArray(values) ? read(values) : undefined;
  if (out === undefined) throw fieldError('cursor', 'must be the nextCursor of the previous page');
  return out;
}
