import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import {
  Anchor,
  Button,
  CloseButton,
  Group as Row,
  Menu,
  Paper,
  SegmentedControl,
  Select,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import {
  IconArrowMerge,
  IconEdit,
  IconEye,
  IconPlus,
  IconSearch,
  IconTrash,
  IconUsersGroup,
} from '@tabler/icons-react';
import { categoriesOf, useDeleteGroup, useGroups, type Group, type GroupType } from '../../api/groups';
import { useSession } from '../../layout/session';
import { formatDate } from '../../lib/format';
import { PageHeader } from '../../components/PageHeader';
import { QueryBody } from '../../components/QueryBody';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ConfirmModal } from '../../components/ConfirmModal';
import { notifyError, notifySuccess } from '../../components/notify';
import { GroupFormModal } from './GroupFormModal';
import { GroupTypeBadge } from './GroupTypeBadge';
import { MergeGroupModal } from './MergeGroupModal';
import { DeleteGroupText } from './DeleteGroupText';
import { RowActions } from '../../components/RowActions';

const Num = ({ n }: { n: number }) => (
  <Text size="sm" ta="right" c={n ? undefined : 'dimmed'} style={{ fontVariantNumeric: 'tabular-nums' }}>
    {n.toLocaleString()}
  </Text>
);

