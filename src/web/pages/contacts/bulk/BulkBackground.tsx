import { CloseButton, Group, Paper, Stack, Text } from '@mantine/core';
import type { BulkAction } from '../../../api/bulk';
import type { ActionKind } from './actions';
import { ACTIONS } from './actions';
import { BulkRunView } from './BulkRunView';

export interface BackgroundRun {
  action: BulkAction;
  kind: Exclude<ActionKind, 'export'>;
}

/** Bulk actions left running when their modal was closed: progress, then what they did. */
export function BulkBackground({
  runs,
  onDismiss,
  onEnd,
}: {
  runs: BackgroundRun[];
  onDismiss: (id: string) => void;
  onEnd: (run: BackgroundRun, a: BulkAction) => void;
}) {
  if (!runs.length) return null;
  return (
    <Stack gap="sm" mb="md">
      {runs.map((r) => (
        <Paper key={r.action.id} withBorder p="sm" shadow="xs" data-testid="bulk-background">
          <Group justify="space-between" wrap="nowrap" mb={6}>
            <Text size="sm" fw={600}>
              {ACTIONS[r.kind].label}
            </Text>
            <CloseButton size="sm" aria-label="Hide" onClick={() => onDismiss(r.action.id)} />
          </Group>
          <BulkRunView action={r.action} kind={r.kind} onEnd={(a) => onEnd(r, a)} />
        </Paper>
      ))}
    </Stack>
  );
}
