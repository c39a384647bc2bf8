import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Group, Modal, Skeleton, Stack, Text } from '@mantine/core';
import { IconFileImport, IconFileSearch, IconPlayerStop, IconPlus, IconTrash } from '@tabler/icons-react';
import { isApiError } from '../../api/client';
import { useFields, useUsers } from '../../api/hooks';
import { isRunning, useCancelImport, useDeleteImport, useImport } from '../../api/imports';
import { useSession } from '../../layout/session';
import { formatDateTime } from '../../lib/format';
import { PageHeader } from '../../components/PageHeader';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ConfirmModal } from '../../components/ConfirmModal';
import { notifyError, notifySuccess } from '../../components/notify';
import { ImportStateBadge } from './ImportStateBadge';
import { ImportProgress } from './ImportProgress';
import { ImportResult } from './ImportResult';
import { ImportSettings } from './ImportSettings';
import { fileSize, importName, KIND_LABELS } from './format';

/** One import: live progress while it runs, its summary when done. */
export function ImportPage() {
  const { id = '' } = useParams();
  const me = useSession();
  const navigate = useNavigate();
  const query = useImport(id);
  const users = useUsers();
  const fields = useFields();
  const cancel = useCancelImport();
  const del = useDeleteImport();
  const [confirm, setConfirm] = useState<'cancel' | 'delete' | null>(null);

  if (query.isPending) {
    return (
      <Stack>
        <Skeleton height={40} width={320} />
        <Skeleton height={220} />
      </Stack>
    );
  }
  if (query.isError) {
    const missing = isApiError(query.error) && query.error.status === 404;
    return (
      <EmptyPanel
        icon={<IconFileSearch size={28} />}
        title={missing ? 'Import not found' : 'Could not load the import'}
        description={missing ? 'It was deleted, or it is not yours to see.' : query.error.message}
        action={
          <Button component={Link} to="/imports" variant="light">
            Back to imports
          </Button>
        }
      />
    );
  }

  const item = query.data;
  const byId = new Map((users.data ?? []).map((u) => [u.id, u]));
  const who = item.createdBy ? byId.get(item.createdBy)?.name : undefined;
  const running = isRunning(item.state);
  const name = importName(item);

  const onCancel = () =>
    cancel.mutate(item.id, {
      onSuccess: (s) => {
        setConfirm(null);
        notifySuccess(
          s.state === 'cancelled'
            ? 'The import was cancelled.'
            : 'The import stops after the batch it is writing.',
          'Cancelling the import',
        );
      },
      onError: (e) => notifyError(e, 'Could not cancel the import'),
    });
  const onDelete = () =>
    del.mutate(item.id, {
      onSuccess: () => {
        notifySuccess(`The import of ${name} was deleted.`, 'Import deleted');
        navigate('/imports');
      },
      onError: (e) => notifyError(e, 'Could not delete the import'),
    });

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm">
            <span data-testid="import-name">{name}</span>
            <ImportStateBadge state={item.state} />
          </Group>
        }
        description={[
          item.kind && KIND_LABELS[item.kind],
          item.fileSize > 0 && fileSize(item.fileSize),
          `uploaded ${formatDateTime(item.createdAt, me.workspace.dateFormat)}${who ? ` by ${who}` : ''}`,
        ]
          .filter(Boolean)
          .join(' · ')}
        actions={
          <>
            {running ? (
              <Button
                color="red"
                variant="light"
                leftSection={<IconPlayerStop size={16} />}
                onClick={() => setConfirm('cancel')}
                disabled={item.cancelRequested || item.state === 'receiving'}
              >
                Cancel import
              </Button>
            ) : (
              <Button
                color="red"
                variant="subtle"
                leftSection={<IconTrash size={16} />}
                onClick={() => setConfirm('delete')}
              >
                Delete
              </Button>
            )}
            <Button component={Link} to="/imports/new" leftSection={<IconPlus size={16} />}>
              New import
            </Button>
          </>
        }
      />
      <Stack gap="lg">
        <Card>
          {item.state === 'uploaded' && item.fileDeletedAt ? (
            <Group justify="space-between" data-testid="import-file-deleted">
              <Stack gap={2}>
                <Text fw={600}>This file was never imported, and it has been deleted</Text>
                <Text size="sm" c="dimmed">
                  Uploaded files are kept for some days only (deleted on{' '}
                  {formatDateTime(item.fileDeletedAt, me.workspace.dateFormat)}). Upload it again to import
                  it.
                </Text>
              </Stack>
              <Button component={Link} to="/imports/new" leftSection={<IconFileImport size={16} />}>
                Upload again
              </Button>
            </Group>
          ) : item.state === 'uploaded' ? (
            <Group justify="space-between" data-testid="import-not-started">
              <Stack gap={2}>
                <Text fw={600}>This file is uploaded but was not imported yet</Text>
                <Text size="sm" c="dimmed">
                  Continue to check its preview, map its columns and start the import.
                </Text>
              </Stack>
              <Button
                component={Link}
                to={`/imports/new?resume=${item.id}`}
                leftSection={<IconFileImport size={16} />}
              >
                Continue
              </Button>
            </Group>
          ) : running ? (
            <ImportProgress item={item} />
          ) : (
            <ImportResult item={item} />
          )}
        </Card>
        {item.options && (
          <Card>
            <ImportSettings item={item} users={byId} fields={fields.data ?? []} />
          </Card>
        )}
      </Stack>
      <Modal
        opened={confirm === 'cancel'}
        onClose={() => setConfirm(null)}
        title={<Text fw={600}>Cancel import</Text>}
      >
        <Stack gap="lg">
          <Text size="sm">
            Stop importing <b>{name}</b>? Rows imported so far stay; the rest of the file is not read.
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirm(null)} disabled={cancel.isPending}>
              Keep importing
            </Button>
            <Button color="red" onClick={onCancel} loading={cancel.isPending} data-autofocus>
              Cancel import
            </Button>
          </Group>
        </Stack>
      </Modal>
      <ConfirmModal
        opened={confirm === 'delete'}
        title="Delete import"
        confirmLabel="Delete"
        danger
        loading={del.isPending}
        onConfirm={onDelete}
        onClose={() => setConfirm(null)}
      >
        Delete the import of <b>{name}</b> with its file and error rows? The contacts it imported stay.
      </ConfirmModal>
    </>
  );
}
