import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  Anchor,
  Badge,
  Button,
  Group as Row,
  Menu,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import {
  IconArrowLeft,
  IconArrowMerge,
  IconChevronDown,
  IconDots,
  IconEdit,
  IconExternalLink,
  IconFilter,
  IconSearch,
  IconTrash,
  IconUserPlus,
  IconUsersGroup,
} from '@tabler/icons-react';
import { errorMessage, isApiError } from '../../api/client';
import { useUsers } from '../../api/hooks';
import { membersOf, useDeleteGroup, useGroup, type Group } from '../../api/groups';
import type { BulkAction } from '../../api/bulk';
import { contactsViewUrl } from '../../api/segments';
import { useSession } from '../../layout/session';
import { formatDate } from '../../lib/format';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ConfirmModal } from '../../components/ConfirmModal';
import { notifyError, notifySuccess } from '../../components/notify';
import { FilterSummary } from '../segments/FilterEditor';
import { BulkProgress } from '../tags/BulkProgress';
import { AddByFilterModal } from './AddByFilterModal';
import { AddContactsModal } from './AddContactsModal';
import { DeleteGroupText } from './DeleteGroupText';
import { GroupFormModal } from './GroupFormModal';
import { GroupMembers } from './GroupMembers';
import { GroupTypeBadge } from './GroupTypeBadge';
import { MergeGroupModal } from './MergeGroupModal';

function Stat({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: number;
  hint?: string;
  testId: string;
}) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text
        fz={28}
        fw={700}
        data-testid={testId}
        data-value={value}
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        {value.toLocaleString()}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

/** One group: its counts, its filter (dynamic) and its members. */
export function GroupPage() {
  const { id = '' } = useParams();
  const group = useGroup(id);
  if (group.isPending)
    return (
      <Stack gap="md">
        <Skeleton h={36} w={320} />
        <Skeleton h={90} />
        <Skeleton h={300} />
      </Stack>
    );
  if (group.isError)
    return (
      <EmptyPanel
        icon={<IconUsersGroup size={28} />}
        title={
          isApiError(group.error) && group.error.status === 404
            ? 'This group does not exist'
            : 'Could not load the group'
        }
        description={
          isApiError(group.error) && group.error.status === 404
            ? 'It may have been deleted or merged into another group.'
            : errorMessage(group.error)
        }
        action={
          <Button component={Link} to="/groups" variant="light">
            All groups
          </Button>
        }
      />
    );
  return <GroupView group={group.data} refreshing={group.isFetching} />;
}

