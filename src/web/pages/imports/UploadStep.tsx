import { useEffect, useRef, useState } from 'react';
import { Alert, Anchor, Button, Group, Progress, Stack, Tabs, Text, Textarea } from '@mantine/core';
import { IconAlertCircle, IconClipboardText, IconDownload, IconFileUpload } from '@tabler/icons-react';
import { errorMessage } from '../../api/client';
import { templateUrl, type ImportPreview } from '../../api/imports';
import { isAbort, uploadImport, type Upload } from '../../api/upload';
import { DropArea } from './DropArea';
import { fileSize } from './format';

interface Sending {
  name: string;
  loaded: number;
  total: number;
}

const PASTE_EXAMPLE = `Ada Lovelace <ada@example.com>, +44 20 7946 0958
Alan Turing, alan@example.com
Grace Hopper (212) 555-0100`;

/** Step 1: a file dropped or picked, or contacts pasted as text; sends it and answers the preview. */
export function UploadStep({
  current,
  onUploaded,
  onKeep,
}: {
  /** The file uploaded earlier in this wizard, if any. */
  current: ImportPreview | null;
  onUploaded: (p: ImportPreview) => void;
  onKeep: () => void;
}) {
  const [sending, setSending] = useState<Sending | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const upload = useRef<Upload | null>(null);
  useEffect(() => () => upload.current?.abort(), []);

  const send = (body: Blob | string, query: { fileName?: string; source?: 'pasted' }, name: string) => {
    const total = typeof body === 'string' ? body.length : body.size;
    setError(null);
    setSending({ name, loaded: 0, total });
    const u = uploadImport(body, query, (p) => setSending({ name, loaded: p.loaded, total: p.total }));
    upload.current = u;
    u.done.then(
      (preview) => {
        upload.current = null;
        setSending(null);
        onUploaded(preview);
      },
      (e) => {
        upload.current = null;
        setSending(null);
        if (!isAbort(e)) setError(errorMessage(e));
      },
    );
  };

  const busy = sending !== null;
  const percent = sending && sending.total > 0 ? Math.round((sending.loaded / sending.total) * 100) : 0;
  const reading = sending !== null && sending.loaded >= sending.total;

  return (
    <Stack gap="md">
      {current && !busy && (
        <Alert color="blue" variant="light" title={`${current.fileName} is uploaded`}>
          <Group justify="space-between" gap="sm">
            <Text size="sm">Continue with it, or upload another file to replace it.</Text>
            <Button size="xs" variant="light" onClick={onKeep}>
              Continue with {current.kind === 'pasted' ? 'the pasted contacts' : current.fileName}
            </Button>
          </Group>
        </Alert>
      )}
      {error && (
        <Alert
          color="red"
          icon={<IconAlertCircle size={18} />}
          title="The file was not accepted"
          role="alert"
          data-testid="upload-error"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setError(null)}
        >
          {error}
        </Alert>
      )}
      {sending ? (
        <Stack gap={6} py="xl" data-testid="upload-progress" aria-live="polite">
          <Group justify="space-between">
            <Text fw={600}>{reading ? `Reading ${sending.name}…` : `Uploading ${sending.name}…`}</Text>
            <Text size="sm" c="dimmed">
              {reading
                ? fileSize(sending.total)
                : `${fileSize(sending.loaded)} of ${fileSize(sending.total)} (${percent}%)`}
            </Text>
          </Group>
          <Progress
            value={reading ? 100 : percent}
            animated={reading}
            striped={reading}
            size="lg"
            aria-label="Upload progress"
          />
          <Group justify="flex-end">
            <Button variant="default" size="xs" onClick={() => upload.current?.abort()}>
              Cancel upload
            </Button>
          </Group>
        </Stack>
      ) : (
        <Tabs defaultValue={current?.kind === 'pasted' ? 'paste' : 'file'} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="file" leftSection={<IconFileUpload size={16} />}>
              Upload a file
            </Tabs.Tab>
            <Tabs.Tab value="paste" leftSection={<IconClipboardText size={16} />}>
              Paste contacts
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="file">
            <Stack gap="sm">
              <DropArea onFile={(f) => send(f, { fileName: f.name }, f.name)} />
              <Group gap={6}>
                <IconDownload size={16} color="var(--mantine-color-dimmed)" />
                <Text size="sm" c="dimmed">
                  Download a template (
                  <Anchor inherit href={templateUrl('csv')} download>
                    CSV
                  </Anchor>{' '}
                  /{' '}
                  <Anchor inherit href={templateUrl('xlsx')} download>
                    Excel
                  </Anchor>
                  ): the columns this workspace imports, with an example row. Exports and error files can be
                  imported as they are.
                </Text>
              </Group>
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="paste">
            <Stack gap="sm">
              <Textarea
                label="Contacts, one per line"
                description="A name, an email address and a phone number on each line, in any order"
                placeholder={PASTE_EXAMPLE}
                autosize
                minRows={8}
                maxRows={20}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              />
              <Group justify="flex-end">
                <Button
                  disabled={text.trim() === ''}
                  onClick={() => send(text, { source: 'pasted' }, 'the pasted contacts')}
                >
                  Read contacts
                </Button>
              </Group>
            </Stack>
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}
