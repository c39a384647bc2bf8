import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import {
  IconArrowBackUp,
  IconCircleX,
  IconListDetails,
  IconSortDescendingNumbers,
  IconStarFilled,
  IconTrash,
} from '@tabler/icons-react';
import { isApiError } from '../../api/client';
import { useUsers } from '../../api/hooks';
import {
  usePatchEntry,
  useRemoveEntry,
  useEntries,
  type Entry,
  type EntryState,
  type OutboundList,
} from '../../api/campaigns';
import type { Result } from '../../../modules/campaigns/rules';
import { useSession } from '../../layout/session';
import { CHANNEL_LABELS } from '../../lib/constants';
import { formatDateTime } from '../../lib/format';
import { displayPhone } from '../../lib/phone';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyPanel } from '../../components/EmptyPanel';
import { notifyError, notifySuccess } from '../../components/notify';
import { QueryBody } from '../../components/QueryBody';
import type { Channel } from '../../api/types';
import { RESULT_LABELS, STATE_COLORS, STATE_HELP, STATE_LABELS, relativeTime } from './format';
import { RowActions } from '../../components/RowActions';

/** Channels whose addresses are phone numbers, shown as people write them. */
const PHONE_LIKE = new Set(['phone', 'sms', 'whatsapp']);

/** States whose next try means something: the entry waits for it. */
const WAITING: readonly EntryState[] = ['callable', 'open'];

/** An address as people write it: phone numbers grouped, others as they are. */
const shownAddress = (e: Entry) =>
  e.address && PHONE_LIKE.has(e.addressChannel ?? '') ? displayPhone(e.address) : (e.address ?? '');

/** The name a web service gave an entry without a contact (its payload's `name`), if any. */
function payloadName(e: Entry): string | null {
  const n = e.payload?.name;
  return typeof n === 'string' && n.trim() ? n.trim() : null;
}

const name = (e: Entry) => e.contact?.displayName ?? payloadName(e) ?? (shownAddress(e) || 'Unknown contact');

