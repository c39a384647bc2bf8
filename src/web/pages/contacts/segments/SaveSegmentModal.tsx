import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle, IconInfoCircle } from '@tabler/icons-react';
import type { FilterNode } from '../../../api/filters';
import { useSaveSegment, type Segment } from '../../../api/segments';
import { useFormState } from '../../../lib/form';
import { notifySuccess } from '../../../components/notify';

interface Props {
  /** The filter to save; the modal is open while there is one. */
  filter: FilterNode | null;
  /** The search text of the view: not part of a segment, so the person is told. */
  q?: string;
  onClose: () => void;
  onSaved?: (s: Segment) => void;
}

/** Saves the contacts page's filter as a named segment (POST /segments). */
export function SaveSegmentModal({ filter, q, onClose, onSaved }: Props) {
  return (
    <Modal opened={!!filter} onClose={onClose} title={<Text fw={600}>Save as segment</Text>}>
      {filter && <SaveSegmentForm filter={filter} q={q} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

function SaveSegmentForm({ filter, q, onClose, onSaved }: Props & { filter: FilterNode }) {
  const save = useSaveSegment();
  const form = useFormState({ name: '' });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!form.values.name.trim()) return form.setErrors({ name: 'Give the segment a name' });
    save.mutate(
      { name: form.values.name.trim(), filter },
      {
        onSuccess: (s) => {
          notifySuccess(
            `“${s.name}” matches ${s.count.toLocaleString('en-US')} ${s.count === 1 ? 'contact' : 'contacts'}. Open it any time from Segments.`,
            'Segment saved',
          );
          onSaved?.(s);
          onClose();
        },
        onError: (err) => form.fail(err, ['name']),
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {form.errors.form && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
            {form.errors.form}
          </Alert>
        )}
        <Text size="sm">
          A segment is a saved filter: it always shows the contacts that match it now, and can be opened,
          exported or acted on from the contacts list.
        </Text>
        <TextInput
          label="Name"
          required
          data-autofocus
          placeholder="e.g. Customers in Germany"
          {...form.prop('name')}
        />
        {q?.trim() && (
          <Alert color="gray" variant="light" icon={<IconInfoCircle size={18} />} py="xs">
            Only the filter is saved, not the search “{q.trim()}”.
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="save-segment">
            Save segment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
