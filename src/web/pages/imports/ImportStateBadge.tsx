import { Badge, Loader } from '@mantine/core';
import type { ImportState } from '../../api/imports';

export const STATE_LABELS: Record<ImportState, string> = {
  receiving: 'Uploading',
  uploaded: 'Not started',
  waiting: 'Waiting',
  processing: 'Processing',
  processed: 'Processed',
  error: 'Error',
  cancelled: 'Cancelled',
};

const STATE_COLORS: Record<ImportState, string> = {
  receiving: 'gray',
  uploaded: 'gray',
  waiting: 'blue',
  processing: 'indigo',
  processed: 'teal',
  error: 'red',
  cancelled: 'orange',
};

export function ImportStateBadge({ state }: { state: ImportState }) {
  const busy = state === 'processing' || state === 'waiting' || state === 'receiving';
  return (
    <Badge
      variant="light"
      color={STATE_COLORS[state]}
      leftSection={busy ? <Loader size={10} color={STATE_COLORS[state]} /> : undefined}
      data-testid="import-state"
      data-state={state}
    >
      {STATE_LABELS[state]}
    </Badge>
  );
}
