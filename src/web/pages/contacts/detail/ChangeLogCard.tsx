import { Button, Card, Group, Skeleton, Stack, Text, Timeline, Title } from '@mantine/core';
import {
  IconArrowRight,
  IconArrowsJoin,
  IconArrowsSplit,
  IconEdit,
  IconLock,
  IconLockOpen,
  IconPlus,
  IconShare,
  IconSwitchHorizontal,
  IconTrash,
  IconUserMinus,
} from '@tabler/icons-react';
import { useChanges, useFields, useUsers } from '../../../api/hooks';
import type { Change, Channel } from '../../../api/types';
import { formatDateTime, formatValue, timeAgo } from '../../../lib/format';
import { CHANNEL_LABELS, humanize } from '../../../lib/constants';
import { displayPhone } from '../../../lib/phone';

const USER_FIELDS = new Set(['ownerId', 'owner', 'sharedWith', 'userId']);

const ACTION: Record<Change['action'], { label: string; icon: typeof IconEdit; color: string }> = {
  create: { label: 'created the contact', icon: IconPlus, color: 'teal' },
  update: { label: 'edited', icon: IconEdit, color: 'brand' },
  delete: { label: 'deleted the contact', icon: IconTrash, color: 'red' },
  share: { label: 'shared the contact', icon: IconShare, color: 'grape' },
  unshare: { label: 'stopped sharing', icon: IconUserMinus, color: 'orange' },
  transfer: { label: 'transferred ownership', icon: IconSwitchHorizontal, color: 'indigo' },
  block: { label: 'blocked the contact', icon: IconLock, color: 'red' },
  unblock: { label: 'unblocked the contact', icon: IconLockOpen, color: 'teal' },
  merge: { label: 'merged contacts', icon: IconArrowsJoin, color: 'violet' },
  unmerge: { label: 'undid a merge', icon: IconArrowsSplit, color: 'orange' },
};

function actorName(c: Change) {
  if (c.actor.name) return c.actor.name;
  if (c.actor.type === 'api_key') return 'An API key';
  if (c.actor.type === 'system') return 'The system';
  return 'Someone';
}

export function ChangeLogCard({ contactId, dateFormat }: { contactId: string; dateFormat: string }) {
  const changes = useChanges(contactId);
  const fields = useFields();
  const users = useUsers();
  const labels = new Map((fields.data ?? []).map((f) => [`custom.${f.key}`, f.label]));
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const fieldLabel = (f: string) => {
    // Contact points are logged as points.<channel>:<normalized value>.
    const point = /^points\.([a-z]+):(.*)$/.exec(f);
    if (point) {
      const [, channel, value] = point;
      return `${CHANNEL_LABELS[channel as Channel] ?? channel} ${channel === 'phone' || channel === 'sms' || channel === 'whatsapp' ? displayPhone(value) : value}`;
    }
    return labels.get(f) ?? humanize(f.replace(/^address\./, 'address '));
  };
  const value = (field: string, v: unknown) => {
    if (USER_FIELDS.has(field)) {
      if (typeof v === 'string') return names.get(v) ?? 'a former user';
      if (Array.isArray(v)) return v.map((id) => names.get(String(id)) ?? 'a former user').join(', ') || '—';
    }
    return formatValue(v);
  };
  const items = changes.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Card data-testid="change-log">
      <Title order={4} mb="md">
        Change log
      </Title>
      {changes.isPending ? (
        <Stack gap="sm">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={36} />
          ))}
        </Stack>
      ) : changes.isError ? (
        <Text size="sm" c="red">
          {changes.error.message}
        </Text>
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No changes recorded yet.
        </Text>
      ) : (
        <Timeline bulletSize={26} lineWidth={2} active={items.length}>
          {items.map((c) => {
            const a = ACTION[c.action] ?? ACTION.update;
            return (
              <Timeline.Item
                key={c.id}
                bullet={<a.icon size={14} />}
                color={a.color}
                data-testid="change"
                title={
                  <Group gap={6} wrap="wrap">
                    <Text size="sm" fw={600}>
                      {actorName(c)}
                    </Text>
                    <Text size="sm">{a.label}</Text>
                  </Group>
                }
              >
                <Text size="xs" c="dimmed">
                  {timeAgo(c.createdAt)} · {formatDateTime(c.createdAt, dateFormat)}
                </Text>
                {c.action !== 'create' && c.changes.length > 0 && (
                  <Stack gap={4} mt={6}>
                    {c.changes.map((d, i) => (
                      <Text key={i} size="xs" component="div" data-testid="change-field">
                        <Text span fw={600} size="xs">
                          {fieldLabel(d.field)}:
                        </Text>{' '}
                        <Text span c="dimmed" size="xs" td="line-through">
                          {value(d.field, d.before)}
                        </Text>{' '}
                        <IconArrowRight size={11} style={{ verticalAlign: 'middle' }} />{' '}
                        <Text span size="xs">
                          {value(d.field, d.after)}
                        </Text>
                      </Text>
                    ))}
                  </Stack>
                )}
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
      {changes.hasNextPage && (
        <Button
          variant="subtle"
          size="compact-sm"
          mt="md"
          onClick={() => changes.fetchNextPage()}
          loading={changes.isFetchingNextPage}
        >
          Show older changes
        </Button>
      )}
    </Card>
  );
}
