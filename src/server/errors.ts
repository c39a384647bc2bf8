export type ErrorCode =
  | 'validation'
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'precondition_required'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited';

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  precondition_required: 428,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
};

const TITLE: Record<ErrorCode, string> = {
  validation: 'Invalid input',
  bad_request: 'Bad request',
  unauthorized: 'Sign-in required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Conflict',
  gone: 'Gone',
  precondition_required: 'Precondition required',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  rate_limited: 'Too many requests',
};

export interface FieldError {
  /** Dotted path of the offending field, e.g. `points.0.value` or `custom.vip`. */
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
  get status() {
    return STATUS[this.code];
  }
  get title() {
    return TITLE[this.code];
  }
}

export const notFound = (what = 'Resource') => new AppError('not_found', `${what} not found`);
export const forbidden = (why: string) => new AppError('forbidden', why);

/** Throws one validation error carrying every field error collected, if there are any. */
export function assertNoFieldErrors(errors: FieldError[]): void {
  if (errors.length > 0) {
    const summary = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    throw new AppError('validation', summary, errors);
  }
}

export function fieldError(path: string, message: string): AppError {
  return new AppError('validation', `${path}: ${message}`, [{ path, message }]);
}
