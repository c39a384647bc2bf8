import { AppError } from '../../../server/errors.js';

/** A 400 naming the upload field, so routes can pass it through to problem+json unchanged. */
export function fileError(message: string): AppError {
  return new AppError('validation', message, [{ path: 'file', message }]);
}
