import { useState } from 'react';
import { Alert, Button, Group, Modal, Paper, Progress, Radio, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconDownload } from '@tabler/icons-react';
import { errorMessage } from '../../../api/client';
import {
  download,
  exportFileUrl,
  MAX_EXPORT_URL,
  useExportJob,
  useStartExport,
  type ExportFormat,
  type ExportRequest,
} from '../../../api/exports';
import { notifySuccess } from '../../../components/notify';
import { num, selectionOf, targetText, type BulkTarget } from './target';

const FORMATS: { value: ExportFormat; label: string; description: string }[] = [
  {
    value: 'csv',
    label: 'CSV',
    description: 'Spreadsheets and other tools; opens in Excel with accents intact',
  },
  { value: 'xlsx', label: 'Excel (XLSX)', description: 'One sheet with typed cells: numbers, dates, yes/no' },
  { value: 'vcf', label: 'vCard', description: 'Address books and phones: one card per contact' },
];

interface Props {
  target: BulkTarget | null;
  onClose: () => void;
}

/** Exports the same contacts a bulk action would act on, through the export API. */
export function ExportModal({ target, onClose }: Props) {
  return (
    <Modal opened={!!target} onClose={onClose} title={<Text fw={600}>Export</Text>} size="lg">
      {target && <ExportForm target={target} onClose={onClose} />}
    </Modal>
  );
}

function ExportForm({ target, onClose }: { target: BulkTarget; onClose: () => void }) {
  const [format, setFormat] = useState<ExportFormat>('csv');
  const start = useStartExport();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useExportJob(jobId);
  const label = FORMATS.find((f) => f.value === format)!.label;

  const submit = () => {
    const request: ExportRequest = { format, ...selectionOf(target) };
    const url = exportFileUrl(request);
    if (url.length <= MAX_EXPORT_URL) {
      // Streamed: the file starts downloading at once, however many contacts it holds.
      download(url);
      notifySuccess(`${targetText(target)} as ${label}.`, 'Your download has started');
      onClose();
      return;
    }
    start.mutate(request, { onSuccess: (r) => setJobId(r.id) });
  };

  if (jobId) {
    const j = job.data;
    const done = j?.state === 'done';
    const percent = j && target.count ? Math.min(100, Math.floor((j.rowsWritten / target.count) * 100)) : 0;
    return (
      <Stack gap="md" data-testid="export-job" data-state={j?.state ?? 'waiting'}>
        {j?.state === 'error' ? (
          <Alert color="red" icon={<IconAlertCircle size={18} />} title="The export failed">
            {j.error ?? 'The export stopped on an error.'}
          </Alert>
        ) : done ? (
          <Text size="sm">
            <b>{num(j.rowsWritten)}</b> contacts are in <b>{j.fileName}</b>.
          </Text>
        ) : (
          <>
            <Text size="sm">
              Writing the file… {j ? `${num(j.rowsWritten)} of ${num(target.count)}` : ''}
            </Text>
            <Progress value={Math.max(percent, 2)} striped animated size="lg" aria-label="Export progress" />
          </>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          {done && j.downloadUrl && (
            <Button leftSection={<IconDownload size={16} />} onClick={() => download(j.downloadUrl!)}>
              Download
            </Button>
          )}
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      {start.isError && (
        <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
          {errorMessage(start.error)}
        </Alert>
      )}
      <Radio.Group label="Format" value={format} onChange={(v) => setFormat(v as ExportFormat)}>
        <Stack gap="xs" mt="xs">
          {FORMATS.map((f) => (
            <Radio key={f.value} value={f.value} label={f.label} description={f.description} />
          ))}
        </Stack>
      </Radio.Group>
      <Paper withBorder p="sm" bg="var(--mantine-color-gray-0)">
        <Text size="sm" data-testid="bulk-sentence">
          Export <b>{targetText(target)}</b> as <b>{label}</b>
          {format === 'vcf' ? '.' : ': every core field, contact point and custom field, one contact a row.'}
        </Text>
      </Paper>
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          leftSection={<IconDownload size={16} />}
          onClick={submit}
          loading={start.isPending}
          data-testid="export-run-button"
        >
          Export {label}
        </Button>
      </Group>
    </Stack>
  );
}
