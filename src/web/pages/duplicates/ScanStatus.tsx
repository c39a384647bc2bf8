import { Alert, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { DuplicateScan } from '../../api/duplicates';
import { formatDateTime, timeAgo } from '../../lib/format';

const PHASES: Record<string, string> = {
  loading: 'Reading contacts',
  blocking: 'Finding candidates',
  scoring: 'Comparing candidates',
  clustering: 'Grouping',
  saving: 'Saving the groups',
};

const n = (x: number) => x.toLocaleString('en-US');

/** Where the latest scan is: its progress while it runs, what it found once done, or why it failed. */
export function ScanStatus({ scan, dateFormat }: { scan: DuplicateScan; dateFormat: string }) {
  if (scan.state === 'waiting' || scan.state === 'running') {
    const phase = scan.state === 'waiting' ? 'Waiting to start' : (PHASES[scan.phase ?? ''] ?? 'Scanning');
    return (
      <Paper withBorder p="md" data-testid="scan-status" data-state={scan.state}>
        <Stack gap={6}>
          <Group justify="space-between">
            <Text size="sm" fw={500}>
              Scanning the workspace for duplicates…
            </Text>
            <Text size="sm" c="dimmed">
              {phase} · {Math.round(scan.progress * 100)}%
            </Text>
          </Group>
          <Progress value={scan.progress * 100} animated aria-label="Scan progress" />
        </Stack>
      </Paper>
    );
  }
  const when = scan.finishedAt ?? scan.createdAt;
  if (scan.state === 'error')
    return (
      <Alert
        color="red"
        icon={<IconAlertCircle size={18} />}
        title="The last scan failed"
        data-testid="scan-status"
      >
        {scan.error} ({timeAgo(when)})
      </Alert>
    );
  return (
    <Text size="sm" c="dimmed" data-testid="scan-status" data-state={scan.state}>
      Last scan <span title={formatDateTime(when, dateFormat)}>{timeAgo(when)}</span> by {scan.createdBy.name}
      : {n(scan.contacts)} contacts compared, {n(scan.clusters)} group{scan.clusters === 1 ? '' : 's'} of
      possible duplicates ({n(scan.duplicates)} contacts).
    </Text>
  );
}
