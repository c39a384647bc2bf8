import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy, IconKey, IconPlus } from '@tabler/icons-react';
import { ApiKeyCreate } from '../../../modules/api-keys/schema';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../../api/hooks';
import type { ApiKey, ApiKeyCreated } from '../../api/types';
import { useSession } from '../../layout/session';
import { formatDateTime } from '../../lib/format';
import { useFormState, zodErrors } from '../../lib/form';
import { PageHeader } from '../../components/PageHeader';
import { QueryBody } from '../../components/QueryBody';
import { EmptyPanel } from '../../components/EmptyPanel';
import { ConfirmModal } from '../../components/ConfirmModal';
import { notifyError, notifySuccess } from '../../components/notify';

function CreateKeyForm({
  onCreated,
  onClose,
}: {
  onCreated: (k: ApiKeyCreated) => void;
  onClose: () => void;
}) {
  const create = useCreateApiKey();
  const form = useFormState({ name: '' });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const errors = zodErrors(ApiKeyCreate, form.values);
    if (errors) return form.setErrors(errors);
    create.mutate(form.values, { onSuccess: onCreated, onError: (err) => form.fail(err, ['name']) });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {form.errors.form && <Alert color="red">{form.errors.form}</Alert>}
        <TextInput
          label="Name"
          description="Say what uses it, e.g. “Dialer sync” or “Website chat”"
          required
          data-autofocus
          {...form.prop('name')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create key
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ShowKey({ created, onClose }: { created: ApiKeyCreated; onClose: () => void }) {
  return (
    <Stack gap="md">
      <Alert color="orange" icon={<IconAlertTriangle size={18} />}>
        Copy this key now. It is shown only once; if you lose it, revoke it and create a new one.
      </Alert>
      <Code
        block
        data-testid="api-key-token"
        style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap', fontSize: 14 }}
      >
        {created.token}
      </Code>
      <Text size="xs" c="dimmed">
        Send it as <Code>Authorization: Bearer &lt;key&gt;</Code>. The API reference is at <Code>/docs</Code>.
      </Text>
      <Group justify="flex-end" gap="sm">
        <CopyButton value={created.token}>
          {({ copied, copy }) => (
            <Button
              variant="light"
              color={copied ? 'teal' : undefined}
              leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              onClick={copy}
            >
              {copied ? 'Copied' : 'Copy key'}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onClose}>Done</Button>
      </Group>
    </Stack>
  );
}

export function ApiKeysPage() {
  const me = useSession();
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const close = () => {
    setOpen(false);
    setCreated(null);
  };
  const add = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setOpen(true)}>
      Create API key
    </Button>
  );

  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys let dialers, chat platforms and scripts use the REST API on behalf of the workspace."
        actions={add}
      />
      <QueryBody
        query={keys}
        rows={3}
        isEmpty={(data) => data.length === 0}
        empty={
          <EmptyPanel
            icon={<IconKey size={28} />}
            title="No API keys yet"
            description="Create a key to connect your dialer, chat platform or scripts."
            action={add}
          />
        }
      >
        {(data) => (
          <Paper withBorder>
            <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="api-keys-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Key</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th w={110} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.map((k) => (
                  <Table.Tr key={k.id} opacity={k.revokedAt ? 0.6 : 1}>
                    <Table.Td fw={600}>{k.name}</Table.Td>
                    <Table.Td>
                      <Code>{k.prefix}…</Code>
                    </Table.Td>
                    <Table.Td>{formatDateTime(k.createdAt, me.workspace.dateFormat)}</Table.Td>
                    <Table.Td>
                      {k.lastUsedAt ? (
                        formatDateTime(k.lastUsedAt, me.workspace.dateFormat)
                      ) : (
                        <Text size="sm" c="dimmed">
                          Never
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={k.revokedAt ? 'gray' : 'teal'}>
                        {k.revokedAt ? 'Revoked' : 'Active'}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">
                      {!k.revokedAt && (
                        <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(k)}>
                          Revoke
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </QueryBody>
      <Modal
        opened={open}
        onClose={close}
        title={<Text fw={600}>{created ? 'Your new API key' : 'Create API key'}</Text>}
        closeOnClickOutside={!created}
      >
        {open &&
          (created ? (
            <ShowKey created={created} onClose={close} />
          ) : (
            <CreateKeyForm onCreated={setCreated} onClose={close} />
          ))}
      </Modal>
      <ConfirmModal
        opened={!!revoking}
        title="Revoke API key"
        confirmLabel="Revoke"
        danger
        loading={revoke.isPending}
        onClose={() => setRevoking(null)}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              notifySuccess(`“${revoking.name}” was revoked.`, 'API key revoked');
              setRevoking(null);
            },
            onError: (e) => notifyError(e, 'Could not revoke the key'),
          })
        }
      >
        Anything using <b>{revoking?.name}</b> will stop working immediately. This cannot be undone.
      </ConfirmModal>
    </>
  );
}
