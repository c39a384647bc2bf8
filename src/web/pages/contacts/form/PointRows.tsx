import { ActionIcon, Button, Group, Select, Stack, TextInput, Tooltip } from '@mantine/core';
import { IconBan, IconCircleCheck, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMemo } from 'react';
import { POINT_LABELS, options } from '../../../lib/constants';
import { dialCodes } from '../../../lib/phone';
import type { Errors } from '../../../lib/form';
import { newEmail, newPhone, type EmailRow, type PhoneRow } from './draft';

const LABEL_OPTIONS = options(POINT_LABELS);

function StatusToggle({
  status,
  onChange,
  what,
}: {
  status: 'active' | 'opted_out';
  onChange: (s: 'active' | 'opted_out') => void;
  what: string;
}) {
  const optedOut = status === 'opted_out';
  return (
    <Tooltip
      label={
        optedOut ? `Opted out: click to reinstate this ${what}` : `Active: click to opt out this ${what}`
      }
    >
      <ActionIcon
        variant="light"
        color={optedOut ? 'red' : 'teal'}
        size={36}
        aria-label={optedOut ? 'Reinstate' : 'Opt out'}
        aria-pressed={optedOut}
        onClick={() => onChange(optedOut ? 'active' : 'opted_out')}
      >
        {optedOut ? <IconBan size={18} /> : <IconCircleCheck size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

interface PhoneProps {
  row: PhoneRow;
  onChange: (row: PhoneRow) => void;
  error?: string;
  /** Quick form: fixed "Mobile" label, no status or label picker. */
  quick?: boolean;
  onRemove?: () => void;
  withStatus?: boolean;
  index?: number;
}

/** Country code picker and number box, as contact-center users know them. */
export function PhoneField({ row, onChange, error, quick, onRemove, withStatus, index = 0 }: PhoneProps) {
  const codes = useMemo(
    () => dialCodes().map((c) => ({ value: c.value, label: `+${c.dial} ${c.name}` })),
    [],
  );
  const set = (patch: Partial<PhoneRow>) => onChange({ ...row, ...patch });
  return (
    <Group gap="xs" align="flex-start" wrap="nowrap">
      {!quick && (
        <Select
          aria-label={`Number ${index + 1} label`}
          data={LABEL_OPTIONS}
          value={row.label}
          onChange={(v) => v && set({ label: v as PhoneRow['label'] })}
          w={110}
          allowDeselect={false}
        />
      )}
      <Select
        label={quick ? 'Country code' : undefined}
        aria-label={quick ? undefined : `Number ${index + 1} country code`}
        data={codes}
        value={row.country}
        onChange={(v) => v && set({ country: v })}
        searchable
        allowDeselect={false}
        w={quick ? 200 : 180}
        limit={300}
        comboboxProps={{ width: 280, position: 'bottom-start' }}
      />
      <TextInput
        label={quick ? 'Mobile' : undefined}
        aria-label={quick ? undefined : `Number ${index + 1}`}
        placeholder="Phone number"
        type="tel"
        value={row.number}
        onChange={(e) => set({ number: e.currentTarget.value })}
        error={error}
        style={{ flex: 1 }}
        data-testid={quick ? 'quick-mobile' : undefined}
      />
      {withStatus && (
        <StatusToggle status={row.status} onChange={(status) => set({ status })} what="number" />
      )}
      {onRemove && (
        <ActionIcon
          variant="subtle"
          color="gray"
          size={36}
          onClick={onRemove}
          aria-label={`Remove number ${index + 1}`}
        >
          <IconTrash size={16} />
        </ActionIcon>
      )}
    </Group>
  );
}

interface ListProps<R> {
  rows: R[];
  /** Rows before this index are rendered elsewhere (the quick part of the form). */
  from: number;
  onChange: (rows: R[]) => void;
  errors: Errors;
  withStatus?: boolean;
}

export function PhoneList({
  rows,
  from,
  onChange,
  errors,
  withStatus,
  defaultCountry,
}: ListProps<PhoneRow> & { defaultCountry: string }) {
  const update = (i: number, r: PhoneRow) => onChange(rows.map((x, j) => (j === i ? r : x)));
  return (
    <Stack gap="xs">
      {rows.map((r, i) =>
        i < from ? null : (
          <PhoneField
            key={r.key}
            row={r}
            index={i}
            onChange={(next) => update(i, next)}
            error={errors[`phones.${r.key}`]}
            withStatus={withStatus}
            onRemove={() => onChange(rows.filter((_, j) => j !== i))}
          />
        ),
      )}
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<IconPlus size={14} />}
        onClick={() => onChange([...rows, newPhone(defaultCountry, rows.length ? 'work' : 'mobile')])}
        w="fit-content"
      >
        Add number
      </Button>
    </Stack>
  );
}

export function EmailList({ rows, from, onChange, errors, withStatus }: ListProps<EmailRow>) {
  const update = (i: number, r: EmailRow) => onChange(rows.map((x, j) => (j === i ? r : x)));
  return (
    <Stack gap="xs">
      {rows.map((r, i) =>
        i < from ? null : (
          <Group key={r.key} gap="xs" align="flex-start" wrap="nowrap">
            <Select
              aria-label={`Email ${i + 1} label`}
              data={LABEL_OPTIONS}
              value={r.label}
              onChange={(v) => v && update(i, { ...r, label: v as EmailRow['label'] })}
              w={110}
              allowDeselect={false}
            />
            <TextInput
              aria-label={`Email ${i + 1}`}
              placeholder="name@example.com"
              type="email"
              value={r.value}
              onChange={(e) => update(i, { ...r, value: e.currentTarget.value })}
              error={errors[`emails.${r.key}`]}
              style={{ flex: 1 }}
            />
            {withStatus && (
              <StatusToggle
                status={r.status}
                onChange={(status) => update(i, { ...r, status })}
                what="email"
              />
            )}
            <ActionIcon
              variant="subtle"
              color="gray"
              size={36}
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
              aria-label={`Remove email ${i + 1}`}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ),
      )}
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<IconPlus size={14} />}
        onClick={() => onChange([...rows, newEmail(rows.length ? 'other' : 'work')])}
        w="fit-content"
      >
        Add email
      </Button>
    </Stack>
  );
}