/** A list's entries, a page at a time, with what can be done to each. */
export function EntriesTable({ list, state }: { list: OutboundList; state: EntryState | null }) {
  const me = useSession();
  const users = useUsers();
  const entries = useEntries(list.id, state);
  const patch = usePatchEntry(list);
  const remove = useRemoveEntry(list);
  const [priorityOf, setPriorityOf] = useState<Entry | null>(null);
  const [removing, setRemoving] = useState<Entry | null>(null);
  const items = entries.data?.pages.flatMap((p) => p.items) ?? [];
  const agentName = (id: string | null) => (id ? (users.data?.find((u) => u.id === id)?.name ?? null) : null);
  const fmt = (v: string | null) => formatDateTime(v, me.workspace.dateFormat);

  const setState = (e: Entry, to: 'callable' | 'closed') =>
    patch.mutate(
      { id: e.id, state: to },
      {
        onSuccess: () =>
          notifySuccess(
            to === 'callable' ? `${name(e)} is back in the queue.` : `${name(e)} will not be called.`,
            to === 'callable' ? 'Requeued' : 'Closed',
          ),
        onError: (err) => notifyError(err, 'Could not change the entry'),
      },
    );
  const confirmRemove = () =>
    removing &&
    remove.mutate(removing.id, {
      onSuccess: () => {
        notifySuccess(
          `${name(removing)} was taken off the list${removing.contact ? '; the contact stays' : ''}.`,
          'Entry removed',
        );
        setRemoving(null);
      },
      onError: (err) => notifyError(err, 'Could not remove the entry'),
    });

  return (
    <>
      <QueryBody
        query={entries}
        rows={6}
        isEmpty={() => items.length === 0}
        empty={
          <EmptyPanel
            icon={<IconListDetails size={28} />}
            title={state ? `No ${STATE_LABELS[state].toLowerCase()} entries` : 'No entries yet'}
            description={
              state
                ? STATE_HELP[state]
                : list.source === 'web_service'
                  ? 'Entries come from the campaign’s web service: “Load contacts” asks it for new ones.'
                  : 'Add contacts by hand, from a filter or segment, or from a file with “Add contacts”.'
            }
          />
        }
      >
        {() => (
          <Stack gap="sm">
            <Paper withBorder>
              <Table.ScrollContainer minWidth={1100} type="native">
                <Table
                  verticalSpacing="xs"
                  horizontalSpacing="md"
                  highlightOnHover
                  data-testid="entries-table"
                >
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Contact</Table.Th>
                      <Table.Th>State</Table.Th>
                      <Table.Th ta="right">Priority</Table.Th>
                      <Table.Th>Next try</Table.Th>
                      <Table.Th ta="right">Attempts</Table.Th>
                      <Table.Th>Last result</Table.Th>
                      <Table.Th>Time zone</Table.Th>
                      <Table.Th>Flag</Table.Th>
                      <Table.Th w={50} />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((e) => {
                      const agent = agentName(e.preferredAgentId);
                      const leased = e.state === 'planning';
                      return (
                        <Table.Tr key={e.id} data-testid="entry-row" data-name={name(e)} data-state={e.state}>
                          <Table.Td maw={280}>
                            {e.contact ? (
                              <Anchor component={Link} to={`/contacts/${e.contact.id}`} size="sm" fw={600}>
                                {e.contact.displayName}
                              </Anchor>
                            ) : (
                              <Text size="sm" fw={600}>
                                {name(e)}
                              </Text>
                            )}
                            {e.address && (
                              <Text size="xs" c="dimmed" truncate data-testid="entry-address">
                                {CHANNEL_LABELS[e.addressChannel as Channel] ?? e.addressChannel}
                                {/* Without a contact or a name, the address is the line above already. */}
                                {e.contact || payloadName(e) ? `: ${shownAddress(e)}` : ''}
                                {!e.contact && ' · no contact'}
                              </Text>
                            )}
                            {(agent || e.skill) && (
                              <Text size="xs" c="dimmed" truncate>
                                {[agent && `Agent: ${agent}`, e.skill && `Skill: ${e.skill}`]
                                  .filter(Boolean)
                                  .join(' · ')}
                              </Text>
                            )}
                          </Table.Td>
                          <Table.Td>
                            <Tooltip label={STATE_HELP[e.state]}>
                              <Badge
                                color={STATE_COLORS[e.state]}
                                variant="light"
                                data-testid="entry-state"
                                data-state={e.state}
                              >
                                {STATE_LABELS[e.state]}
                              </Badge>
                            </Tooltip>
                          </Table.Td>
                          <Table.Td ta="right">
                            <Group gap={6} justify="flex-end" wrap="nowrap">
                              {e.topPriority && (
                                <Badge
                                  color="yellow"
                                  variant="light"
                                  size="sm"
                                  leftSection={<IconStarFilled size={10} />}
                                  data-testid="entry-top"
                                >
                                  Top
                                </Badge>
                              )}
                              <Text
                                size="sm"
                                data-testid="entry-priority"
                                style={{ fontVariantNumeric: 'tabular-nums' }}
                              >
                                {e.priority}
                              </Text>
                            </Group>
                          </Table.Td>
                          <Table.Td className="nowrap" data-testid="entry-next-try">
                            {leased && e.leaseExpiresAt ? (
                              <Text size="sm" title={fmt(e.leaseExpiresAt)}>
                                {new Date(e.leaseExpiresAt).getTime() > Date.now()
                                  ? `Leased, ${relativeTime(e.leaseExpiresAt).replace(/^in /, 'for ')}`
                                  : 'Lease ended'}
                              </Text>
                            ) : WAITING.includes(e.state) ? (
                              <Text size="sm" title={fmt(e.nextTryAt)}>
                                {/* Past due is due: it goes at the next lease. */}
                                {new Date(e.nextTryAt).getTime() <= Date.now()
                                  ? 'now'
                                  : relativeTime(e.nextTryAt)}
                              </Text>
                            ) : (
                              <Text size="sm" c="dimmed">
                                —
                              </Text>
                            )}
                          </Table.Td>
                          <Table.Td ta="right">
                            <Text
                              size="sm"
                              data-testid="entry-attempts"
                              title={e.lastAttemptAt ? `Last attempt ${fmt(e.lastAttemptAt)}` : undefined}
                              style={{ fontVariantNumeric: 'tabular-nums' }}
                            >
                              {e.attempts}
                            </Text>
                          </Table.Td>
                          <Table.Td className="nowrap">
                            <Text
                              size="sm"
                              data-testid="entry-result"
                              c={e.lastResult ? undefined : 'dimmed'}
                            >
                              {e.lastResult ? (RESULT_LABELS[e.lastResult as Result] ?? e.lastResult) : '—'}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm" data-testid="entry-zones">
                              {e.timeZones.join(', ') || '—'}
                            </Text>
                          </Table.Td>
                          <Table.Td maw={220}>
                            {e.flagReason ? (
                              <Text size="sm" c="red" lineClamp={2} title={e.flagReason}>
                                {e.flagReason}
                              </Text>
                            ) : (
                              <Text size="sm" c="dimmed">
                                —
                              </Text>
                            )}
                          </Table.Td>
                          <Table.Td>
                            <RowActions label={`Actions for ${name(e)}`} width={210}>
                              {e.state !== 'callable' && (
                                <Menu.Item
                                  leftSection={<IconArrowBackUp size={16} />}
                                  disabled={leased}
                                  onClick={() => setState(e, 'callable')}
                                >
                                  Requeue
                                </Menu.Item>
                              )}
                              {e.state !== 'closed' && (
                                <Menu.Item
                                  leftSection={<IconCircleX size={16} />}
                                  disabled={leased}
                                  onClick={() => setState(e, 'closed')}
                                >
                                  Close
                                </Menu.Item>
                              )}
                              <Menu.Item
                                leftSection={<IconSortDescendingNumbers size={16} />}
                                disabled={leased}
                                onClick={() => setPriorityOf(e)}
                              >
                                Change priority…
                              </Menu.Item>
                              <Menu.Divider />
                              <Menu.Item
                                leftSection={<IconTrash size={16} />}
                                color="red"
                                onClick={() => setRemoving(e)}
                              >
                                Remove from list
                              </Menu.Item>
                              {leased && (
                                <Menu.Label>A dialer holds this entry until its lease ends.</Menu.Label>
                              )}
                            </RowActions>
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
            {entries.hasNextPage && (
              <Group justify="center">
                <Button
                  variant="default"
                  loading={entries.isFetchingNextPage}
                  onClick={() => entries.fetchNextPage()}
                >
                  Load more
                </Button>
              </Group>
            )}
          </Stack>
        )}
      </QueryBody>
      <PriorityModal list={list} entry={priorityOf} onClose={() => setPriorityOf(null)} />
      <ConfirmModal
        opened={!!removing}
        title="Remove from list"
        confirmLabel="Remove"
        danger
        loading={remove.isPending}
        onConfirm={confirmRemove}
        onClose={() => setRemoving(null)}
      >
        {removing &&
          `${name(removing)} is taken off “${list.name}” with its attempts.${removing.contact ? ' The contact stays.' : ''}`}
      </ConfirmModal>
    </>
  );
}

function PriorityModal({
  list,
  entry,
  onClose,
}: {
  list: OutboundList;
  entry: Entry | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={!!entry}
      onClose={onClose}
      size="sm"
      title={<Text fw={600}>Priority of {entry ? name(entry) : ''}</Text>}
    >
      {entry && <PriorityForm key={entry.id} list={list} entry={entry} onClose={onClose} />}
    </Modal>
  );
}

function PriorityForm({ list, entry, onClose }: { list: OutboundList; entry: Entry; onClose: () => void }) {
  const patch = usePatchEntry(list);
  const [priority, setPriority] = useState<number | string>(entry.priority);
  const [top, setTop] = useState(entry.topPriority);
  const errors = isApiError(patch.error) ? patch.error.fieldErrors : {};
  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    patch.mutate(
      { id: entry.id, priority: Number(priority), topPriority: top },
      {
        onSuccess: () => {
          notifySuccess(
            `${name(entry)}: priority ${Number(priority)}${top ? ', top priority' : ''}.`,
            'Saved',
          );
          onClose();
        },
        onError: (e) => {
          if (!isApiError(e) || !e.errors.length) notifyError(e, 'Could not change the priority');
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <NumberInput
          label="Priority"
          description="Higher is handed out first, from -1000 to 1000"
          min={-1000}
          max={1000}
          allowDecimal={false}
          value={priority}
          onChange={setPriority}
          error={errors.priority}
          data-autofocus
        />
        <Switch
          label="Top priority"
          description="Before every entry that is not"
          checked={top}
          onChange={(e) => setTop(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={patch.isPending} disabled={priority === ''}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
