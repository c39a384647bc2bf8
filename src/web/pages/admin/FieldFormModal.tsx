import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { FieldCreate, FieldPatch } from '../../../modules/fields/schema';
import { useSaveField } from '../../api/hooks';
import type { FieldDefinition, FieldType } from '../../api/types';
import { FIELD_TYPES, FIELD_TYPE_LABELS } from '../../lib/constants';
import { useFormState, zodErrors } from '../../lib/form';
import { notifySuccess } from '../../components/notify';

const FORM_FIELDS = ['key', 'label', 'type', 'options', 'required'] as const;

/** Suggests a key from the label: "VIP since" → "vip_since". */
const keyFromLabel = (label: string) =>
  label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, 63);

export function FieldFormModal({
  field,
  opened,
  onClose,
}: {
  field: FieldDefinition | null;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={<Text fw={600}>{field ? `Edit field “${field.label}”` : 'Create field'}</Text>}
    >
      {opened && <FieldForm field={field} onClose={onClose} />}
    </Modal>
  );
}

function FieldForm({ field, onClose }: { field: FieldDefinition | null; onClose: () => void }) {
  const save = useSaveField();
  const form = useFormState({
    label: field?.label ?? '',
    key: field?.key ?? '',
    keyTouched: !!field,
    type: (field?.type ?? 'text') as FieldType,
    options: field?.options ?? [],
    required: field?.required ?? false,
  });
  const v = form.values;
  const withOptions = v.type === 'select' || v.type === 'multiselect';

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const body = field
      ? { label: v.label, required: v.required, ...(withOptions ? { options: v.options } : {}) }
      : {
          key: v.key,
          label: v.label,
          type: v.type,
          options: withOptions ? v.options : [],
          required: v.required,
        };
    const errors = zodErrors(field ? FieldPatch : FieldCreate, body);
    if (errors) return form.setErrors(errors);
    save.mutate(
      { id: field?.id, ...body },
      {
        onSuccess: (f) => {
          notifySuccess(
            `“${f.label}” was ${field ? 'updated' : 'created'}.`,
            field ? 'Field updated' : 'Field created',
          );
          onClose();
        },
        onError: (err) => form.fail(err, FORM_FIELDS),
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
        <TextInput
          label="Label"
          description="What people see on forms and in the table"
          required
          data-autofocus
          value={v.label}
          error={form.errors.label}
          onChange={(e) => {
            const label = e.currentTarget.value;
            form.set('label', label);
            if (!v.keyTouched) form.set('key', keyFromLabel(label));
          }}
        />
        <TextInput
          label="Key"
          description={
            field
              ? 'The key cannot change once created'
              : 'Used by the API, imports and exports: a-z, 0-9 and _'
          }
          required
          disabled={!!field}
          value={v.key}
          error={form.errors.key}
          onChange={(e) => {
            form.set('key', e.currentTarget.value);
            form.set('keyTouched', true);
          }}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <Select
          label="Type"
          data={FIELD_TYPES.map((t) => ({ value: t, label: FIELD_TYPE_LABELS[t] }))}
          value={v.type}
          onChange={(t) => t && form.set('type', t as FieldType)}
          disabled={!!field}
          allowDeselect={false}
          error={form.errors.type}
        />
        {withOptions && (
          <TagsInput
            label="Options"
            description="Type an option and press Enter"
            value={v.options}
            onChange={(o) => form.set('options', o)}
            error={form.errors.options}
            clearable
          />
        )}
        <Checkbox
          label="Required"
          description="Contacts cannot be saved without a value"
          checked={v.required}
          onChange={(e) => form.set('required', e.currentTarget.checked)}
        />
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {field ? 'Save' : 'Create field'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
