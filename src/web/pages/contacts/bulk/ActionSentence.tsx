import type { ReactNode } from 'react';
import { Text } from '@mantine/core';
import { useGroups } from '../../../api/groups';
import { useUsers } from '../../../api/hooks';
import type { ActionDraft, ActionKind } from './actions';
import { useFieldText } from './FieldValueEditor';
import { partText, type BulkTarget } from './target';

interface Props {
  kind: Exclude<ActionKind, 'export'>;
  draft: ActionDraft;
  target: BulkTarget;
  /** How many contacts it will touch: the target's count, or fewer for an agent's own contacts. */
  n: number;
  /** Only contacts the person owns count (agents deleting or handing over). */
  ownedOnly?: boolean;
}

const list = (xs: string[]) =>
  xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;

/** Exactly what will happen, in one sentence: "Add the tag vip to 18,250 contacts matching this filter." */
export function ActionSentence({ kind, draft, target, n, ownedOnly }: Props) {
  const users = useUsers();
  const groups = useGroups();
  const { fieldLabel, valueText } = useFieldText();
  // An agent deleting or handing over contacts: only those it owns, "2 of the 3 selected contacts".
  const who = <b>{partText(target, n)}</b>;
  const missing = <i>…</i>;
  let text: ReactNode;
  switch (kind) {
    case 'add_tags':
    case 'remove_tags': {
      const tags = draft.tags.length ? <b>{list(draft.tags)}</b> : missing;
      const word = draft.tags.length === 1 ? 'the tag' : 'the tags';
      text =
        kind === 'add_tags' ? (
          <>
            Add {word} {tags} to {who}.
          </>
        ) : (
          <>
            Remove {word} {tags} from {who}.
          </>
        );
      break;
    }
    case 'assign_owner': {
      const user = users.data?.find((u) => u.id === draft.ownerId);
      text =
        draft.ownerId === null ? (
          <>Clear the owner of {who}: they will belong to no one.</>
        ) : (
          <>
            Make {user ? <b>{user.name}</b> : missing} the owner of {who}.
          </>
        );
      break;
    }
    case 'add_to_group':
    case 'remove_from_group': {
      const g = groups.data?.find((x) => x.id === draft.groupId);
      const name = g ? <b>{g.name}</b> : missing;
      text =
        kind === 'add_to_group' ? (
          <>
            Add {who} to the group {name}.
          </>
        ) : (
          <>
            Remove {who} from the group {name}.
          </>
        );
      break;
    }
    case 'set_field': {
      const field = draft.field ? <b>{fieldLabel(draft.field)}</b> : missing;
      const blank = draft.value === null || draft.value === '' || draft.value === undefined;
      text = draft.clear ? (
        <>
          Clear {field} on {who}.
        </>
      ) : (
        <>
          Set {field} to {draft.field && !blank ? <b>{valueText(draft.field, draft.value)}</b> : missing} on{' '}
          {who}.
        </>
      );
      break;
    }
    case 'delete':
      text = <>Delete {who}, with their contact points and sharing. This cannot be undone.</>;
      break;
  }
  return (
    <Text size="sm" data-testid="bulk-sentence">
      {text}
      {ownedOnly && n < target.count && (
        <> You may {kind === 'delete' ? 'delete' : 'hand over'} only the contacts you own.</>
      )}
    </Text>
  );
}
