import { useQuery } from '@tanstack/react-query';
import { Badge, Drawer, Group, Loader, Progress, Stack, Text } from '@mantine/core';
import { api } from '../../../api/client';
import { isBulkRunning, type BulkAction, type BulkState } from '../../../api/bulk';
import { useGroups } from '../../../api/groups';
import { useUsers } from '../../../api/hooks';
import { timeAgo } from '../../../lib/format';
import { useFieldText } from './FieldValueEditor';
import { num } from './target';

const STATE_COLORS: Record<BulkState, string> = {
  waiting: 'gray',
  running: 'blue',
  done: 'teal',
  failed: 'red',
  cancelled: 'gray',
};

/** Recent bulk actions (GET /bulk-actions: the workspace's for managers, an agent's own). */
export function BulkActivity({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const list = useQuery({
    queryKey: ['bulk-actions', 'recent'],
    queryFn: () => api.get<{ items: BulkAction[] }>('/bulk-actions').then((r) => r.items),
    enabled: opened,
    refetchInterval: (q) => (opened && q.state.data?.some(isBulkRunning) ? 2000 : false),
  });
  const describe = useDescribe();
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="md"
      title={<Text fw={600}>Bulk activity</Text>}
    >
      {list.isPending ? (
        <Group justify="center" py="xl">
          <Loader size="sm" />
        </Group>
      ) : list.isError ? (
        <Text size="sm" c="red">
          Could not load the recent bulk actions.
        </Text>
      ) : !list.data.length ? (
        <Text size="sm" c="dimmed">
          No bulk actions yet. Select contacts in the list, then pick an action.
        </Text>
      ) : (
        <Stack gap={0} data-testid="bulk-activity">
          {list.data.map((a) => (
            <Stack
              key={a.id}
              gap={4}
              py="sm"
              style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
              data-testid="bulk-activity-item"
            >
              <Group justify="space-between" wrap="nowrap" gap="sm">
                <Text size="sm" fw={600}>
                  {describe(a)}
                </Text>
                <Badge variant="light" color={STATE_COLORS[a.state]} style={{ flexShrink: 0 }}>
                  {a.state}
                </Badge>
              </Group>
              {isBulkRunning(a) && (
                <Progress value={a.total ? (a.processed / a.total) * 100 : 0} size="sm" striped animated />
              )}
              <Text size="xs" c="dimmed">
                {num(a.changed)} changed
                {a.skipped ? `, ${num(a.skipped)} left as they were` : ''}
                {a.failed ? `, ${num(a.failed)} could not be changed` : ''} · {num(a.processed)} of{' '}
                {num(a.total)} processed
              </Text>
              {a.error && (
                <Text size="xs" c="red">
                  {a.error}
                </Text>
              )}
              <Text size="xs" c="dimmed">
                {a.createdBy.name} · {timeAgo(a.createdAt)}
              </Text>
            </Stack>
          ))}
        </Stack>
      )}
    </Drawer>
  );
}

/** A stored action in words: "Add tags vip, q4", "Set Country to Germany". */
function useDescribe() {
  const users = useUsers();
  const groups = useGroups();
  const { fieldLabel, valueText } = useFieldText();
  return (a: BulkAction): string => {
    const x = a.action as Record<string, unknown>;
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String).join(', ') : '');
    const group = () => groups.data?.find((g) => g.id === x.groupId)?.name ?? 'a group';
    switch (x.type) {
      case 'add_tags':
        return `Add tags ${list(x.tags)}`;
      case 'remove_tags':
        return `Remove tags ${list(x.tags)}`;
      case 'edit_tags':
        return [list(x.remove) && `Remove tags ${list(x.remove)}`, list(x.add) && `add ${list(x.add)}`]
          .filter(Boolean)
          .join(', ');
      case 'assign_owner':
        return x.ownerId
          ? `Give to ${users.data?.find((u) => u.id === x.ownerId)?.name ?? 'another user'}`
          : 'Clear the owner';
      case 'add_to_group':
        return `Add to ${group()}`;
      case 'remove_from_group':
        return `Remove from ${group()}`;
      case 'set_field': {
        const field = String(x.field);
        return x.value === null
          ? `Clear ${fieldLabel(field)}`
          : `Set ${fieldLabel(field)} to ${valueText(field, x.value)}`;
      }
      case 'delete':
        return 'Delete contacts';
      default:
        return String(x.type);
    }
  };
}
