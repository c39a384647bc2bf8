import { ActionIcon, Box, Group, Select, Text, Tooltip } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { OP_LABELS, type Op } from '../../../../modules/filters/enums';
import type { FieldInfo } from '../../../api/filters';
import type { NodeErrors } from './errors';
import type { fieldOptions } from './fields';
import { valueForOp, withField, type ConditionDraft } from './model';
import { ValueInput } from './ValueInput';
import { Connector } from './Connector';

export interface ConditionRowProps {
  node: ConditionDraft;
  /** Its place in the parent group: the first reads "Where", the others the group's and/or. */
  index: number;
  combinator: 'and' | 'or';
  fields: Map<string, FieldInfo>;
  fieldData: ReturnType<typeof fieldOptions>;
  errors?: NodeErrors;
  incomplete: boolean;
  dateFormat: string;
  onChange: (node: ConditionDraft) => void;
  onRemove: () => void;
}

export function ConditionRow(p: ConditionRowProps) {
  const { node, errors } = p;
  const info = node.field ? p.fields.get(node.field) : undefined;
  // A field the server no longer lists (a deleted custom field) still shows, so it can be removed.
  const fieldData =
    node.field && !info
      ? [...p.fieldData, { group: 'Unknown', items: [{ value: node.field, label: node.field }] }]
      : p.fieldData;
  const ops = info?.ops ?? (node.op ? [node.op] : []);
  const messages = [errors?.node, errors?.field, errors?.op, errors?.value].filter(Boolean);

  return (
    <Box
      data-testid="filter-condition"
      data-complete={p.incomplete ? 'false' : 'true'}
      data-invalid={messages.length ? 'true' : undefined}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Connector index={p.index} combinator={p.combinator} />
        <Select
          aria-label="Field"
          // Long labels are cut off in the input; the whole one shows on hover.
          title={info?.label}
          placeholder="Pick a field"
          data={fieldData}
          value={node.field}
          onChange={(f) => {
            const next = f ? p.fields.get(f) : undefined;
            if (next) p.onChange(withField(node, info, next));
          }}
          searchable
          // A condition just added waits for its field.
          autoFocus={!node.field}
          allowDeselect={false}
          nothingFoundMessage="No such field"
          maxDropdownHeight={360}
          comboboxProps={{ width: 280, position: 'bottom-start' }}
          error={!!errors?.field}
          w={210}
          style={{ flexShrink: 0 }}
        />
        <Select
          aria-label="Operator"
          placeholder="Operator"
          data={ops.map((o) => ({ value: o, label: OP_LABELS[o] }))}
          value={node.op}
          onChange={(o) =>
            o && p.onChange({ ...node, op: o as Op, value: valueForOp(node.op, o as Op, node.value) })
          }
          disabled={!node.field}
          allowDeselect={false}
          error={!!errors?.op}
          w={160}
          style={{ flexShrink: 0 }}
        />
        <Box style={{ flex: 1, minWidth: 0 }}>
          {node.op && (
            <ValueInput
              info={info}
              op={node.op}
              value={node.value}
              onChange={(value) => p.onChange({ ...node, value })}
              invalid={!!errors?.value}
              dateFormat={p.dateFormat}
            />
          )}
        </Box>
        <Tooltip label="Remove condition">
          <ActionIcon variant="subtle" color="gray" aria-label="Remove condition" onClick={p.onRemove} mt={4}>
            <IconX size={16} />
          </ActionIcon>
        </Tooltip>
      </Group>
      {messages.length > 0 ? (
        <Text size="xs" c="red" mt={4} ml={64} data-testid="condition-error">
          {messages.join('; ')}
        </Text>
      ) : p.incomplete && node.field ? (
        <Text size="xs" c="dimmed" mt={4} ml={64} fs="italic" data-testid="condition-incomplete">
          Incomplete: left out of the filter until it has a value
        </Text>
      ) : null}
    </Box>
  );
}
