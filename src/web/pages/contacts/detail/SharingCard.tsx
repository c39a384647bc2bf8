import { useState } from 'react';
import {
  ActionIcon,
  Avatar,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconShare, IconSwitchHorizontal, IconX } from '@tabler/icons-react';
import { useShareContact, useUsers } from '../../../api/hooks';
import type { Contact, Member } from '../../../api/types';
import { useSession } from '../../../layout/session';
import { initials } from '../../../lib/format';
import { ROLE_LABELS } from '../../../lib/constants';
import { notifyError, notifySuccess } from '../../../components/notify';

function Person({ user, fallback, right }: { user?: Member; fallback: string; right?: React.ReactNode }) {
  const name = user?.name ?? fallback;
  return (
    <Group justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap" miw={0}>
        <Avatar size={32} radius="xl" color="brand">
          {initials(name)}
        </Avatar>
        <Stack gap={0} miw={0}>
          <Text size="sm" fw={500} truncate>
            {name}
          </Text>
          {user && (
            <Text size="xs" c="dimmed" truncate>
              {user.email} · {ROLE_LABELS[user.role]}
            </Text>
          )}
        </Stack>
      </Group>
      {right}
    </Group>
  );
}

export function SharingCard({ contact }: { contact: Contact }) {
  const me = useSession();
  const users = useUsers();
  const share = useShareContact(contact.id);
  const [pick, setPick] = useState<string | null>(null);
  const [transferOpen, setTransferOpen] = useState(false);
  const [newOwner, setNewOwner] = useState<string | null>(null);

  const byId = new Map((users.data ?? []).map((u) => [u.id, u]));
  const canManage = me.isManager || (!!me.user && contact.ownerId === me.user.id);
  const candidates = (users.data ?? []).filter(
    (u) => u.active && u.id !== contact.ownerId && !contact.sharedWith.includes(u.id),
  );
  const owners = (users.data ?? []).filter((u) => u.active && u.id !== contact.ownerId);
  const nameOf = (id: string) => byId.get(id)?.name ?? 'this user';

  const run = (kind: 'share' | 'unshare' | 'transfer', userId: string, done: string, after?: () => void) =>
    share.mutate(
      { kind, userId },
      {
        onSuccess: () => {
          notifySuccess(done);
          after?.();
        },
        onError: (e) => notifyError(e),
      },
    );

  return (
    <Card data-testid="sharing">
      <Group justify="space-between" mb="md">
        <Title order={4}>Sharing</Title>
        {canManage && (
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconSwitchHorizontal size={14} />}
            onClick={() => setTransferOpen(true)}
          >
            Transfer ownership
          </Button>
        )}
      </Group>
      <Stack gap="md">
        <Stack gap={6}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            Owner
          </Text>
          {contact.ownerId ? (
            <Person
              user={byId.get(contact.ownerId)}
              fallback="Unknown user"
              right={<Badge variant="light">Owner</Badge>}
            />
          ) : (
            <Text size="sm" c="dimmed">
              Nobody
            </Text>
          )}
        </Stack>
        <Stack gap={6} data-testid="shared-with">
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            Shared with
          </Text>
          {contact.sharedWith.length === 0 && (
            <Text size="sm" c="dimmed">
              Not shared with anyone.
            </Text>
          )}
          {contact.sharedWith.map((id) => (
            <Person
              key={id}
              user={byId.get(id)}
              fallback="Unknown user"
              right={
                canManage && (
                  <Tooltip label="Stop sharing">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Stop sharing with ${nameOf(id)}`}
                      onClick={() => run('unshare', id, `No longer shared with ${nameOf(id)}.`)}
                    >
                      <IconX size={16} />
                    </ActionIcon>
                  </Tooltip>
                )
              }
            />
          ))}
        </Stack>
        {canManage ? (
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <Select
              label="Share with"
              placeholder={candidates.length ? 'Pick a user' : 'Nobody else to share with'}
              data={candidates.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
              value={pick}
              onChange={setPick}
              searchable
              disabled={candidates.length === 0}
              style={{ flex: 1 }}
            />
            <Button
              leftSection={<IconShare size={16} />}
              disabled={!pick}
              loading={share.isPending && share.variables?.kind === 'share'}
              onClick={() => pick && run('share', pick, `Shared with ${nameOf(pick)}.`, () => setPick(null))}
            >
              Share
            </Button>
          </Group>
        ) : (
          <Text size="xs" c="dimmed">
            Only the owner and admins can change who this contact is shared with.
          </Text>
        )}
      </Stack>

      <Modal
        opened={transferOpen}
        onClose={() => setTransferOpen(false)}
        title={<Text fw={600}>Transfer ownership</Text>}
      >
        <Stack gap="md">
          <Text size="sm">
            The new owner will be responsible for {contact.displayName}. The current owner keeps access only
            if the contact is shared with them.
          </Text>
          <Select
            label="New owner"
            placeholder="Pick a user"
            data={owners.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
            value={newOwner}
            onChange={setNewOwner}
            searchable
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setTransferOpen(false)}>
              Cancel
            </Button>
            <Button
              disabled={!newOwner}
              loading={share.isPending && share.variables?.kind === 'transfer'}
              onClick={() =>
                newOwner &&
                run(
                  'transfer',
                  newOwner,
                  `${contact.displayName} now belongs to ${nameOf(newOwner)}.`,
                  () => {
                    setTransferOpen(false);
                    setNewOwner(null);
                  },
                )
              }
            >
              Transfer
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
