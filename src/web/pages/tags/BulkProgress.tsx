import { Alert, Button, CloseButton, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import { isBulkRunning, useBulkAction, useCancelBulkAction, type BulkAction } from '../../api/bulk';
import { notifyError } from '../../components/notify';

const n = (x: number) => x.toLocaleString();
const contacts = (x: number) => `${n(x)} ${x === 1 ? 'contact' : 'contacts'}`;

/** What a finished bulk action did, in one sentence. */
export function bulkOutcome(a: BulkAction): string {
  const skipped = a.skipped > 0 ? `; ${n(a.skipped)} needed no change` : '';
  if (a.state === 'done') return `${contacts(a.changed)} changed${skipped}.`;
  if (a.state === 'cancelled')
    return `Stopped after ${contacts(a.processed)}: ${n(a.changed)} changed${skipped}.`;
  return a.error ?? 'The action stopped with an error.';
}

interface Props {
  /** The action as started; the banner follows it until it ends. */
  action: BulkAction;
  /** What the action does, e.g. “Renaming the tag vip to gold”. */
  label: string;
  onDismiss: () => void;
}

/**
 * A bulk action running in the background: a progress bar refreshed every second, then what it
 * did. It runs on the server, so leaving the page does not stop it.
 */
export function BulkProgress({ action, label, onDismiss }: Props) {
  const q = useBulkAction(action.id, action);
  const cancel = useCancelBulkAction();
  const a = q.data ?? action;
  const running = isBulkRunning(a);
  const percent = a.total > 0 ? Math.round((a.processed / a.total) * 100) : 0;

  if (!running) {
    const ok = a.state === 'done';
    return (
      <Alert
        mb="md"
        color={ok ? 'teal' : a.state === 'cancelled' ? 'gray' : 'red'}
        icon={ok ? <IconCheck size={18} /> : <IconAlertTriangle size={18} />}
        title={`${label}: ${ok ? 'done' : a.state === 'cancelled' ? 'cancelled' : 'failed'}`}
        withCloseButton
        closeButtonLabel="Dismiss"
        onClose={onDismiss}
        data-testid="bulk-progress"
        data-state={a.state}
      >
        {bulkOutcome(a)}
      </Alert>
    );
  }
  return (
    <Paper withBorder p="md" mb="md" data-testid="bulk-progress" data-state={a.state}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} size="sm">
            {label}…
          </Text>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
              {a.state === 'waiting' ? 'Waiting to start' : `${percent}%`}
            </Text>
            <Button
              size="compact-sm"
              variant="subtle"
              color="gray"
              loading={cancel.isPending}
              onClick={() => cancel.mutate(a.id, { onError: (e) => notifyError(e, 'Could not cancel') })}
            >
              Cancel
            </Button>
            <CloseButton size="sm" aria-label="Hide progress" onClick={onDismiss} />
          </Group>
        </Group>
        <Progress
          value={a.state === 'waiting' ? 100 : Math.max(percent, 2)}
          color={a.state === 'waiting' ? 'gray' : undefined}
          striped
          animated
          size="lg"
          aria-label={label}
          aria-valuetext={`${percent}%`}
        />
        <Text size="xs" c="dimmed">
          {n(a.processed)} of {contacts(a.total)} done · it runs on the server, so you can leave this page.
        </Text>
      </Stack>
    </Paper>
  );
}
