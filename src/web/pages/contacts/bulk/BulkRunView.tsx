import { useEffect, useRef } from 'react';
import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconPlayerStop } from '@tabler/icons-react';
import { isBulkRunning, useBulkAction, useCancelBulkAction, type BulkAction } from '../../../api/bulk';
import { notifyError } from '../../../components/notify';
import type { ActionKind } from './actions';
import { contactsWord, num } from './target';
import { DOING, OUTCOME } from './words';

interface Props {
  /** The action as the server answered when it started; followed until it ends. */
  action: BulkAction;
  kind: Exclude<ActionKind, 'export'>;
  /** Called once when an action seen running ends. */
  onEnd?: (a: BulkAction) => void;
}

/** A bulk action's progress (processed of total, with Cancel) and, once it ends, what it did. */
export function BulkRunView({ action, kind, onEnd }: Props) {
  const live = useBulkAction(action.id, action);
  const cancel = useCancelBulkAction();
  const a = live.data ?? action;
  const wasRunning = useRef(isBulkRunning(action));
  const end = useRef(onEnd);
  end.current = onEnd;
  useEffect(() => {
    if (wasRunning.current && !isBulkRunning(a)) {
      wasRunning.current = false;
      end.current?.(a);
    }
  }, [a]);
  if (!isBulkRunning(a)) return <BulkResult action={a} kind={kind} />;
  const percent = a.total > 0 ? Math.floor((a.processed / a.total) * 100) : 0;
  return (
    <Stack gap="sm" data-testid="bulk-run" data-state={a.state}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" fw={600}>
          {a.state === 'waiting' ? 'Waiting to start…' : `${DOING[kind]}…`}
        </Text>
        <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {num(a.processed)} of {num(a.total)} · {percent}%
        </Text>
      </Group>
      <Progress
        value={a.state === 'waiting' ? 100 : Math.max(percent, 2)}
        color={a.state === 'waiting' ? 'gray' : undefined}
        striped
        animated
        size="lg"
        aria-label={DOING[kind]}
      />
      <Group justify="space-between" wrap="nowrap">
        <Text size="xs" c="dimmed">
          It runs on the server: you can close this window and keep working.
        </Text>
        <Button
          size="xs"
          variant="light"
          color="red"
          leftSection={<IconPlayerStop size={14} />}
          loading={cancel.isPending}
          onClick={() => cancel.mutate(a.id, { onError: (e) => notifyError(e, 'Could not cancel') })}
        >
          Cancel the action
        </Button>
      </Group>
    </Stack>
  );
}

/** What a finished action did: changed, skipped, and what was left undone when it stopped. */
export function BulkResult({ action: a, kind }: { action: BulkAction; kind: Exclude<ActionKind, 'export'> }) {
  const words = OUTCOME[kind];
  const undone = a.total - a.processed;
  const ok = a.state === 'done';
  const title = ok ? 'Done' : a.state === 'cancelled' ? 'Cancelled' : 'Stopped on an error';
  return (
    <Alert
      color={ok ? 'teal' : a.state === 'cancelled' ? 'gray' : 'red'}
      icon={ok ? <IconCheck size={18} /> : <IconAlertTriangle size={18} />}
      title={title}
      data-testid="bulk-result"
      data-state={a.state}
      data-changed={a.changed}
      data-skipped={a.skipped}
      data-failed={a.failed}
    >
      <Stack gap={4}>
        {a.state === 'failed' && a.error && <Text size="sm">{a.error}</Text>}
        <Text size="sm">
          <b>{contactsWord(a.changed)}</b> {a.changed === 1 ? 'was' : 'were'} {words.changed}.
        </Text>
        {a.skipped > 0 && (
          <Text size="sm">
            <b>{num(a.skipped)}</b> {words.skipped}, so they were left as they were.
          </Text>
        )}
        {a.failed > 0 && (
          <Text size="sm" c="red">
            <b>{num(a.failed)}</b> could not be changed: a contact needs a first or last name, or at least one
            contact point.
          </Text>
        )}
        {!ok && undone > 0 && (
          <Text size="sm">
            <b>{num(undone)}</b> of {num(a.total)} were not reached
            {a.state === 'cancelled' ? ' before it was cancelled' : ''}: nothing was done to them.
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
