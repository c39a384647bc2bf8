import type { FieldError } from '../../../api/client';

/** Server errors for one draft node, by the part of the condition they name. */
export interface NodeErrors {
  field?: string;
  op?: string;
  value?: string;
  /** Errors about the node as a whole (a group, or a condition's shape). */
  node?: string;
}

export interface PlacedErrors {
  byNode: Map<string, NodeErrors>;
  /** Errors no draft node claims (shown above the builder). */
  rest: string[];
}

const PART = /^(field|op|value)(\.|$)/;

/**
 * Puts problem+json errors (`filter.and.1.value.0`) next to the draft nodes they name, using the
 * paths the draft was serialized with: the longest known path that prefixes the error's path wins.
 */
export function placeErrors(errors: FieldError[], paths: Map<string, string>): PlacedErrors {
  const byNode = new Map<string, NodeErrors>();
  const rest: string[] = [];
  for (const e of errors) {
    let best: string | null = null;
    for (const p of paths.keys())
      if ((e.path === p || e.path.startsWith(`${p}.`)) && (!best || p.length > best.length)) best = p;
    if (best === null) {
      rest.push(e.message);
      continue;
    }
    const id = paths.get(best)!;
    const entry = byNode.get(id) ?? {};
    const suffix = e.path.slice(best.length + 1);
    const m = PART.exec(suffix);
    const part: keyof NodeErrors = m ? (m[1] as 'field' | 'op' | 'value') : 'node';
    // "must be a number" on value.1 of a pair or a list: say which one.
    const which = part === 'value' && /^value\.\d+/.test(suffix) ? describeItem(suffix) : '';
    const message = `${which}${e.message}`;
    entry[part] = entry[part] ? `${entry[part]}; ${message}` : message;
    byNode.set(id, entry);
  }
  return { byNode, rest };
}

function describeItem(suffix: string): string {
  const i = Number(suffix.split('.')[1]);
  return `value ${i + 1}: `;
}
