import type { Group } from '../../api/groups';

/** What deleting a group does, for the confirmation. */
export function DeleteGroupText({ group }: { group: Group }) {
  const n = group.memberCount;
  return (
    <>
      Delete <b>{group.name}</b>?{' '}
      {group.type === 'static'
        ? n > 0
          ? `Its ${n.toLocaleString()} ${n === 1 ? 'member stays' : 'members stay'} as contacts; only the group goes.`
          : 'It has no members.'
        : 'Its filter goes; the contacts it matches stay as they are.'}{' '}
      Segments and dynamic groups that name it must be changed first.
    </>
  );
}
