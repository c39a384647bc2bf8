import { Badge, Button, type ButtonProps } from '@mantine/core';
import { IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { useSetListState, type OutboundList } from '../../api/campaigns';
import { notifyError, notifySuccess } from '../../components/notify';

export function ListStateBadge({ state }: { state: OutboundList['state'] }) {
  return (
    <Badge
      color={state === 'started' ? 'teal' : 'gray'}
      variant={state === 'started' ? 'filled' : 'light'}
      data-testid="list-state"
      data-state={state}
    >
      {state === 'started' ? 'Started' : 'Stopped'}
    </Badge>
  );
}

/** Start a stopped list (its entries are handed out), stop a started one (they stay, unhanded). */
export function StartStopButton({ list, size }: { list: OutboundList; size?: ButtonProps['size'] }) {
  const set = useSetListState();
  const started = list.state === 'started';
  const toggle = () =>
    set.mutate(
      { id: list.id, start: !started },
      {
        onSuccess: (l) =>
          notifySuccess(
            l.state === 'started'
              ? 'Its entries are handed out while the campaign is active.'
              : 'Its entries stay, and are not handed out until you start it again.',
            l.state === 'started' ? `“${l.name}” started` : `“${l.name}” stopped`,
          ),
        onError: (e) => notifyError(e, started ? 'Could not stop the list' : 'Could not start the list'),
      },
    );
  return (
    <Button
      size={size}
      variant={started ? 'default' : 'light'}
      color={started ? undefined : 'teal'}
      leftSection={started ? <IconPlayerStop size={14} /> : <IconPlayerPlay size={14} />}
      loading={set.isPending}
      onClick={toggle}
    >
      {started ? 'Stop' : 'Start'}
    </Button>
  );
}
