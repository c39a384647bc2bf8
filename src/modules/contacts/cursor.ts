import { AppError } from '../../server/errors.js';

// Opaque to clients: base64url JSON of the sort it belongs to and the last row's (value, id).
interface CursorData {
  s: string;
  o: string;
  v: unknown;
  id: string;
}

export function encodeCursor(sort: string, order: string, value: unknown, id: string): string {
  const v = value instanceof Date ? value.toISOString() : value;
  return Buffer.from(JSON.stringify({ s: sort, o: order, v, id } satisfies CursorData)).toString('base64url');
}

export function decodeCursor(cursor: string, sort: string, order: string): { value: unknown; id: string } {
  let data: CursorData;
  try {
    data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('validation', 'cursor: is not a cursor returned by this API', [
      { path: 'cursor', message: 'is not a cursor returned by this API' },
    ]);
  }
  const validId = typeof data?.id === 'string' && /^[0-9a-f-]{36}$/i.test(data.id);
  const validValue = data?.v === null || ['string', 'number', 'boolean'].includes(typeof data?.v);
  if (!validId || !validValue) {
    throw new AppError('validation', 'cursor: is not a cursor returned by this API', [
      { path: 'cursor', message: 'is not a cursor returned by this API' },
    ]);
  }
  if (data.s !== sort || data.o !== order) {
    throw new AppError('validation', 'cursor: belongs to a different sort; start again without a cursor', [
      { path: 'cursor', message: 'belongs to a different sort; start again without a cursor' },
    ]);
  }
  return { value: data.v, id: data.id };
}
