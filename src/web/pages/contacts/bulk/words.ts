import { isApiError } from '../../../api/client';
import type { ActionKind } from './actions';
import { contactsWord } from './target';

type Kind = Exclude<ActionKind, 'export'>;

/** The modal's run button, e.g. "Add tags to 12 contacts". */
export function buttonText(kind: Kind, n: number): string {
  const c = contactsWord(n);
  switch (kind) {
    case 'add_tags':
      return `Add tags to ${c}`;
    case 'remove_tags':
      return `Remove tags from ${c}`;
    case 'assign_owner':
      return `Set the owner of ${c}`;
    case 'add_to_group':
      return `Add ${c} to the group`;
    case 'remove_from_group':
      return `Remove ${c} from the group`;
    case 'set_field':
      return `Change ${c}`;
    case 'delete':
      return `Delete ${c}`;
  }
}

/** While it runs: "Adding tags". */
export const DOING: Record<Kind, string> = {
  add_tags: 'Adding tags',
  remove_tags: 'Removing tags',
  assign_owner: 'Assigning the owner',
  add_to_group: 'Adding to the group',
  remove_from_group: 'Removing from the group',
  set_field: 'Changing the field',
  delete: 'Deleting contacts',
};

/** What the changed contacts had done to them, and why the skipped ones were left alone. */
export const OUTCOME: Record<Kind, { changed: string; skipped: string }> = {
  add_tags: { changed: 'tagged', skipped: 'had these tags already' },
  remove_tags: { changed: 'untagged', skipped: 'did not have these tags' },
  assign_owner: { changed: 'given the new owner', skipped: 'had this owner already' },
  add_to_group: { changed: 'added to the group', skipped: 'were in the group already' },
  remove_from_group: { changed: 'removed from the group', skipped: 'were not in the group' },
  set_field: { changed: 'changed', skipped: 'had this value already' },
  delete: { changed: 'deleted', skipped: 'could not be deleted (gone or not yours)' },
};

/** The count a 409 says the selection holds now (errors [{path: 'expectedCount', message: 'must be N'}]). */
export function countFromConflict(e: unknown): number | null {
  if (!isApiError(e) || e.status !== 409) return null;
  const m = /(\d+)/.exec(e.errors.find((x) => x.path === 'expectedCount')?.message ?? '');
  return m ? Number(m[1]) : null;
}
