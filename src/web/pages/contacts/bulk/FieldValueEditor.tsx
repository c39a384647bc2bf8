import { useCallback } from 'react';
import { Checkbox, Select, Stack, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useFields, useMeta } from '../../../api/hooks';
import type { FieldDefinition } from '../../../api/types';
import { CountrySelect } from '../../../components/CountrySelect';
import { useSession } from '../../../layout/session';
import { CONTACT_LEVELS, CONTACT_TYPES, options } from '../../../lib/constants';
import { formatDate, formatDateTime, formatValue } from '../../../lib/format';
import { CustomFieldInput } from '../form/CustomFieldInput';
import { canClear, CORE_FIELDS, coreField, customField, type ActionDraft } from './actions';

interface Props {
  draft: ActionDraft;
  onChange: (patch: Partial<ActionDraft>) => void;
  /** The server's word on the field or the value (action.field, action.value). */
  fieldError?: string;
  valueError?: string;
}

/** set_field: which field, and its new value in the editor its type needs (or clear it). */
export function FieldValueEditor({ draft, onChange, fieldError, valueError }: Props) {
  const fields = useFields();
  const dateFormat = useSession().workspace.dateFormat;
  const defs = fields.data ?? [];
  const data = [
    {
      group: 'Contact',
      items: CORE_FIELDS.filter((f) => f.section === 'contact').map((f) => ({
        value: f.field,
        label: f.label,
      })),
    },
    {
      group: 'Address',
      items: CORE_FIELDS.filter((f) => f.section === 'address').map((f) => ({
        value: f.field,
        label: f.label,
      })),
    },
    ...(defs.length
      ? [{ group: 'Custom fields', items: defs.map((d) => ({ value: `custom.${d.key}`, label: d.label })) }]
      : []),
  ];
  const custom = customField(draft.field, defs);
  return (
    <Stack gap="sm">
      <Select
        label="Field"
        placeholder="Pick the field to change"
        data={data}
        value={draft.field}
        onChange={(field) => onChange({ field, value: null, clear: false })}
        searchable
        allowDeselect={false}
        error={fieldError}
        data-autofocus
      />
      {draft.field && (
        <>
          {!draft.clear &&
            (custom ? (
              <CustomFieldInput
                field={{ ...custom, label: 'New value', required: false }}
                value={draft.value}
                onChange={(value) => onChange({ value })}
                error={valueError}
                dateFormat={dateFormat}
              />
            ) : (
              <CoreValueInput
                field={draft.field}
                value={draft.value}
                onChange={(value) => onChange({ value })}
                error={valueError}
              />
            ))}
          {canClear(draft.field) && (
            <Checkbox
              label="Clear the field (leave it empty on every contact)"
              checked={draft.clear}
              onChange={(e) => onChange({ clear: e.currentTarget.checked, value: null })}
              error={draft.clear ? valueError : undefined}
            />
          )}
        </>
      )}
    </Stack>
  );
}

function CoreValueInput({
  field,
  value,
  onChange,
  error,
}: {
  field: string;
  value: unknown;
  onChange: (v: unknown) => void;
  error?: string;
}) {
  const meta = useMeta();
  const dateFormat = useSession().workspace.dateFormat;
  const str = typeof value === 'string' ? value : null;
  const common = { label: 'New value', error, 'aria-label': 'New value' };
  switch (coreField(field)?.kind) {
    case 'type':
    case 'level':
      return (
        <Select
          {...common}
          data={options(coreField(field)?.kind === 'type' ? CONTACT_TYPES : CONTACT_LEVELS)}
          value={str}
          onChange={onChange}
          allowDeselect={false}
        />
      );
    case 'date':
      return (
        <DateInput
          {...common}
          value={str}
          onChange={(v) => onChange(v)}
          valueFormat={dateFormat}
          placeholder={dateFormat}
          popoverProps={{ withinPortal: true }}
        />
      );
    case 'language':
      return (
        <Select
          {...common}
          data={(meta.data?.languages ?? []).map((l) => ({ value: l.code, label: l.name }))}
          value={str}
          onChange={onChange}
          searchable
          placeholder="Pick a language"
        />
      );
    case 'timeZone':
      return (
        <Select
          {...common}
          data={meta.data?.timeZones ?? []}
          value={str}
          onChange={onChange}
          searchable
          limit={100}
          placeholder="Pick a time zone"
        />
      );
    case 'country':
      return <CountrySelect {...common} value={str} onChange={onChange} />;
    default:
      return <TextInput {...common} value={str ?? ''} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}

/** The field's name and a value as a person reads them, for the sentence saying what will happen. */
export function useFieldText() {
  const fields = useFields();
  const meta = useMeta();
  const dateFormat = useSession().workspace.dateFormat;
  const defs: FieldDefinition[] = fields.data ?? [];
  const fieldLabel = useCallback(
    (field: string) => coreField(field)?.label ?? customField(field, defs)?.label ?? field,
    [defs],
  );
  const valueText = useCallback(
    (field: string, v: unknown): string => {
      const kind = coreField(field)?.kind;
      const s = typeof v === 'string' ? v : '';
      if (kind === 'type' || kind === 'level') return options([s])[0].label;
      if (kind === 'date') return formatDate(s, dateFormat);
      if (kind === 'language') return meta.data?.languages.find((l) => l.code === s)?.name ?? s;
      if (kind === 'country') return meta.data?.countries.find((c) => c.code === s)?.name ?? s;
      const def = customField(field, defs);
      if (def?.type === 'date') return formatDate(s, dateFormat);
      if (def?.type === 'datetime') return formatDateTime(s, dateFormat);
      return formatValue(v);
    },
    [defs, meta.data, dateFormat],
  );
  return { fieldLabel, valueText };
}
