import { useCallback, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../../../api/client';
import type { ContactCreate, FieldDefinition } from '../../../api/types';
import type { Errors } from '../../../lib/form';
import { draftToBody, hasInput, mapServerPath, type Draft } from './draft';

/** Form state for a contact plus the bridge between its inputs and the server's error paths. */
export function useContactDraft(initial: () => Draft) {
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<Errors>({});
  // Which input each entry of the last request's `points` came from.
  const sources = useRef<string[]>([]);
  const sent = useRef<Draft>(draft);

  const build = useCallback(
    (defaultCountry: string, fields: FieldDefinition[], mode: 'create' | 'edit'): ContactCreate => {
      const { body, sources: s } = draftToBody(draft, defaultCountry, fields, mode);
      sources.current = s;
      sent.current = draft;
      setErrors({});
      return body;
    },
    [draft],
  );

  /**
   * Puts each server error next to its input (errors without one go to the top of the form);
   * returns the form keys that got an error.
   */
  const fail = useCallback((e: unknown, fields: FieldDefinition[]): string[] => {
    if (!(e instanceof ApiError) || e.errors.length === 0) {
      setErrors({ form: errorMessage(e) });
      return [];
    }
    const next: Errors = {};
    const loose: string[] = [];
    for (const { path, message } of e.errors) {
      const key = mapServerPath(path, sources.current);
      if (hasInput(key, sent.current, fields)) next[key] = next[key] ? `${next[key]}; ${message}` : message;
      else loose.push(`${path}: ${message}`);
    }
    if (loose.length) next.form = loose.join('\n');
    setErrors(next);
    return Object.keys(next);
  }, []);

  const reset = useCallback((d: Draft) => {
    setDraft(d);
    setErrors({});
  }, []);

  return { draft, onChange: setDraft, errors, setErrors, build, fail, reset };
}
