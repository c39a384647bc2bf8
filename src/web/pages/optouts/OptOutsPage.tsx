import { useDeferredValue, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Anchor,
  Badge,
  Button,
  CloseButton,
  Drawer,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Timeline,
} from '@mantine/core';
import { IconBan, IconCircleCheck, IconFileImport, IconHistory, IconSearch } from '@tabler/icons-react';
import { useOptOutHistory, useOptOuts, type OptOutItem } from '../../api/optouts';
import type { Channel } from '../../api/types';
import { useSession } from '../../layout/session';
import { CHANNEL_LABELS, PHONE_CHANNELS } from '../../lib/constants';
import { formatDateTime, timeAgo } from '../../lib/format';
import { displayPhone } from '../../lib/phone';
import { EmptyPanel } from '../../components/EmptyPanel';
import { PageHeader } from '../../components/PageHeader';
import { QueryBody } from '../../components/QueryBody';
import { CHANNEL_OPTIONS, ImportOptOutsModal, ValueStatusModal } from './OptOutModals';

const SOURCE_LABELS: Record<string, string> = {
  user: 'Changed by a user',
  api: 'API',
  import: 'Imported list',
  inbound: 'Inbound message',
  suppression: 'Suppression list',
  system: 'System',
};

const shown = (channel: string, value: string) =>
  (PHONE_CHANNELS as readonly string[]).includes(channel) || channel === 'whatsapp'
    ? displayPhone(value)
    : value;

type ValueModal = { mode: 'opted_out' | 'active'; item?: OptOutItem };

