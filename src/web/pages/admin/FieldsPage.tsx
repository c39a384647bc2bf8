import { useState } from 'react';
import { ActionIcon, Badge, Button, Code, Group, Paper, Table, Text, Tooltip } from '@mantine/core';
import { IconEdit, IconForms, IconPlus, IconTrash } from '@tabler/icons-react';
import { useDeleteField, useFields } from '../../api/hooks';
import type { FieldDefinition } from '../../api/types';
import { FIELD_TYPE_LABELS } from '../../lib/constants';
import { PageHeader } from '../../components/PageHeader';
import { QueryBody } from '../../components/QueryBody';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ConfirmModal } from '../../components/ConfirmModal';
import { notifyError, notifySuccess } from '../../components/notify';
import { FieldFormModal } from './FieldFormModal';

export function FieldsPage() {
  const fields = useFields();
  const del = useDeleteField();
  const [editing, setEditing] = useState<FieldDefinition | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [deleting, setDeleting] = useState<FieldDefinition | null>(null);

  const open = (f: FieldDefinition | null) => {
    setEditing(f);
    setFormOpen(true);
  };
  const confirmDelete = () =>
    deleting &&
    del.mutate(deleting.id, {
      onSuccess: () => {
        notifySuccess(`“${deleting.label}” was deleted.`, 'Field deleted');
        setDeleting(null);
      },
      onError: (e) => notifyError(e, 'Could not delete the field'),
    });

  const create = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => open(null)}>
      Create field
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Fields"
        description="Custom fields add your own information to every contact."
        actions={fields.data?.length ? create : undefined}
      />
      <QueryBody
        query={fields}
        rows={4}
        isEmpty={(data) => data.length === 0}
        empty={
          <EmptyPanel
            icon={<IconForms size={28} />}
            title="No custom fields yet"
            description="Track what matters to your team: VIP status, contract end date, preferred product…"
            action={create}
          />
        }
      >
        {(data) => (
          <Paper withBorder>
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover data-testid="fields-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Label</Table.Th>
                  <Table.Th>Key</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Options</Table.Th>
                  <Table.Th>Required</Table.Th>
                  <Table.Th w={100} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.map((f) => (
                  <Table.Tr key={f.id}>
                    <Table.Td fw={600}>{f.label}</Table.Td>
                    <Table.Td>
                      <Code>{f.key}</Code>
                    </Table.Td>
                    <Table.Td>{FIELD_TYPE_LABELS[f.type]}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {f.options.slice(0, 4).map((o) => (
                          <Badge key={o} variant="outline" color="gray" tt="none">
                            {o}
                          </Badge>
                        ))}
                        {f.options.length > 4 && (
                          <Text size="xs" c="dimmed">
                            +{f.options.length - 4}
                          </Text>
                        )}
                        {f.options.length === 0 && (
                          <Text size="sm" c="dimmed">
                            —
                          </Text>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {f.required ? (
                        <Badge variant="light">Required</Badge>
                      ) : (
                        <Text size="sm" c="dimmed">
                          Optional
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Tooltip label="Edit">
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            aria-label={`Edit ${f.label}`}
                            onClick={() => open(f)}
                          >
                            <IconEdit size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label="Delete">
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Delete ${f.label}`}
                            onClick={() => setDeleting(f)}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </QueryBody>
      <FieldFormModal field={editing} opened={formOpen} onClose={() => setFormOpen(false)} />
      <ConfirmModal
        opened={!!deleting}
        title="Delete field"
        confirmLabel="Delete field"
        danger
        loading={del.isPending}
        onConfirm={confirmDelete}
        onClose={() => setDeleting(null)}
      >
        Delete <b>{deleting?.label}</b>? Its values are removed from every contact. This cannot be undone.
      </ConfirmModal>
    </>
  );
}
