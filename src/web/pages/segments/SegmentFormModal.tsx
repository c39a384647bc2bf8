import { useState } from 'react';
import { Alert, Button, Group, Input, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { FilterNode } from '../../api/filters';
import { useSaveSegment, type Segment } from '../../api/segments';
import { useFormState } from '../../lib/form';
import { notifySuccess } from '../../components/notify';
import { filterKey } from '../contacts/filter/model';
import { FilterEditor, saveProblem, useFilterDraft } from './FilterEditor';

export type SegmentFormMode = 'create' | 'rename' | 'filter';

interface Props {
  mode: SegmentFormMode | null;
  segment: Segment | null;
  onClose: () => void;
}

const TITLES: Record<SegmentFormMode, (s: Segment | null) => string> = {
  create: () => 'New segment',
  rename: (s) => `Rename “${s?.name}”`,
  filter: (s) => `Edit the filter of “${s?.name}”`,
};

/** Creates a segment (name and filter), renames one, or changes its filter. */
export function SegmentFormModal({ mode, segment, onClose }: Props) {
  return (
    <Modal
      opened={!!mode}
      onClose={onClose}
      size={mode === 'rename' ? 'md' : 960}
      title={<Text fw={600}>{mode ? TITLES[mode](segment) : ''}</Text>}
    >
      {mode && <SegmentForm mode={mode} segment={segment} onClose={onClose} />}
    </Modal>
  );
}

function SegmentForm({
  mode,
  segment,
  onClose,
}: {
  mode: SegmentFormMode;
  segment: Segment | null;
  onClose: () => void;
}) {
  const save = useSaveSegment();
  const form = useFormState({ name: segment?.name ?? '' });
  const initialFilter = (segment?.filter as FilterNode | null | undefined) ?? null;
  const filter = useFilterDraft(initialFilter);
  const [sent, setSent] = useState<{ filter: FilterNode | null; error: unknown } | null>(null);
  const withName = mode !== 'filter';
  const withFilter = mode !== 'rename';

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const errors: Record<string, string> = {};
    if (withName && !form.values.name.trim()) errors.name = 'Give the segment a name';
    if (withFilter && !filter.draft) errors.filter = 'A segment needs at least one condition';
    if (Object.keys(errors).length) return form.setErrors(errors);
    const sentFilter = filter.draft;
    if (mode === 'filter' && filterKey(sentFilter) === filterKey(initialFilter)) return onClose();
    save.mutate(
      {
        id: segment?.id,
        ...(withName ? { name: form.values.name } : {}),
        ...(withFilter ? { filter: sentFilter! } : {}),
      },
      {
        onSuccess: (s) => {
          notifySuccess(
            mode === 'rename'
              ? `The segment is now called “${s.name}”.`
              : `“${s.name}” matches ${s.count.toLocaleString()} ${s.count === 1 ? 'contact' : 'contacts'}.`,
            mode === 'create' ? 'Segment saved' : 'Segment updated',
          );
          onClose();
        },
        onError: (err) => {
          setSent({ filter: sentFilter, error: err });
          form.fail(err, ['name', 'filter']);
        },
      },
    );
  };

  const problem = sent ? saveProblem(sent.error, sent.filter) : null;
  // Server errors about the filter show next to its conditions (or above them, in the builder).
  const banner = form.errors.form;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {banner && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
            {banner}
          </Alert>
        )}
        {withName && (
          <TextInput
            label="Name"
            required
            data-autofocus
            placeholder="e.g. German customers without email"
            {...form.prop('name')}
          />
        )}
        {withFilter && (
          <Input.Wrapper
            label="Contacts where"
            required
            description="A segment is a saved filter: it always shows the contacts that match now."
          >
            <div style={{ marginTop: 6 }} data-testid="segment-filter">
              <FilterEditor
                state={filter}
                problem={problem}
                error={!filter.draft ? form.errors.filter : undefined}
              />
            </div>
          </Input.Wrapper>
        )}
        <Group justify="flex-end" gap="sm" className="modal-footer" py="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {mode === 'create' ? 'Save segment' : 'Save'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