/** Every opted-out contact point and suppressed value; admins opt out, reinstate and import. */
export function OptOutsPage() {
  const me = useSession();
  const [channel, setChannel] = useState<Channel | ''>('');
  const [q, setQ] = useState('');
  const deferredQ = useDeferredValue(q.trim());
  const list = useOptOuts(channel, deferredQ);
  const [modal, setModal] = useState<ValueModal | null>(null);
  const [importing, setImporting] = useState(false);
  const [historyOf, setHistoryOf] = useState<OptOutItem | null>(null);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = channel !== '' || deferredQ !== '';

  return (
    <>
      <PageHeader
        title="Opt-outs"
        description="Contact points that must not be called or messaged, and suppressed values no contact has yet. Dialers and senders check this list before every attempt."
        actions={
          me.isManager && (
            <>
              <Button
                variant="light"
                leftSection={<IconFileImport size={16} />}
                onClick={() => setImporting(true)}
              >
                Import list
              </Button>
              <Button
                color="red"
                leftSection={<IconBan size={16} />}
                onClick={() => setModal({ mode: 'opted_out' })}
              >
                Opt out a value
              </Button>
            </>
          )
        }
      />
      <Group mb="md" gap="md">
        <TextInput
          placeholder="Search a number or address"
          aria-label="Search opt-outs"
          leftSection={<IconSearch size={16} />}
          rightSection={
            q ? <CloseButton size="sm" aria-label="Clear search" onClick={() => setQ('')} /> : null
          }
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={300}
        />
        <Select
          aria-label="Channel"
          placeholder="All channels"
          data={CHANNEL_OPTIONS}
          value={channel || null}
          onChange={(v) => setChannel((v ?? '') as Channel | '')}
          clearable
          w={200}
        />
      </Group>
      <QueryBody
        query={list}
        rows={8}
        isEmpty={() => items.length === 0}
        empty={
          <EmptyPanel
            icon={<IconCircleCheck size={28} />}
            title={filtered ? 'Nothing opted out matches' : 'No opt-outs yet'}
            description={
              filtered
                ? 'Try another channel or search.'
                : 'When someone asks not to be contacted, opt out their number or address here, on their contact, or import a do-not-call list.'
            }
          />
        }
      >
        {() => (
          <Stack gap="sm">
            <Paper withBorder>
              <Table verticalSpacing="xs" horizontalSpacing="md" highlightOnHover data-testid="optouts-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Value</Table.Th>
                    <Table.Th>Channel</Table.Th>
                    <Table.Th>Contact</Table.Th>
                    <Table.Th>Opted out</Table.Th>
                    <Table.Th>Reason</Table.Th>
                    <Table.Th w={190} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((i) => (
                    <Table.Tr
                      key={`${i.channel}:${i.normalized}:${i.contact?.id ?? ''}`}
                      data-testid="optout-row"
                      data-value={i.normalized}
                    >
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {shown(i.channel, i.normalized)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{CHANNEL_LABELS[i.channel]}</Text>
                      </Table.Td>
                      <Table.Td>
                        {i.contact ? (
                          <Group gap={6} wrap="nowrap">
                            <Anchor component={Link} to={`/contacts/${i.contact.id}`} size="sm">
                              {i.contact.displayName}
                            </Anchor>
                            {i.contact.blocked && (
                              <Badge size="xs" color="red" variant="light">
                                Blocked
                              </Badge>
                            )}
                          </Group>
                        ) : (
                          <Badge variant="light" color="gray" tt="none" data-testid="suppressed">
                            Suppressed: no contact yet
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text
                          size="sm"
                          title={i.since ? formatDateTime(i.since, me.workspace.dateFormat) : undefined}
                        >
                          {i.since ? timeAgo(i.since) : '—'}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {i.source ? (SOURCE_LABELS[i.source] ?? i.source) : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td maw={260}>
                        <Text size="sm" lineClamp={2}>
                          {i.reason ?? '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            leftSection={<IconHistory size={14} />}
                            onClick={() => setHistoryOf(i)}
                          >
                            History
                          </Button>
                          {me.isManager && (
                            <Button
                              size="compact-sm"
                              variant="subtle"
                              color="teal"
                              onClick={() => setModal({ mode: 'active', item: i })}
                            >
                              Reinstate
                            </Button>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
            {list.hasNextPage && (
              <Group justify="center">
                <Button
                  variant="default"
                  loading={list.isFetchingNextPage}
                  onClick={() => list.fetchNextPage()}
                >
                  Show more
                </Button>
              </Group>
            )}
          </Stack>
        )}
      </QueryBody>
      {modal && (
        <ValueStatusModal
          key={`${modal.mode}:${modal.item?.normalized ?? ''}`}
          mode={modal.mode}
          initial={modal.item && { channel: modal.item.channel, value: modal.item.normalized }}
          onClose={() => setModal(null)}
        />
      )}
      <ImportOptOutsModal opened={importing} onClose={() => setImporting(false)} />
      <HistoryDrawer
        item={historyOf}
        onClose={() => setHistoryOf(null)}
        dateFormat={me.workspace.dateFormat}
      />
    </>
  );
}

function HistoryDrawer({
  item,
  onClose,
  dateFormat,
}: {
  item: OptOutItem | null;
  onClose: () => void;
  dateFormat: string;
}) {
  const history = useOptOutHistory(item && { channel: item.channel, value: item.normalized });
  return (
    <Drawer
      opened={item !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={<Text fw={600}>History of {item ? shown(item.channel, item.normalized) : ''}</Text>}
    >
      {history.isPending ? (
        <Group justify="center" py="xl">
          <Loader size="sm" />
        </Group>
      ) : history.isError ? (
        <Text size="sm" c="red">
          Could not load the history.
        </Text>
      ) : (
        <Timeline bulletSize={24} lineWidth={2} data-testid="optout-history">
          {history.data.items.map((e) => (
            <Timeline.Item
              key={e.id}
              color={e.status === 'opted_out' ? 'red' : 'teal'}
              bullet={e.status === 'opted_out' ? <IconBan size={14} /> : <IconCircleCheck size={14} />}
              title={e.status === 'opted_out' ? 'Opted out' : 'Reinstated'}
            >
              <Text size="sm">{e.reason ?? 'No reason given'}</Text>
              <Text size="xs" c="dimmed">
                {SOURCE_LABELS[e.source] ?? e.source} · {e.actor.name ?? 'the system'} ·{' '}
                {formatDateTime(e.at, dateFormat)}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Drawer>
  );
}
