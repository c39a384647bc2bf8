import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';

/** Deleting many contacts asks for the count, so a slip of the mouse cannot do it. */
export function BulkDeleteModal({
  count,
  opened,
  loading,
  onClose,
  onConfirm,
}: {
  count: number;
  opened: boolean;
  loading: boolean;
  onClose: () => void;
  onConfirm: () => void;
}) {
  const [typed, setTyped] = useState('');
  const close = () => {
    setTyped('');
    onClose();
  };
  const ok = typed.trim() === String(count);
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={
        <Text fw={600}>
          Delete {count} {count === 1 ? 'contact' : 'contacts'}
        </Text>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ok) onConfirm();
        }}
      >
        <Stack gap="md">
          <Text size="sm">
            The selected contacts, their contact points and sharing will be deleted. This cannot be undone.
          </Text>
          <TextInput
            label={`Type ${count} to confirm`}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            data-autofocus
            inputMode="numeric"
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={loading}>
              Cancel
            </Button>
            <Button type="submit" color="red" disabled={!ok} loading={loading}>
              Delete {count}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
