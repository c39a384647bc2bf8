import { useState } from 'react';
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import {
  IconDots,
  IconKey,
  IconList,
  IconPencil,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlus,
  IconSend,
  IconTrash,
  IconWebhook,
} from '@tabler/icons-react';
import { ALL_EVENTS } from '../../../modules/webhooks/events';
import {
  useDeleteWebhook,
  useRotateSecret,
  useSendTest,
  useUpdateWebhook,
  useWebhooks,
  type Webhook,
} from '../../api/webhooks';
import { useSession } from '../../layout/session';
import { formatDateTime, timeAgo } from '../../lib/format';
import { PageHeader } from '../../components/PageHeader';
import { QueryBody } from '../../components/QueryBody';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ConfirmModal } from '../../components/ConfirmModal';
import { notifyError, notifySuccess } from '../../components/notify';
import { DeliveriesDrawer, STATE_COLORS, STATE_LABELS } from '../webhooks/DeliveriesDrawer';
import { ShowSecret, WebhookFormModal } from '../webhooks/WebhookFormModal';

function LastDelivery({ hook, dateFormat }: { hook: Webhook; dateFormat: string }) {
  const d = hook.lastDelivery;
  if (!d)
    return (
      <Text size="sm" c="dimmed">
        None yet
      </Text>
    );
  return (
    <Stack gap={2} data-testid="last-delivery" data-state={d.state}>
      <Group gap={6} wrap="nowrap">
        <Badge size="sm" variant="light" color={STATE_COLORS[d.state]}>
          {STATE_LABELS[d.state]}
        </Badge>
        {d.lastStatus !== null && (
          <Text size="xs" fw={600} style={{ whiteSpace: 'nowrap' }}>
            HTTP {d.lastStatus}
          </Text>
        )}
      </Group>
      <Text size="xs" c="dimmed" title={formatDateTime(d.at, dateFormat)}>
        {d.event} · {timeAgo(d.at)}
      </Text>
    </Stack>
  );
}

function HookActions({
  hook,
  onEdit,
  onDelete,
  onSecret,
  onDeliveries,
}: {
  hook: Webhook;
  onEdit: () => void;
  onDelete: () => void;
  onSecret: (secret: string) => void;
  onDeliveries: () => void;
}) {
  const update = useUpdateWebhook();
  const test = useSendTest();
  const rotate = useRotateSecret();
  const paused = hook.state === 'paused';
  const setState = () =>
    update.mutate(
      { id: hook.id, state: paused ? 'active' : 'paused' },
      {
        onSuccess: () => notifySuccess(paused ? 'The webhook was resumed.' : 'The webhook was paused.'),
        onError: (e) => notifyError(e, 'Could not change the webhook'),
      },
    );
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <Button size="compact-sm" variant="subtle" leftSection={<IconList size={14} />} onClick={onDeliveries}>
        Deliveries
      </Button>
      <Tooltip label="Send a ping event now">
        <Button
          size="compact-sm"
          variant="subtle"
          leftSection={<IconSend size={14} />}
          loading={test.isPending}
          onClick={() =>
            test.mutate(hook.id, {
              onSuccess: (d) =>
                d.state === 'succeeded'
                  ? notifySuccess(`The receiver answered HTTP ${d.lastStatus}.`, 'Test event delivered')
                  : notifyError(new Error(d.lastError ?? 'No answer'), 'Test event not delivered'),
              onError: (e) => notifyError(e, 'Could not send a test event'),
            })
          }
        >
          Test
        </Button>
      </Tooltip>
      <Button
        size="compact-sm"
        variant="subtle"
        color={paused ? 'teal' : 'orange'}
        leftSection={paused ? <IconPlayerPlay size={14} /> : <IconPlayerPause size={14} />}
        loading={update.isPending}
        onClick={setState}
      >
        {paused ? 'Resume' : 'Pause'}
      </Button>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${hook.url}`}>
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconPencil size={14} />} onClick={onEdit}>
            Edit
          </Menu.Item>
          <Menu.Item
            leftSection={<IconKey size={14} />}
            onClick={() =>
              rotate.mutate(hook.id, {
                onSuccess: (h) => onSecret(h.secret),
                onError: (e) => notifyError(e, 'Could not rotate the secret'),
              })
            }
          >
            Rotate secret
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={onDelete}>
            Delete
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

/** Admins register URLs that receive contact events, see how deliveries went, pause and test. */
export function WebhooksPage() {
  const me = useSession();
  const hooks = useWebhooks();
  const remove = useDeleteWebhook();
  const [form, setForm] = useState<{ hook: Webhook | null } | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [drawerId, setDrawerId] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const drawerHook = hooks.data?.find((h) => h.id === drawerId) ?? null;
  const add = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({ hook: null })}>
      Add webhook
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="URLs that receive contact, opt-out and outbound events as they happen, signed with a secret."
        actions={add}
      />
      <QueryBody
        query={hooks}
        rows={3}
        isEmpty={(data) => data.length === 0}
        empty={
          <EmptyPanel
            icon={<IconWebhook size={28} />}
            title="No webhooks yet"
            description="Add a URL to have your CRM, dialer or scripts told when contacts change."
            action={add}
          />
        }
      >
        {(data) => (
          <Paper withBorder>
            <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="webhooks-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>URL</Table.Th>
                  <Table.Th>Events</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>Last delivery</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.map((h) => (
                  <Table.Tr key={h.id} data-testid="webhook-row" data-url={h.url} data-state={h.state}>
                    <Table.Td maw={340}>
                      <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                        {h.url}
                      </Text>
                      {h.description && (
                        <Text size="xs" c="dimmed">
                          {h.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td maw={260}>
                      <Group gap={4}>
                        {h.events.map((e) => (
                          <Badge key={e} size="sm" variant="outline" color="gray" tt="none">
                            {e === ALL_EVENTS ? 'All events' : e}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={h.state === 'active' ? 'teal' : 'gray'}>
                        {h.state === 'active' ? 'Active' : 'Paused'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <LastDelivery hook={h} dateFormat={me.workspace.dateFormat} />
                    </Table.Td>
                    <Table.Td>
                      <HookActions
                        hook={h}
                        onEdit={() => setForm({ hook: h })}
                        onDelete={() => setDeleting(h)}
                        onSecret={setSecret}
                        onDeliveries={() => setDrawerId(h.id)}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </QueryBody>
      <WebhookFormModal opened={form !== null} hook={form?.hook ?? null} onClose={() => setForm(null)} />
      <Modal
        opened={secret !== null}
        onClose={() => setSecret(null)}
        size="lg"
        closeOnClickOutside={false}
        title={<Text fw={600}>New signing secret</Text>}
      >
        {secret && <ShowSecret secret={secret} onClose={() => setSecret(null)} />}
      </Modal>
      <DeliveriesDrawer
        hook={drawerHook}
        onClose={() => setDrawerId(null)}
        dateFormat={me.workspace.dateFormat}
      />
      <ConfirmModal
        opened={!!deleting}
        title="Delete webhook"
        confirmLabel="Delete"
        danger
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifySuccess('The webhook and its deliveries were deleted.');
              setDeleting(null);
            },
            onError: (e) => notifyError(e, 'Could not delete the webhook'),
          })
        }
      >
        <b>{deleting?.url}</b> will receive no more events, and its delivery history is deleted. This cannot
        be undone.
      </ConfirmModal>
    </>
  );
}
