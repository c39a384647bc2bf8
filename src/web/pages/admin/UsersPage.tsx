import { useState } from 'react';
import { Avatar, Badge, Button, Group, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { IconPlus, IconUsers } from '@tabler/icons-react';
import { useUpdateUser, useUsers } from '../../api/hooks';
import type { Member } from '../../api/types';
import { useSession } from '../../layout/session';
import { formatDate, initials } from '../../lib/format';
import { ROLE_LABELS } from '../../lib/constants';
import { PageHeader } from '../../components/PageHeader';
import { QueryBody } from '../../components/QueryBody';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ConfirmModal } from '../../components/ConfirmModal';
import { notifyError, notifySuccess } from '../../components/notify';
import { UserCreateModal } from './UserCreateModal';

export function UsersPage() {
  const me = useSession();
  const users = useUsers();
  const update = useUpdateUser();
  const [createOpen, setCreateOpen] = useState(false);
  const [deactivating, setDeactivating] = useState<Member | null>(null);

  const roleOptions = [
    { value: 'agent', label: 'Agent' },
    { value: 'admin', label: 'Admin' },
    ...(me.role === 'owner' ? [{ value: 'owner', label: 'Owner' }] : []),
  ];

  const patch = (u: Member, body: { role?: string; active?: boolean }, done: string) =>
    update.mutate(
      { id: u.id, ...body },
      {
        onSuccess: () => {
          notifySuccess(done);
          setDeactivating(null);
        },
        onError: (e) => notifyError(e, `Could not update ${u.name}`),
      },
    );

  const add = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreateOpen(true)}>
      Add user
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Users"
        description="People who can sign in to this workspace, and what they can do."
        actions={add}
      />
      <QueryBody
        query={users}
        rows={4}
        isEmpty={(data) => data.length === 0}
        empty={
          <EmptyPanel
            icon={<IconUsers size={28} />}
            title="No users"
            description="Add your agents and admins."
            action={add}
          />
        }
      >
        {(data) => (
          <Paper withBorder>
            <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="users-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>User</Table.Th>
                  <Table.Th w={160}>Role</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Added</Table.Th>
                  <Table.Th w={140} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.map((u) => {
                  const self = u.id === me.user?.id;
                  const ownerRow = u.role === 'owner' && me.role !== 'owner';
                  return (
                    <Table.Tr key={u.id} data-testid="user-row">
                      <Table.Td opacity={u.active ? 1 : 0.55}>
                        <Group gap="sm" wrap="nowrap">
                          <Avatar radius="xl" color="brand" size={34}>
                            {initials(u.name)}
                          </Avatar>
                          <Stack gap={0}>
                            <Text size="sm" fw={600}>
                              {u.name}{' '}
                              {self && (
                                <Text span c="dimmed" size="xs">
                                  (you)
                                </Text>
                              )}
                            </Text>
                            <Text size="xs" c="dimmed">
                              {u.email}
                            </Text>
                          </Stack>
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        {self || ownerRow ? (
                          <Text size="sm">{ROLE_LABELS[u.role]}</Text>
                        ) : (
                          <Select
                            aria-label={`Role of ${u.name}`}
                            size="xs"
                            data={roleOptions}
                            value={u.role}
                            allowDeselect={false}
                            onChange={(r) =>
                              r &&
                              r !== u.role &&
                              patch(u, { role: r }, `${u.name} is now ${ROLE_LABELS[r as Member['role']]}.`)
                            }
                          />
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={u.active ? 'teal' : 'gray'}>
                          {u.active ? 'Active' : 'Deactivated'}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDate(u.createdAt, me.workspace.dateFormat)}</Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        {!self &&
                          !ownerRow &&
                          (u.active ? (
                            <Button size="xs" variant="subtle" color="red" onClick={() => setDeactivating(u)}>
                              Deactivate
                            </Button>
                          ) : (
                            <Button
                              size="xs"
                              variant="light"
                              onClick={() => patch(u, { active: true }, `${u.name} can sign in again.`)}
                            >
                              Reactivate
                            </Button>
                          ))}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </QueryBody>
      <UserCreateModal opened={createOpen} onClose={() => setCreateOpen(false)} />
      <ConfirmModal
        opened={!!deactivating}
        title="Deactivate user"
        confirmLabel="Deactivate"
        danger
        loading={update.isPending}
        onClose={() => setDeactivating(null)}
        onConfirm={() =>
          deactivating && patch(deactivating, { active: false }, `${deactivating.name} was deactivated.`)
        }
      >
        <b>{deactivating?.name}</b> will be signed out and can no longer sign in. Their contacts stay in the
        workspace. You can reactivate them later.
      </ConfirmModal>
    </>
  );
}
