import { Checkbox, MultiSelect, NumberInput, Select, TextInput } from '@mantine/core';
import { DateInput, DateTimePicker } from '@mantine/dates';
import dayjs from 'dayjs';
import type { FieldDefinition } from '../../../api/types';

interface Props {
  field: FieldDefinition;
  value: unknown;
  onChange: (value: unknown) => void;
  error?: string;
  dateFormat: string;
}

/** One input per custom field type; values are what the API stores (ISO dates, numbers, arrays). */
export function CustomFieldInput({ field, value, onChange, error, dateFormat }: Props) {
  const common = { label: field.label, required: field.required, error, 'data-field': field.key };
  switch (field.type) {
    case 'number':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' ? value : typeof value === 'string' ? value : ''}
          onChange={(v) => onChange(v === '' ? null : typeof v === 'number' ? v : Number(v))}
        />
      );
    case 'date':
      return (
        <DateInput
          {...common}
          value={typeof value === 'string' ? value : null}
          onChange={(v) => onChange(v)}
          valueFormat={dateFormat}
          placeholder={dateFormat}
          clearable
        />
      );
    case 'datetime':
      return (
        <DateTimePicker
          {...common}
          value={typeof value === 'string' && value ? dayjs(value).format('YYYY-MM-DD HH:mm:ss') : null}
          onChange={(v) => onChange(v ? dayjs(v).toISOString() : null)}
          valueFormat={`${dateFormat} HH:mm`}
          placeholder={`${dateFormat} HH:mm`}
          clearable
        />
      );
    case 'checkbox':
      return (
        <Checkbox
          label={field.label}
          error={error}
          data-field={field.key}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
          mt={28}
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          data={field.options}
          value={typeof value === 'string' ? value : null}
          onChange={(v) => onChange(v)}
          clearable
          searchable
        />
      );
    case 'multiselect':
      return (
        <MultiSelect
          {...common}
          data={field.options}
          value={Array.isArray(value) ? (value as string[]) : []}
          onChange={(v) => onChange(v)}
          clearable
          searchable
        />
      );
    default:
      return (
        <TextInput
          {...common}
          value={value == null ? '' : String(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
  }
}
