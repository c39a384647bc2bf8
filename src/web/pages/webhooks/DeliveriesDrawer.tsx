import { useState } from 'react';
import {
  Badge,
  Button,
  Code,
  Collapse,
  Drawer,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Stack,
  Text,
} from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconRefresh, IconSend } from '@tabler/icons-react';
import {
  useDeliveries,
  useRetryDelivery,
  useSendTest,
  type Delivery,
  type DeliveryState,
  type Webhook,
} from '../../api/webhooks';
import { errorMessage } from '../../api/client';
import { formatDateTime, timeAgo } from '../../lib/format';
import { notifyError } from '../../components/notify';

export const STATE_COLORS: Record<DeliveryState, string> = {
  pending: 'gray',
  sending: 'blue',
  succeeded: 'teal',
  failed: 'orange',
  dead: 'red',
};

export const STATE_LABELS: Record<DeliveryState, string> = {
  pending: 'Pending',
  sending: 'Sending',
  succeeded: 'Delivered',
  failed: 'Failed, will retry',
  dead: 'Failed for good',
};

const FILTERS = [
  { value: 'all', label: 'All' },
  { value: 'succeeded', label: 'Delivered' },
  { value: 'failed', label: 'Retrying' },
  { value: 'dead', label: 'Failed' },
  { value: 'pending', label: 'Pending' },
];

function DeliveryCard({ d, hook, dateFormat }: { d: Delivery; hook: Webhook; dateFormat: string }) {
  const retry = useRetryDelivery();
  const [open, setOpen] = useState(false);
  const answer =
    d.lastStatus !== null ? `HTTP ${d.lastStatus}` : d.attempts > 0 ? 'No answer' : 'Not sent yet';
  return (
    <Paper withBorder p="sm" data-testid="delivery" data-event={d.event} data-state={d.state}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            <Text fw={600} size="sm">
              {d.event}
            </Text>
            <Badge size="sm" variant="light" color={STATE_COLORS[d.state]} data-testid="delivery-state">
              {STATE_LABELS[d.state]}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed" title={formatDateTime(d.createdAt, dateFormat)}>
            {timeAgo(d.createdAt)} · {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'} ·{' '}
            <Text span size="xs" fw={600} c={d.lastStatus && d.lastStatus < 300 ? 'teal' : undefined}>
              {answer}
            </Text>
            {d.nextAttemptAt && d.state === 'failed' && (
              <> · next try {formatDateTime(d.nextAttemptAt, dateFormat)}</>
            )}
          </Text>
          {d.lastError && (
            <Text size="xs" c="red" data-testid="delivery-error">
              {d.lastError}
            </Text>
          )}
        </Stack>
        <Button
          size="compact-sm"
          variant="light"
          leftSection={<IconRefresh size={14} />}
          loading={retry.isPending}
          disabled={d.state === 'sending'}
          onClick={() =>
            retry.mutate(
              { webhookId: hook.id, deliveryId: d.id },
              { onError: (e) => notifyError(e, 'Could not send it again') },
            )
          }
        >
          Retry
        </Button>
      </Group>
      <Button
        variant="subtle"
        size="compact-xs"
        mt={4}
        leftSection={open ? <IconChevronDown size={12} /> : <IconChevronRight size={12} />}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? 'Hide details' : 'Details'}
      </Button>
      <Collapse expanded={open}>
        <Stack gap={6} mt={6}>
          <Text size="xs" c="dimmed">
            Event {d.eventId}
          </Text>
          <Code block style={{ maxHeight: 220, overflow: 'auto', fontSize: 12 }}>
            {JSON.stringify(d.data, null, 2)}
          </Code>
          {d.response && (
            <>
              <Text size="xs" c="dimmed">
                Answer (first 1 KB)
              </Text>
              <Code block style={{ maxHeight: 120, overflow: 'auto', fontSize: 12 }}>
                {d.response}
              </Code>
            </>
          )}
        </Stack>
      </Collapse>
    </Paper>
  );
}

/** A hook's deliveries, newest first, with a filter, retries and a test event. */
export function DeliveriesDrawer({
  hook,
  onClose,
  dateFormat,
}: {
  hook: Webhook | null;
  onClose: () => void;
  dateFormat: string;
}) {
  const [filter, setFilter] = useState('all');
  const state = filter === 'all' ? null : (filter as DeliveryState);
  const list = useDeliveries(hook?.id ?? null, state);
  const test = useSendTest();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Drawer
      opened={hook !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={
        <Stack gap={0}>
          <Text fw={600}>Deliveries</Text>
          <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
            {hook?.url}
          </Text>
        </Stack>
      }
    >
      {hook && (
        <Stack gap="sm" data-testid="deliveries">
          <Group justify="space-between">
            <SegmentedControl
              size="xs"
              data={FILTERS}
              value={filter}
              onChange={setFilter}
              aria-label="Show"
            />
            <Button
              size="xs"
              variant="light"
              leftSection={<IconSend size={14} />}
              loading={test.isPending}
              onClick={() =>
                test.mutate(hook.id, { onError: (e) => notifyError(e, 'Could not send a test event') })
              }
            >
              Send test event
            </Button>
          </Group>
          {list.isPending ? (
            <Group justify="center" py="xl">
              <Loader size="sm" />
            </Group>
          ) : list.isError ? (
            <Text size="sm" c="red">
              {errorMessage(list.error)}
            </Text>
          ) : items.length === 0 ? (
            <Text size="sm" c="dimmed" py="lg" ta="center">
              {state
                ? 'No deliveries in this state.'
                : 'No deliveries yet. Send a test event to try the URL.'}
            </Text>
          ) : (
            <>
              {items.map((d) => (
                <DeliveryCard key={d.id} d={d} hook={hook} dateFormat={dateFormat} />
              ))}
              {list.hasNextPage && (
                <Group justify="center">
                  <Button
                    variant="default"
                    size="xs"
                    loading={list.isFetchingNextPage}
                    onClick={() => list.fetchNextPage()}
                  >
                    Show more
                  </Button>
                </Group>
              )}
            </>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
