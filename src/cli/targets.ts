import type { ImportTarget } from '../modules/imports/mapping.js';

/** A target as the user writes it with --map: ignore, firstName, phone:work, custom.plan. */
export function targetName(t: ImportTarget): string {
  switch (t.kind) {
    case 'ignore':
      return 'ignore';
    case 'field':
      return t.field;
    case 'point':
      return `${t.channel}:${t.label}`;
    case 'custom':
      return `custom.${t.key}`;
  }
}