/** Every group with its type and counts; filter by name, category or type. */
export function GroupsPage() {
  const me = useSession();
  const navigate = useNavigate();
  const groups = useGroups();
  const del = useDeleteGroup();
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<string | null>(null);
  const [type, setType] = useState<'all' | GroupType>('all');
  const [form, setForm] = useState<{ group: Group | null } | null>(null);
  const [merging, setMerging] = useState<Group | null>(null);
  const [deleting, setDeleting] = useState<Group | null>(null);

  const categories = categoriesOf(groups.data);
  const shown = useMemo(() => {
    const text = q.trim().toLowerCase();
    return (groups.data ?? []).filter(
      (g) =>
        (!text || g.name.toLowerCase().includes(text)) &&
        (!category || g.category === category) &&
        (type === 'all' || g.type === type),
    );
  }, [groups.data, q, category, type]);
  const filtered = !!q.trim() || !!category || type !== 'all';

  const confirmDelete = () =>
    deleting &&
    del.mutate(deleting.id, {
      onSuccess: () => {
        notifySuccess(`“${deleting.name}” was deleted; its contacts stay.`, 'Group deleted');
        setDeleting(null);
      },
      onError: (e) => notifyError(e, 'Could not delete the group'),
    });

  const create = me.isManager ? (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({ group: null })}>
      New group
    </Button>
  ) : undefined;

  return (
    <>
      <PageHeader
        title="Groups"
        description="Lists of contacts: static groups you fill by hand, dynamic groups that follow a filter."
        actions={groups.data?.length ? create : undefined}
      />
      <QueryBody
        query={groups}
        rows={5}
        isEmpty={(data) => data.length === 0}
        empty={
          <EmptyPanel
            icon={<IconUsersGroup size={28} />}
            title="No groups yet"
            description={
              me.isManager
                ? 'Gather contacts for a campaign or a team: pick them one by one (static), or describe them with a filter (dynamic).'
                : 'Owners and admins create groups; you can then add your contacts to them.'
            }
            action={create}
          />
        }
      >
        {() => (
          <>
            <Row mb="md" gap="sm">
              <TextInput
                placeholder="Search groups by name"
                aria-label="Search groups"
                leftSection={<IconSearch size={16} />}
                rightSection={
                  q ? <CloseButton size="sm" aria-label="Clear search" onClick={() => setQ('')} /> : null
                }
                value={q}
                onChange={(e) => setQ(e.currentTarget.value)}
                w={300}
              />
              {categories.length > 0 && (
                <Select
                  aria-label="Category"
                  placeholder="All categories"
                  data={categories}
                  value={category}
                  onChange={setCategory}
                  clearable
                  w={220}
                />
              )}
              <SegmentedControl
                aria-label="Type"
                value={type}
                onChange={(t) => setType(t as typeof type)}
                data={[
                  { value: 'all', label: 'All types' },
                  { value: 'static', label: 'Static' },
                  { value: 'dynamic', label: 'Dynamic' },
                ]}
              />
            </Row>
            <Paper withBorder>
              <Table.ScrollContainer minWidth={820} type="native">
                <Table
                  verticalSpacing="sm"
                  horizontalSpacing="md"
                  highlightOnHover
                  data-testid="groups-table"
                >
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Category</Table.Th>
                      <Table.Th>Type</Table.Th>
                      <Table.Th ta="right" title="Members with at least one active contact point">
                        Reachable
                      </Table.Th>
                      <Table.Th ta="right">Members</Table.Th>
                      <Table.Th>Created</Table.Th>
                      <Table.Th w={60} />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {shown.map((g) => (
                      <Table.Tr
                        key={g.id}
                        className="clickable-row"
                        onClick={() => navigate(`/groups/${g.id}`)}
                        data-testid="group-row"
                        data-name={g.name}
                      >
                        <Table.Td>
                          <Anchor
                            component={Link}
                            to={`/groups/${g.id}`}
                            fw={600}
                            size="sm"
                            c="inherit"
                            onClick={(e) => e.stopPropagation()}
                          >
                            {g.name}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" c={g.category ? undefined : 'dimmed'}>
                            {g.category ?? '—'}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <GroupTypeBadge type={g.type} />
                        </Table.Td>
                        <Table.Td data-testid="group-active">
                          <Num n={g.activeCount} />
                        </Table.Td>
                        <Table.Td data-testid="group-members">
                          <Num n={g.memberCount} />
                        </Table.Td>
                        <Table.Td className="nowrap">
                          <Text size="sm">{formatDate(g.createdAt, me.workspace.dateFormat)}</Text>
                        </Table.Td>
                        <Table.Td onClick={(e) => e.stopPropagation()}>
                          <Row justify="flex-end">
                            <RowActions label={`Actions for ${g.name}`}>
                              <Menu.Item
                                leftSection={<IconEye size={16} />}
                                onClick={() => navigate(`/groups/${g.id}`)}
                              >
                                Open
                              </Menu.Item>
                              {me.isManager && (
                                <>
                                  <Menu.Item
                                    leftSection={<IconEdit size={16} />}
                                    onClick={() => setForm({ group: g })}
                                  >
                                    Edit
                                  </Menu.Item>
                                  <Menu.Item
                                    leftSection={<IconArrowMerge size={16} />}
                                    onClick={() => setMerging(g)}
                                  >
                                    Merge into…
                                  </Menu.Item>
                                  <Menu.Divider />
                                  <Menu.Item
                                    leftSection={<IconTrash size={16} />}
                                    color="red"
                                    onClick={() => setDeleting(g)}
                                  >
                                    Delete
                                  </Menu.Item>
                                </>
                              )}
                            </RowActions>
                          </Row>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {shown.length === 0 && filtered && (
                <Row justify="center" gap="sm" p="xl">
                  <Text size="sm" c="dimmed">
                    No group matches these filters.
                  </Text>
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    onClick={() => {
                      setQ('');
                      setCategory(null);
                      setType('all');
                    }}
                  >
                    Show all groups
                  </Button>
                </Row>
              )}
            </Paper>
          </>
        )}
      </QueryBody>
      <GroupFormModal
        key={form?.group?.id ?? 'new'}
        group={form?.group ?? null}
        opened={!!form}
        onClose={() => setForm(null)}
        onCreated={(g) => navigate(`/groups/${g.id}`)}
      />
      <MergeGroupModal from={merging} onClose={() => setMerging(null)} />
      <ConfirmModal
        opened={!!deleting}
        title="Delete group"
        confirmLabel="Delete group"
        danger
        loading={del.isPending}
        onConfirm={confirmDelete}
        onClose={() => setDeleting(null)}
      >
        {deleting && <DeleteGroupText group={deleting} />}
      </ConfirmModal>
    </>
  );
}
