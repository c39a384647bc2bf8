import { Badge, Tooltip } from '@mantine/core';
import type { GroupType } from '../../api/groups';

export const GROUP_TYPE_LABELS: Record<GroupType, string> = { static: 'Static', dynamic: 'Dynamic' };
export const GROUP_TYPE_HELP: Record<GroupType, string> = {
  static: 'Contacts are added and removed by hand or by a bulk action.',
  dynamic: 'Holds the contacts its filter matches, kept up to date as contacts change.',
};

export function GroupTypeBadge({ type }: { type: GroupType }) {
  return (
    <Tooltip label={GROUP_TYPE_HELP[type]} multiline maw={280} openDelay={300}>
      <Badge variant="light" color={type === 'dynamic' ? 'grape' : 'blue'} data-testid="group-type">
        {GROUP_TYPE_LABELS[type]}
      </Badge>
    </Tooltip>
  );
}
