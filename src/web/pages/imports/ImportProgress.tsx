import { Group, Progress, Stack, Text, Title } from '@mantine/core';
import type { ImportSummary } from '../../api/imports';
import { ImportCounts } from './ImportCounts';
import { count, duration } from './format';

/** A waiting or running import, refreshed every second by the page. */
export function ImportProgress({ item }: { item: ImportSummary }) {
  const { counts, progress, rowsEstimate } = item;
  const waiting = item.state !== 'processing';
  const percent = progress.percent ?? 0;
  const title = item.cancelRequested
    ? 'Cancelling after the current batch…'
    : item.state === 'receiving'
      ? 'The file is still being uploaded…'
      : waiting
        ? 'Waiting to start…'
        : 'Importing…';
  return (
    <Stack gap="md" data-testid="import-progress">
      <Group justify="space-between" align="flex-end">
        <Title order={4}>{title}</Title>
        {!waiting && (
          <Text fw={700} size="lg" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {percent}%
          </Text>
        )}
      </Group>
      <Progress
        value={waiting ? 100 : Math.max(percent, 2)}
        striped
        animated
        color={waiting ? 'gray' : undefined}
        size="xl"
        aria-label="Import progress"
        aria-valuetext={waiting ? 'Waiting to start' : `${percent}%`}
      />
      <Group justify="space-between" gap="md">
        <Text size="sm" data-testid="rows-read">
          {count(counts.rowsRead)}
          {rowsEstimate !== null &&
            ` of ${waiting || item.startedAt === null ? 'about ' : ''}${count(rowsEstimate)}`}{' '}
          rows read
        </Text>
        <Text size="sm" c="dimmed">
          {progress.rowsPerSecond !== null && `${count(progress.rowsPerSecond)} rows per second`}
          {progress.secondsLeft !== null && ` · about ${duration(progress.secondsLeft)} left`}
        </Text>
      </Group>
      <ImportCounts counts={counts} />
      <Text size="sm" c="dimmed">
        The import runs on the server: you can leave this page and come back from Imports.
      </Text>
    </Stack>
  );
}
