import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Anchor, Button, CloseButton, Group, Menu, Paper, Table, Text, TextInput } from '@mantine/core';
import {
  IconEdit,
  IconExternalLink,
  IconFilter,
  IconFilterStar,
  IconPlus,
  IconSearch,
  IconTrash,
} from '@tabler/icons-react';
import { errorMessage } from '../../api/client';
import { useUsers } from '../../api/hooks';
import {
  contactsViewUrl,
  segmentFilter,
  useDeleteSegment,
  useSegments,
  type Segment,
} from '../../api/segments';
import { useSession } from '../../layout/session';
import { formatDate } from '../../lib/format';
import { PageHeader } from '../../components/PageHeader';
import { QueryBody } from '../../components/QueryBody';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ConfirmModal } from '../../components/ConfirmModal';
import { notifySuccess } from '../../components/notify';
import { FilterSummary } from './FilterEditor';
import { SegmentFormModal, type SegmentFormMode } from './SegmentFormModal';
import { RowActions } from '../../components/RowActions';

/** Saved filters; each opens the contacts list showing the contacts it matches now. */
export function SegmentsPage() {
  const me = useSession();
  const navigate = useNavigate();
  const segments = useSegments();
  const users = useUsers();
  const del = useDeleteSegment();
  const [q, setQ] = useState('');
  const [form, setForm] = useState<{ mode: SegmentFormMode; segment: Segment | null } | null>(null);
  const [deleting, setDeleting] = useState<Segment | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const mayChange = (s: Segment) => me.isManager || (!!me.user && s.createdBy === me.user.id);
  const shown = useMemo(() => {
    const text = q.trim().toLowerCase();
    return (segments.data ?? []).filter((s) => !text || s.name.toLowerCase().includes(text));
  }, [segments.data, q]);

  const confirmDelete = () =>
    deleting &&
    del.mutate(deleting.id, {
      onSuccess: () => {
        notifySuccess(`“${deleting.name}” was deleted. No contact changed.`, 'Segment deleted');
        setDeleting(null);
      },
      onError: (e) => setDeleteError(errorMessage(e)),
    });

  const create = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({ mode: 'create', segment: null })}>
      New segment
    </Button>
  );
  const open = (s: Segment) => navigate(contactsViewUrl(segmentFilter(s.id)));

  return (
    <>
      <PageHeader
        title="Segments"
        description="Saved filters: each one is a live view of the contacts that match it now."
        actions={segments.data?.length ? create : undefined}
      />
      <QueryBody
        query={segments}
        rows={5}
        isEmpty={(data) => data.length === 0}
        empty={
          <EmptyPanel
            icon={<IconFilterStar size={28} />}
            title="No segments yet"
            description="Save a filter you use often, such as “customers in Germany without an email”, and open it with one click. Filter the contacts list and save the filter there, or create one here."
            action={
              <Group gap="sm">
                <Button
                  component={Link}
                  to="/contacts"
                  variant="default"
                  leftSection={<IconFilter size={16} />}
                >
                  Go to Contacts
                </Button>
                {create}
              </Group>
            }
          />
        }
      >
        {() => (
          <>
            <Group mb="md">
              <TextInput
                placeholder="Search segments by name"
                aria-label="Search segments"
                leftSection={<IconSearch size={16} />}
                rightSection={
                  q ? <CloseButton size="sm" aria-label="Clear search" onClick={() => setQ('')} /> : null
                }
                value={q}
                onChange={(e) => setQ(e.currentTarget.value)}
                w={300}
              />
            </Group>
            <Paper withBorder>
              <Table.ScrollContainer minWidth={820} type="native">
                <Table
                  verticalSpacing="sm"
                  horizontalSpacing="md"
                  highlightOnHover
                  data-testid="segments-table"
                >
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Contacts where</Table.Th>
                      <Table.Th ta="right">Contacts</Table.Th>
                      <Table.Th>Created</Table.Th>
                      <Table.Th w={60} />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {shown.map((s) => (
                      <Table.Tr
                        key={s.id}
                        className="clickable-row"
                        onClick={() => open(s)}
                        data-testid="segment-row"
                        data-name={s.name}
                      >
                        <Table.Td maw={260}>
                          <Anchor
                            component={Link}
                            to={contactsViewUrl(segmentFilter(s.id))}
                            fw={600}
                            size="sm"
                            c="inherit"
                            onClick={(e) => e.stopPropagation()}
                          >
                            {s.name}
                          </Anchor>
                        </Table.Td>
                        <Table.Td maw={480}>
                          <FilterSummary filter={s.filter} lineClamp={2} />
                        </Table.Td>
                        <Table.Td>
                          <Text
                            size="sm"
                            ta="right"
                            c={s.count ? undefined : 'dimmed'}
                            style={{ fontVariantNumeric: 'tabular-nums' }}
                            data-testid="segment-count"
                          >
                            {s.count.toLocaleString()}
                          </Text>
                        </Table.Td>
                        <Table.Td className="nowrap">
                          <Text size="sm">{formatDate(s.createdAt, me.workspace.dateFormat)}</Text>
                          {s.createdBy && names.get(s.createdBy) && (
                            <Text size="xs" c="dimmed">
                              by {names.get(s.createdBy)}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td onClick={(e) => e.stopPropagation()}>
                          <Group justify="flex-end">
                            <RowActions label={`Actions for ${s.name}`}>
                              <Menu.Item leftSection={<IconExternalLink size={16} />} onClick={() => open(s)}>
                                Open in Contacts
                              </Menu.Item>
                              {mayChange(s) && (
                                <>
                                  <Menu.Item
                                    leftSection={<IconEdit size={16} />}
                                    onClick={() => setForm({ mode: 'rename', segment: s })}
                                  >
                                    Rename
                                  </Menu.Item>
                                  <Menu.Item
                                    leftSection={<IconFilter size={16} />}
                                    onClick={() => setForm({ mode: 'filter', segment: s })}
                                  >
                                    Edit filter
                                  </Menu.Item>
                                  <Menu.Divider />
                                  <Menu.Item
                                    leftSection={<IconTrash size={16} />}
                                    color="red"
                                    onClick={() => {
                                      setDeleteError(null);
                                      setDeleting(s);
                                    }}
                                  >
                                    Delete
                                  </Menu.Item>
                                </>
                              )}
                            </RowActions>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {shown.length === 0 && (
                <Group justify="center" gap="sm" p="xl">
                  <Text size="sm" c="dimmed">
                    No segment is called anything like “{q.trim()}”.
                  </Text>
                  <Button size="compact-sm" variant="subtle" onClick={() => setQ('')}>
                    Show all segments
                  </Button>
                </Group>
              )}
            </Paper>
          </>
        )}
      </QueryBody>
      <SegmentFormModal
        key={`${form?.mode}:${form?.segment?.id ?? 'new'}`}
        mode={form?.mode ?? null}
        segment={form?.segment ?? null}
        onClose={() => setForm(null)}
      />
      <ConfirmModal
        opened={!!deleting}
        title="Delete segment"
        confirmLabel="Delete segment"
        danger
        loading={del.isPending}
        onConfirm={confirmDelete}
        onClose={() => setDeleting(null)}
      >
        Delete <b>{deleting?.name}</b>? Only the saved filter goes: no contact changes.
        {deleteError && (
          <Text span c="red" display="block" mt="sm" role="alert" data-testid="delete-error">
            {deleteError}
          </Text>
        )}
      </ConfirmModal>
    </>
  );
}