function GroupView({ group, refreshing }: { group: Group; refreshing: boolean }) {
  const me = useSession();
  const navigate = useNavigate();
  const users = useUsers();
  const del = useDeleteGroup();
  const [modal, setModal] = useState<'edit' | 'filter' | 'search' | 'by-filter' | 'merge' | 'delete' | null>(
    null,
  );
  const [running, setRunning] = useState<BulkAction | null>(null);
  const close = () => setModal(null);
  const isStatic = group.type === 'static';
  const creator = group.createdBy ? users.data?.find((u) => u.id === group.createdBy)?.name : null;

  const confirmDelete = () =>
    del.mutate(group.id, {
      onSuccess: () => {
        notifySuccess(`“${group.name}” was deleted; its contacts stay.`, 'Group deleted');
        navigate('/groups', { replace: true });
      },
      onError: (e) => notifyError(e, 'Could not delete the group'),
    });

  const addMenu = isStatic && (
    <Menu position="bottom-end" shadow="md" width={260}>
      <Menu.Target>
        <Button leftSection={<IconUserPlus size={16} />} rightSection={<IconChevronDown size={14} />}>
          Add contacts
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconSearch size={16} />} onClick={() => setModal('search')}>
          <Text size="sm">Pick by name</Text>
          <Text size="xs" c="dimmed">
            Search and pick contacts one by one
          </Text>
        </Menu.Item>
        <Menu.Item leftSection={<IconFilter size={16} />} onClick={() => setModal('by-filter')}>
          <Text size="sm">Add by filter</Text>
          <Text size="xs" c="dimmed">
            Add every contact that matches now
          </Text>
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );

  return (
    <>
      <Anchor component={Link} to="/groups" size="sm" c="dimmed">
        <Row gap={4}>
          <IconArrowLeft size={14} /> Groups
        </Row>
      </Anchor>
      <Row justify="space-between" align="flex-start" mt="xs" mb="lg" gap="md">
        <Stack gap={6} miw={0}>
          <Row gap="sm" wrap="nowrap">
            <Title order={2} data-testid="group-name" style={{ overflowWrap: 'anywhere' }}>
              {group.name}
            </Title>
            <GroupTypeBadge type={group.type} />
            {group.category && (
              <Badge variant="outline" color="gray" tt="none" data-testid="group-category">
                {group.category}
              </Badge>
            )}
          </Row>
          <Text size="sm" c="dimmed">
            Created {formatDate(group.createdAt, me.workspace.dateFormat)}
            {creator ? ` by ${creator}` : ''}
            {!me.isManager && ' · counts include only the contacts you can see'}
          </Text>
        </Stack>
        <Row gap="sm" wrap="nowrap">
          <Button
            component={Link}
            to={contactsViewUrl(membersOf(group.id))}
            variant="default"
            leftSection={<IconExternalLink size={16} />}
          >
            Open in Contacts
          </Button>
          {addMenu}
          {!isStatic && me.isManager && (
            <Button leftSection={<IconFilter size={16} />} onClick={() => setModal('filter')}>
              Edit filter
            </Button>
          )}
          {me.isManager && (
            <Menu position="bottom-end" shadow="md" width={200}>
              <Menu.Target>
                <Button variant="default" px="xs" aria-label="More actions">
                  <IconDots size={18} />
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconEdit size={16} />} onClick={() => setModal('edit')}>
                  Edit group
                </Menu.Item>
                <Menu.Item leftSection={<IconArrowMerge size={16} />} onClick={() => setModal('merge')}>
                  Merge into…
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item
                  leftSection={<IconTrash size={16} />}
                  color="red"
                  onClick={() => setModal('delete')}
                >
                  Delete group
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Row>
      </Row>

      <SimpleGrid cols={{ base: 1, sm: isStatic ? 2 : 3 }} mb="lg" style={{ opacity: refreshing ? 0.7 : 1 }}>
        <Stat label="Members" value={group.memberCount} testId="member-count" />
        <Stat
          label="Reachable"
          value={group.activeCount}
          hint="Members with at least one active phone, email or messenger ID"
          testId="active-count"
        />
        {!isStatic && (
          <Paper withBorder p="md" data-testid="group-filter-summary">
            <Row justify="space-between" wrap="nowrap" mb={4}>
              <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
                Members are contacts where
              </Text>
              {me.isManager && (
                <Button size="compact-xs" variant="subtle" onClick={() => setModal('filter')}>
                  Edit
                </Button>
              )}
            </Row>
            <FilterSummary filter={group.filter} lineClamp={3} />
          </Paper>
        )}
      </SimpleGrid>

      {running && (
        <BulkProgress
          action={running}
          label={`Adding contacts to “${group.name}”`}
          onDismiss={() => setRunning(null)}
        />
      )}

      <Title order={4} mb="sm">
        Members
      </Title>
      <GroupMembers
        key={group.id}
        group={group}
        empty={
          isStatic ? (
            <EmptyPanel
              icon={<IconUserPlus size={28} />}
              title={me.isManager ? 'No members yet' : 'No members you can see'}
              description={
                me.isManager
                  ? 'Pick contacts by name, or add every contact that matches a filter.'
                  : 'It may hold contacts not shared with you. Pick yours by name, or add those matching a filter.'
              }
              action={
                <Row gap="sm">
                  <Button
                    variant="default"
                    leftSection={<IconSearch size={16} />}
                    onClick={() => setModal('search')}
                  >
                    Pick by name
                  </Button>
                  <Button leftSection={<IconFilter size={16} />} onClick={() => setModal('by-filter')}>
                    Add by filter
                  </Button>
                </Row>
              }
            />
          ) : (
            <EmptyPanel
              icon={<IconFilter size={28} />}
              title={
                me.isManager ? 'No contact matches the filter' : 'None of your contacts matches the filter'
              }
              description="Contacts join this group by themselves as soon as they match. Loosen a condition to include more."
              action={
                me.isManager ? (
                  <Button variant="light" onClick={() => setModal('filter')}>
                    Edit filter
                  </Button>
                ) : undefined
              }
            />
          )
        }
      />

      <GroupFormModal group={group} opened={modal === 'edit'} onClose={close} />
      <GroupFormModal group={group} filterOnly opened={modal === 'filter'} onClose={close} />
      {isStatic && (
        <>
          <AddContactsModal group={group} opened={modal === 'search'} onClose={close} />
          <AddByFilterModal
            group={group}
            opened={modal === 'by-filter'}
            onClose={close}
            onStarted={setRunning}
          />
        </>
      )}
      <MergeGroupModal
        from={modal === 'merge' ? group : null}
        onClose={close}
        onMerged={(into) => navigate(`/groups/${into.id}`, { replace: true })}
      />
      <ConfirmModal
        opened={modal === 'delete'}
        title="Delete group"
        confirmLabel="Delete group"
        danger
        loading={del.isPending}
        onConfirm={confirmDelete}
        onClose={close}
      >
        <DeleteGroupText group={group} />
      </ConfirmModal>
    </>
  );
}
