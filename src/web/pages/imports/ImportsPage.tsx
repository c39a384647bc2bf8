import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ActionIcon, Anchor, Button, Group, Paper, Table, Text, Tooltip } from '@mantine/core';
import { IconFileImport, IconPlus, IconTrash } from '@tabler/icons-react';
import { useUsers } from '../../api/hooks';
import { isRunning, templateUrl, useDeleteImport, useImports, type ImportSummary } from '../../api/imports';
import { useSession } from '../../layout/session';
import { formatDateTime } from '../../lib/format';
import { PageHeader } from '../../components/PageHeader';
import { QueryBody } from '../../components/QueryBody';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ConfirmModal } from '../../components/ConfirmModal';
import { notifyError, notifySuccess } from '../../components/notify';
import { ImportStateBadge } from './ImportStateBadge';
import { count, importName } from './format';

const Num = ({ n, color }: { n: number; color?: string }) => (
  <Text size="sm" ta="right" c={n > 0 ? color : 'dimmed'} style={{ fontVariantNumeric: 'tabular-nums' }}>
    {count(n)}
  </Text>
);

const COUNT_COLORS = { created: 'teal.8', updated: 'blue.8', unchanged: undefined, failed: 'red.8' };

/** The imports queue: every import, newest first, with its state and counts. */
export function ImportsPage() {
  const me = useSession();
  const imports = useImports();
  const users = useUsers();
  const del = useDeleteImport();
  const [deleting, setDeleting] = useState<ImportSummary | null>(null);
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));

  const create = (
    <Button component={Link} to="/imports/new" leftSection={<IconPlus size={16} />}>
      Import contacts
    </Button>
  );
  const confirmDelete = () =>
    deleting &&
    del.mutate(deleting.id, {
      onSuccess: () => {
        notifySuccess(`The import of ${importName(deleting)} was deleted.`, 'Import deleted');
        setDeleting(null);
      },
      onError: (e) => notifyError(e, 'Could not delete the import'),
    });

  return (
    <>
      <PageHeader
        title="Imports"
        description={
          me.isManager
            ? 'Files imported into the workspace, newest first.'
            : 'Files you imported, newest first.'
        }
        actions={imports.data?.length ? create : undefined}
      />
      <QueryBody
        query={imports}
        rows={4}
        isEmpty={(data) => data.length === 0}
        empty={
          <EmptyPanel
            icon={<IconFileImport size={28} />}
            title="No imports yet"
            description={
              <>
                Bring in contacts from a CSV, Excel or vCard file, or paste them. Not sure how to lay out the
                file? Download a template (
                <Anchor inherit href={templateUrl('csv')} download>
                  CSV
                </Anchor>{' '}
                /{' '}
                <Anchor inherit href={templateUrl('xlsx')} download>
                  Excel
                </Anchor>
                ).
              </>
            }
            action={create}
          />
        }
      >
        {(data) => (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={900} type="native">
              <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover data-testid="imports-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>File</Table.Th>
                    <Table.Th>State</Table.Th>
                    <Table.Th ta="right">Rows</Table.Th>
                    <Table.Th ta="right">Created</Table.Th>
                    <Table.Th ta="right">Updated</Table.Th>
                    <Table.Th ta="right">Unchanged</Table.Th>
                    <Table.Th ta="right">Failed</Table.Th>
                    <Table.Th>Uploaded</Table.Th>
                    <Table.Th>By</Table.Th>
                    <Table.Th w={60} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.map((i) => (
                    <Table.Tr key={i.id} data-testid="import-row">
                      <Table.Td maw={320}>
                        <Anchor component={Link} to={`/imports/${i.id}`} fw={600} size="sm" lineClamp={1}>
                          {importName(i)}
                        </Anchor>
                        {i.state === 'error' && i.error && (
                          <Text size="xs" c="red.8" lineClamp={1} title={i.error}>
                            {i.error}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <ImportStateBadge state={i.state} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                          {i.state === 'uploaded' || i.state === 'waiting'
                            ? i.rowsEstimate !== null
                              ? `~${count(i.rowsEstimate)}`
                              : '—'
                            : count(i.counts.rowsRead)}
                        </Text>
                      </Table.Td>
                      {(['created', 'updated', 'unchanged', 'failed'] as const).map((k) => (
                        <Table.Td key={k}>
                          {i.startedAt || i.counts.rowsRead > 0 ? (
                            <Num n={i.counts[k]} color={COUNT_COLORS[k]} />
                          ) : (
                            <Text size="sm" ta="right" c="dimmed">
                              —
                            </Text>
                          )}
                        </Table.Td>
                      ))}
                      <Table.Td className="nowrap">
                        {formatDateTime(i.createdAt, me.workspace.dateFormat)}
                      </Table.Td>
                      <Table.Td>{(i.createdBy && names.get(i.createdBy)) || '—'}</Table.Td>
                      <Table.Td>
                        {!isRunning(i.state) && (
                          <Group justify="flex-end">
                            <Tooltip label="Delete">
                              <ActionIcon
                                variant="subtle"
                                color="red"
                                aria-label={`Delete the import of ${importName(i)}`}
                                onClick={() => setDeleting(i)}
                              >
                                <IconTrash size={16} />
                              </ActionIcon>
                            </Tooltip>
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </QueryBody>
      <ConfirmModal
        opened={!!deleting}
        title="Delete import"
        confirmLabel="Delete"
        danger
        loading={del.isPending}
        onConfirm={confirmDelete}
        onClose={() => setDeleting(null)}
      >
        Delete the import of <b>{deleting && importName(deleting)}</b> with its file and error rows? The
        contacts it imported stay.
      </ConfirmModal>
    </>
  );
}
