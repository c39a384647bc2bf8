import {
  Group,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useUsers } from '../../../api/hooks';
import type { FieldInfo } from '../../../api/filters';
import { TIME_UNITS, VALUELESS_OPS, type Op } from '../../../../modules/filters/enums';
import { optionLabel } from './fields';

export interface ValueInputProps {
  info: FieldInfo | undefined;
  op: Op;
  value: unknown;
  onChange: (value: unknown) => void;
  /** Marks the inputs red; the message itself is shown under the condition. */
  invalid?: boolean;
  /** The workspace's date format, for showing dates. */
  dateFormat: string;
}

type Option = { value: string; label: string };

const str = (v: unknown) => (typeof v === 'string' ? v : v == null ? '' : String(v));
const strList = (v: unknown) => (Array.isArray(v) ? v.map(str) : []);
const num = (v: unknown) => (typeof v === 'number' ? v : '');
const toNum = (v: string | number) => (v === '' ? null : typeof v === 'number' ? v : Number(v));

/** The editor for a condition's value, chosen by the field's value type and the operator. */
export function ValueInput(props: ValueInputProps) {
  const { info, op } = props;
  if (VALUELESS_OPS.has(op)) return null;
  if (op === 'in_last') return <InLast {...props} />;
  if (op === 'between') return <Between {...props} />;
  const type = info?.type;
  if (type === 'user') return <UserValue {...props} />;
  // Groups and segments come with their options; an empty list says there are none yet.
  if (info?.options?.length || type === 'ref')
    return (
      <Choice {...props} options={(info?.options ?? []).map((o) => ({ ...o, label: optionLabel(o) }))} />
    );
  if (type === 'boolean') return <YesNo {...props} />;
  if (op === 'in') return <Many {...props} />;
  if (type === 'number')
    return <Num {...props} label="Value" value={props.value} onChange={props.onChange} />;
  if (type === 'date' || type === 'datetime')
    return <Day {...props} label="Value" value={props.value} onChange={props.onChange} />;
  return (
    <TextInput
      aria-label="Value"
      placeholder={type === 'tags' ? 'Tag' : 'Value'}
      value={str(props.value)}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      error={props.invalid}
    />
  );
}

function Num({
  label,
  value,
  onChange,
  invalid,
}: Pick<ValueInputProps, 'invalid'> & { label: string; value: unknown; onChange: (v: unknown) => void }) {
  return (
    <NumberInput
      aria-label={label}
      placeholder={label === 'Value' ? 'Number' : label}
      value={num(value)}
      onChange={(v) => onChange(toNum(v))}
      error={invalid}
      // A pair shares the row: each half grows and shrinks.
      style={label === 'Value' ? undefined : { flex: 1 }}
      miw={90}
      maw={label === 'Value' ? undefined : 220}
    />
  );
}

function Day({
  label,
  value,
  onChange,
  invalid,
  dateFormat,
}: Pick<ValueInputProps, 'invalid' | 'dateFormat'> & {
  label: string;
  value: unknown;
  onChange: (v: unknown) => void;
}) {
  return (
    <DateInput
      aria-label={label}
      placeholder={dateFormat}
      valueFormat={dateFormat}
      value={typeof value === 'string' && value ? value : null}
      onChange={(v) => onChange(v)}
      error={invalid}
      clearable
      popoverProps={{ withinPortal: true }}
      style={label === 'Value' ? undefined : { flex: 1 }}
      miw={120}
      maw={label === 'Value' ? undefined : 220}
    />
  );
}

function Between(props: ValueInputProps) {
  const pair = Array.isArray(props.value) ? props.value : [null, null];
  const set = (i: 0 | 1) => (v: unknown) =>
    props.onChange(i === 0 ? [v, pair[1] ?? null] : [pair[0] ?? null, v]);
  const date = props.info?.type === 'date' || props.info?.type === 'datetime';
  const Input = date ? Day : Num;
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Input {...props} label="From" value={pair[0]} onChange={set(0)} />
      <Text size="sm" c="dimmed" mt={8}>
        and
      </Text>
      <Input {...props} label="To" value={pair[1]} onChange={set(1)} />
    </Group>
  );
}

function InLast({ value, onChange, invalid }: ValueInputProps) {
  const v = (value ?? {}) as { amount?: number | null; unit?: string };
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <NumberInput
        aria-label="Amount"
        placeholder="30"
        min={1}
        allowDecimal={false}
        value={v.amount ?? ''}
        onChange={(a) => onChange({ ...v, amount: toNum(a) })}
        error={invalid}
        w={90}
      />
      <Select
        aria-label="Unit"
        data={TIME_UNITS.map((u) => ({ value: u, label: u }))}
        value={v.unit ?? 'days'}
        onChange={(u) => onChange({ ...v, unit: u ?? 'days' })}
        allowDeselect={false}
        w={120}
      />
    </Group>
  );
}

function YesNo({ value, onChange }: ValueInputProps) {
  return (
    <SegmentedControl
      aria-label="Value"
      data={[
        { value: 'true', label: 'Yes' },
        { value: 'false', label: 'No' },
      ]}
      value={value === false ? 'false' : 'true'}
      onChange={(v) => onChange(v === 'true')}
    />
  );
}

function Many({ value, onChange, invalid }: ValueInputProps) {
  return (
    <TagsInput
      aria-label="Values"
      placeholder={strList(value).length ? undefined : 'Type a value, then Enter'}
      value={strList(value)}
      onChange={onChange}
      error={invalid}
      clearable
    />
  );
}

function Choice({ op, value, onChange, invalid, options }: ValueInputProps & { options: Option[] }) {
  const nothing = options.length ? 'Nothing matches' : 'Nothing to pick from yet';
  if (op === 'in')
    return (
      <MultiSelect
        aria-label="Values"
        placeholder={strList(value).length ? undefined : 'Pick one or more'}
        data={options}
        value={strList(value)}
        onChange={onChange}
        error={invalid}
        searchable
        clearable
        limit={200}
        nothingFoundMessage={nothing}
      />
    );
  return (
    <Select
      aria-label="Value"
      placeholder="Pick a value"
      data={options}
      value={typeof value === 'string' ? value : null}
      onChange={onChange}
      error={invalid}
      searchable
      limit={200}
      nothingFoundMessage={nothing}
    />
  );
}

function UserValue(props: ValueInputProps) {
  const users = useUsers();
  const options: Option[] = [
    { value: 'me', label: 'Me' },
    ...(users.data ?? []).map((u) => ({ value: u.id, label: u.active ? u.name : `${u.name} (deactivated)` })),
  ];
  return <Choice {...props} options={options} />;
}
