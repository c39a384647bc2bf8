import { Button, Group, Menu, Text } from '@mantine/core';
import {
  IconChevronDown,
  IconDownload,
  IconPencil,
  IconTag,
  IconTagOff,
  IconTrash,
  IconUserShare,
  IconUsersMinus,
  IconUsersPlus,
} from '@tabler/icons-react';
import { MergeButton } from '../../merge/MergeButton';
import type { ActionKind } from './actions';
import { num } from './target';

interface Props {
  /** How many contacts are selected: ticked rows, or all that match. */
  count: number;
  /** Every contact matching the view is selected, not just ticked rows. */
  allMatching: boolean;
  /** The ticked contacts in table order, for Merge; null while "all matching" is selected. */
  mergeIds: string[] | null;
  onClear: () => void;
  onAction: (kind: ActionKind) => void;
}

/** Shown while contacts are selected: how many, and what to do with them. */
export function BulkBar({ count, allMatching, mergeIds, onClear, onAction }: Props) {
  const item = (kind: ActionKind, label: string, icon: React.ReactNode) => (
    <Menu.Item leftSection={icon} onClick={() => onAction(kind)}>
      {label}
    </Menu.Item>
  );
  return (
    <Group
      gap="xs"
      wrap="nowrap"
      pl="sm"
      pr={5}
      py={4}
      data-testid="bulk-bar"
      data-all={allMatching ? 'true' : 'false'}
      style={{
        background: 'var(--mantine-color-brand-0)',
        border: '1px solid var(--mantine-color-brand-2)',
        borderRadius: 'var(--mantine-radius-md)',
        flexShrink: 0,
      }}
    >
      <Text size="sm" fw={600} data-testid="selected-count" className="nowrap">
        {allMatching ? `All ${num(count)} selected` : `${num(count)} selected`}
      </Text>
      <Button variant="subtle" color="gray" size="compact-sm" onClick={onClear}>
        Clear
      </Button>
      <Menu position="bottom-end" shadow="md" width={220} withinPortal>
        <Menu.Target>
          <Button size="compact-sm" rightSection={<IconChevronDown size={14} />} data-testid="bulk-actions">
            Actions
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Tags and groups</Menu.Label>
          {item('add_tags', 'Add tags', <IconTag size={16} />)}
          {item('remove_tags', 'Remove tags', <IconTagOff size={16} />)}
          {item('add_to_group', 'Add to group', <IconUsersPlus size={16} />)}
          {item('remove_from_group', 'Remove from group', <IconUsersMinus size={16} />)}
          <Menu.Label>Contacts</Menu.Label>
          {item('assign_owner', 'Assign owner', <IconUserShare size={16} />)}
          {item('set_field', 'Change a field', <IconPencil size={16} />)}
          {item('export', 'Export', <IconDownload size={16} />)}
        </Menu.Dropdown>
      </Menu>
      <MergeButton ids={mergeIds} onMerged={onClear} />
      <Button
        color="red"
        variant="light"
        size="compact-sm"
        leftSection={<IconTrash size={14} />}
        onClick={() => onAction('delete')}
      >
        Delete selected
      </Button>
    </Group>
  );
}
