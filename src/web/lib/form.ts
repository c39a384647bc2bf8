import { useCallback, useState } from 'react';
import type { ZodType } from 'zod';
import { ApiError, errorMessage } from '../api/client';

export type Errors = Record<string, string>;

/** Zod issues as a flat map of dotted paths to the first message. */
export function zodErrors(schema: ZodType, value: unknown): Errors | null {
  const r = schema.safeParse(value);
  if (r.success) return null;
  const out: Errors = {};
  for (const issue of r.error.issues) {
    const path = issue.path.join('.') || 'form';
    out[path] ??= issue.message;
  }
  return out;
}

/**
 * Minimal form state: values, per-field errors, and server errors mapped onto fields.
 * Errors whose path matches no input land under "form" so they are never lost.
 */
export function useFormState<T extends object>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<Errors>({});

  const set = useCallback(<K extends keyof T>(key: K, value: T[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => {
      if (!((key as string) in e) && !e.form) return e;
      const { [key as string]: _gone, form: _form, ...rest } = e;
      return rest;
    });
  }, []);

  const reset = useCallback((next: T) => {
    setValues(next);
    setErrors({});
  }, []);

  /** Shows an error thrown by a request: field errors next to inputs, the rest under "form". */
  const fail = useCallback((e: unknown, fields: readonly string[]) => {
    if (e instanceof ApiError && e.errors.length > 0) {
      const next: Errors = {};
      const unplaced: string[] = [];
      for (const { path, message } of e.errors) {
        const key = fields.find((f) => path === f || path.startsWith(`${f}.`));
        if (key) next[key] ??= message;
        else unplaced.push(message);
      }
      if (unplaced.length) next.form = unplaced.join(' ');
      setErrors(next);
    } else {
      setErrors({ form: errorMessage(e) });
    }
  }, []);

  const prop = <K extends keyof T & string>(key: K) => ({
    value: values[key] as unknown as string,
    error: errors[key],
    onChange: (ev: { currentTarget: { value: string } }) => set(key, ev.currentTarget.value as T[K]),
  });

  return { values, setValues, errors, setErrors, set, reset, fail, prop };
}
