import { Link } from 'react-router-dom';
import { Alert, Button, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconAlertCircle,
  IconCircleCheck,
  IconDownload,
  IconFileAlert,
  IconFileUpload,
  IconPlayerStop,
} from '@tabler/icons-react';
import { errorFileUrl, type ImportSummary } from '../../api/imports';
import { useSession } from '../../layout/session';
import { formatDate } from '../../lib/format';
import { ImportCounts } from './ImportCounts';
import { count, duration, imported } from './format';

function Headline({ item }: { item: ImportSummary }) {
  const { rowsRead } = item.counts;
  const ok = imported(item);
  const took =
    item.startedAt && item.finishedAt
      ? (new Date(item.finishedAt).getTime() - new Date(item.startedAt).getTime()) / 1000
      : null;
  const icon =
    item.state === 'processed' ? (
      <ThemeIcon size={44} radius="xl" color={item.counts.failed > 0 ? 'orange' : 'teal'} variant="light">
        <IconCircleCheck size={26} />
      </ThemeIcon>
    ) : item.state === 'cancelled' ? (
      <ThemeIcon size={44} radius="xl" color="orange" variant="light">
        <IconPlayerStop size={26} />
      </ThemeIcon>
    ) : (
      <ThemeIcon size={44} radius="xl" color="red" variant="light">
        <IconAlertCircle size={26} />
      </ThemeIcon>
    );
  const title = { processed: 'Import finished', cancelled: 'Import cancelled', error: 'Import stopped' }[
    item.state as 'processed' | 'cancelled' | 'error'
  ];
  return (
    <Group gap="md" wrap="nowrap" align="flex-start">
      {icon}
      <Stack gap={2}>
        <Title order={4}>{title}</Title>
        <Text data-testid="import-result">
          <b>{count(ok)}</b> of <b>{count(rowsRead)}</b>{' '}
          {item.state === 'processed'
            ? `${rowsRead === 1 ? 'record' : 'records'} imported${took !== null ? ` in ${duration(took)}` : ''}.`
            : `${rowsRead === 1 ? 'row' : 'rows'} read were imported before it ${
                item.state === 'cancelled' ? 'was cancelled' : 'stopped'
              }; they stay.`}
        </Text>
      </Stack>
    </Group>
  );
}

/** A finished import: what happened to every row, and what to do about the rows that failed. */
export function ImportResult({ item }: { item: ImportSummary }) {
  const me = useSession();
  const { failed } = item.counts;
  return (
    <Stack gap="lg" data-testid="import-summary">
      <Headline item={item} />
      {item.state === 'error' && (
        <Alert
          color="red"
          icon={<IconAlertCircle size={18} />}
          title="Why it stopped"
          data-testid="import-error"
        >
          {item.error ?? 'The import stopped without a reason.'} Rows imported before it stopped stay.
        </Alert>
      )}
      <ImportCounts counts={item.counts} />
      {item.fileDeletedAt && (
        <Text size="sm" c="dimmed" data-testid="import-file-deleted">
          The uploaded file was deleted on {formatDate(item.fileDeletedAt, me.workspace.dateFormat)}, some
          days after the import ended; these counts and the error file stay.
        </Text>
      )}
      {failed > 0 && item.errorFileUrl && (
        <Paper withBorder p="md" bg="var(--mantine-color-orange-light)" data-testid="failed-rows">
          <Group justify="space-between" gap="md">
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <IconFileAlert size={22} color="var(--mantine-color-orange-8)" />
              <Stack gap={2}>
                <Text fw={600}>{failed === 1 ? '1 row was' : `${count(failed)} rows were`} not imported</Text>
                <Text size="sm">
                  The error file holds them with their original columns and an Errors column saying why. Fix
                  them and upload the file again: the same mapping is suggested.
                </Text>
              </Stack>
            </Group>
            <Group gap="sm">
              <Button
                component="a"
                href={errorFileUrl(item.id)}
                download
                variant="default"
                leftSection={<IconDownload size={16} />}
              >
                Download error file
              </Button>
              <Button component={Link} to="/imports/new" leftSection={<IconFileUpload size={16} />}>
                Upload the fixed file
              </Button>
            </Group>
          </Group>
        </Paper>
      )}
    </Stack>
  );
}
