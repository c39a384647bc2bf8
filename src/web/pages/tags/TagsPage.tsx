import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Button,
  Checkbox,
  CloseButton,
  Group,
  Pagination,
  Paper,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconArrowMerge, IconEdit, IconSearch, IconTags, IconTrash } from '@tabler/icons-react';
import { isBulkRunning, type BulkAction } from '../../api/bulk';
import { contactsViewUrl } from '../../api/segments';
import { tagFilter, useEditTags, useTags, type TagCount } from '../../api/tags';
import { useSession } from '../../layout/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryBody } from '../../components/QueryBody';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ConfirmModal } from '../../components/ConfirmModal';
import { notifyError, notifySuccess } from '../../components/notify';
import { BulkProgress, bulkOutcome } from './BulkProgress';
import { TagEditModal, type TagModal } from './TagEditModal';

const PAGE = 50;
const MAX_MERGE = 20;
const contacts = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'contact' : 'contacts'}`;

/** Every tag with how many contacts carry it; admins rename, merge and delete them everywhere. */
export function TagsPage() {
  const me = useSession();
  const tags = useTags();
  const del = useEditTags();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [picked, setPicked] = useState<string[]>([]);
  const [modal, setModal] = useState<TagModal | null>(null);
  const [deleting, setDeleting] = useState<TagCount | null>(null);
  const [running, setRunning] = useState<{ action: BulkAction; label: string }[]>([]);
  const admin = me.isManager;

  const all = useMemo(() => tags.data ?? [], [tags.data]);
  const shown = useMemo(() => {
    const text = q.trim().toLowerCase();
    return text ? all.filter((t) => t.tag.toLowerCase().includes(text)) : all;
  }, [all, q]);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  const current = Math.min(page, pages);
  const rows = shown.slice((current - 1) * PAGE, current * PAGE);
  // Only tags still listed count as picked (a rename elsewhere may have removed one).
  const pickedTags = all.filter((t) => picked.includes(t.tag));
  const allOnPage = rows.length > 0 && rows.every((t) => picked.includes(t.tag));

  const started = (action: BulkAction, label: string) => setRunning((r) => [{ action, label }, ...r]);
  const toggle = (tag: string) =>
    setPicked((p) => (p.includes(tag) ? p.filter((t) => t !== tag) : [...p, tag]));

  const confirmDelete = () =>
    deleting &&
    del.mutate(
      { kind: 'delete', tag: deleting.tag },
      {
        onSuccess: (a) => {
          if (isBulkRunning(a)) started(a, `Removing the tag “${deleting.tag}”`);
          else notifySuccess(bulkOutcome(a), `Tag “${deleting.tag}” deleted`);
          setPicked((p) => p.filter((t) => t !== deleting.tag));
          setDeleting(null);
        },
        onError: (e) => notifyError(e, 'Could not delete the tag'),
      },
    );

  return (
    // A two-column table reads better narrow than stretched across a wide screen.
    <Box maw={860}>
      <PageHeader
        title="Tags"
        description={
          admin
            ? 'Every tag on your contacts. Rename, merge or delete a tag here and it changes on every contact.'
            : 'Tags on the contacts you can see. Owners and admins can rename, merge and delete them.'
        }
      />
      {running.map((r) => (
        <BulkProgress
          key={r.action.id}
          action={r.action}
          label={r.label}
          onDismiss={() => setRunning((list) => list.filter((x) => x.action.id !== r.action.id))}
        />
      ))}
      <QueryBody
        query={tags}
        rows={6}
        isEmpty={() => all.length === 0}
        empty={
          <EmptyPanel
            icon={<IconTags size={28} />}
            title={admin ? 'No tags yet' : 'No tags on your contacts'}
            description="Tags label contacts: “vip”, “newsletter”, “trade-show-2025”… Add them on a contact, in an import, or to many contacts at once from the contacts list."
            action={
              <Button component={Link} to="/contacts" variant="light">
                Go to Contacts
              </Button>
            }
          />
        }
      >
        {() => (
          <>
            <Group justify="space-between" mb="md" gap="md">
              <TextInput
                placeholder="Search tags"
                aria-label="Search tags"
                leftSection={<IconSearch size={16} />}
                rightSection={
                  q ? <CloseButton size="sm" aria-label="Clear search" onClick={() => setQ('')} /> : null
                }
                value={q}
                onChange={(e) => {
                  setQ(e.currentTarget.value);
                  setPage(1);
                }}
                w={300}
              />
              {admin && (
                <Group gap="sm" mih={36}>
                  <Text size="sm" c="dimmed" data-testid="picked-count">
                    {pickedTags.length
                      ? `${pickedTags.length} selected`
                      : 'Select tags to merge them into one.'}
                  </Text>
                  {pickedTags.length > 0 && (
                    <>
                      <Button size="xs" variant="subtle" color="gray" onClick={() => setPicked([])}>
                        Clear
                      </Button>
                      <Tooltip
                        label={
                          pickedTags.length < 2
                            ? 'Select at least two tags'
                            : `At most ${MAX_MERGE} tags at once`
                        }
                        disabled={pickedTags.length >= 2 && pickedTags.length <= MAX_MERGE}
                      >
                        <Button
                          size="xs"
                          leftSection={<IconArrowMerge size={16} />}
                          disabled={pickedTags.length < 2 || pickedTags.length > MAX_MERGE}
                          onClick={() => setModal({ kind: 'merge', tags: pickedTags })}
                        >
                          Merge into…
                        </Button>
                      </Tooltip>
                    </>
                  )}
                </Group>
              )}
            </Group>
            <Paper withBorder>
              <Table verticalSpacing="xs" horizontalSpacing="md" highlightOnHover data-testid="tags-table">
                <Table.Thead>
                  <Table.Tr>
                    {admin && (
                      <Table.Th w={44}>
                        <Checkbox
                          aria-label="Select all tags on this page"
                          checked={allOnPage}
                          indeterminate={!allOnPage && rows.some((t) => picked.includes(t.tag))}
                          onChange={() =>
                            setPicked((p) =>
                              allOnPage
                                ? p.filter((t) => !rows.some((r) => r.tag === t))
                                : [...new Set([...p, ...rows.map((r) => r.tag)])],
                            )
                          }
                        />
                      </Table.Th>
                    )}
                    <Table.Th>Tag</Table.Th>
                    <Table.Th ta="right">Contacts</Table.Th>
                    {admin && <Table.Th w={100} />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((t) => (
                    <Table.Tr
                      key={t.tag}
                      data-testid="tag-row"
                      data-tag={t.tag}
                      bg={picked.includes(t.tag) ? 'var(--mantine-color-brand-0)' : undefined}
                    >
                      {admin && (
                        <Table.Td>
                          <Checkbox
                            aria-label={`Select ${t.tag}`}
                            checked={picked.includes(t.tag)}
                            onChange={() => toggle(t.tag)}
                          />
                        </Table.Td>
                      )}
                      <Table.Td>
                        <Badge variant="outline" color="gray" tt="none" size="lg" radius="sm">
                          {t.tag}
                        </Badge>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Tooltip label="Show these contacts" openDelay={300}>
                          <Anchor
                            component={Link}
                            to={contactsViewUrl(tagFilter(t.tag))}
                            size="sm"
                            style={{ fontVariantNumeric: 'tabular-nums' }}
                            data-testid="tag-count"
                          >
                            {t.count.toLocaleString()}
                          </Anchor>
                        </Tooltip>
                      </Table.Td>
                      {admin && (
                        <Table.Td>
                          <Group gap={4} justify="flex-end" wrap="nowrap">
                            <Tooltip label="Rename">
                              <ActionIcon
                                variant="subtle"
                                color="gray"
                                aria-label={`Rename ${t.tag}`}
                                onClick={() => setModal({ kind: 'rename', tag: t })}
                              >
                                <IconEdit size={16} />
                              </ActionIcon>
                            </Tooltip>
                            <Tooltip label="Delete">
                              <ActionIcon
                                variant="subtle"
                                color="red"
                                aria-label={`Delete ${t.tag}`}
                                onClick={() => setDeleting(t)}
                              >
                                <IconTrash size={16} />
                              </ActionIcon>
                            </Tooltip>
                          </Group>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {rows.length === 0 && (
                <Group justify="center" gap="sm" p="xl">
                  <Text size="sm" c="dimmed">
                    No tag contains “{q.trim()}”.
                  </Text>
                  <Button size="compact-sm" variant="subtle" onClick={() => setQ('')}>
                    Show all tags
                  </Button>
                </Group>
              )}
              <Group
                justify="space-between"
                px="md"
                py="sm"
                style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
              >
                <Text size="sm" c="dimmed">
                  {shown.length === all.length
                    ? `${all.length.toLocaleString()} ${all.length === 1 ? 'tag' : 'tags'}, most used first`
                    : `${shown.length.toLocaleString()} of ${all.length.toLocaleString()} tags`}
                </Text>
                {pages > 1 && <Pagination size="sm" total={pages} value={current} onChange={setPage} />}
              </Group>
            </Paper>
          </>
        )}
      </QueryBody>
      <TagEditModal
        modal={modal}
        all={all}
        onClose={() => setModal(null)}
        onStarted={started}
        onDone={() => setPicked([])}
      />
      <ConfirmModal
        opened={!!deleting}
        title="Delete tag"
        confirmLabel="Delete tag"
        danger
        loading={del.isPending}
        onConfirm={confirmDelete}
        onClose={() => setDeleting(null)}
      >
        Remove <b>{deleting?.tag}</b> from the {deleting && contacts(deleting.count)} carrying it? The
        contacts stay; only the tag goes. This cannot be undone.
      </ConfirmModal>
    </Box>
  );
}
