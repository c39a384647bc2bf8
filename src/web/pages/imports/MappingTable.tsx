import { Badge, Group, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import type { ImportTarget } from '../../api/imports';
import type { FieldDefinition } from '../../api/types';
import { targetOptions, targetValue } from './targets';

export interface MappingColumn {
  index: number;
  header: string;
  samples: string[];
  notes: string[];
  /** Nothing recognised it and the person has not chosen yet. */
  highlight: boolean;
  error?: string;
}

/** Up to three different non-empty values of a column, from the preview rows. */
export function samplesOf(rows: { cells: string[] }[], column: number): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const v = (r.cells[column] ?? '').trim();
    if (v && !out.includes(v)) out.push(v);
    if (out.length === 3) break;
  }
  return out;
}

function TargetSelect({
  column,
  mapping,
  headers,
  fields,
  entries,
  error,
  onChange,
}: {
  column: MappingColumn;
  mapping: ImportTarget[];
  headers: string[];
  fields: FieldDefinition[];
  entries: boolean;
  error?: string;
  onChange: (column: number, value: string | null) => void;
}) {
  const data = targetOptions(column.index, mapping, headers, fields, entries);
  return (
    <Select
      aria-label={`Import column ${column.index + 1} (${column.header || 'no header'}) as`}
      data={data}
      value={targetValue(mapping[column.index])}
      onChange={(v) => onChange(column.index, v)}
      allowDeselect={false}
      searchable
      nothingFoundMessage="Nothing matches"
      maxDropdownHeight={340}
      error={error}
      renderOption={({ option, checked }) => {
        const hint = (option as { hint?: string }).hint;
        return (
          <Group gap={6} wrap="nowrap" align="flex-start">
            {checked ? <IconCheck size={14} style={{ marginTop: 3 }} /> : <span style={{ width: 14 }} />}
            <div>
              <Text size="sm">{option.label}</Text>
              {hint && (
                <Text size="xs" c="dimmed">
                  {hint}
                </Text>
              )}
            </div>
          </Group>
        );
      }}
      styles={{ input: { fontWeight: mapping[column.index].kind === 'ignore' ? 400 : 600 } }}
    />
  );
}

/** Step 3's table: a line per column of the file, with a target picker. */
export function MappingTable({
  columns,
  mapping,
  headers,
  fields,
  entries = false,
  onChange,
}: {
  columns: MappingColumn[];
  mapping: ImportTarget[];
  headers: string[];
  fields: FieldDefinition[];
  /** Offer the list entry fields (managers). */
  entries?: boolean;
  onChange: (column: number, value: string | null) => void;
}) {
  return (
    <Paper withBorder>
      <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="mapping-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={50}>#</Table.Th>
            <Table.Th w="28%">Column in the file</Table.Th>
            <Table.Th>Sample values</Table.Th>
            <Table.Th w={320}>Import as</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {columns.map((c) => (
            <Table.Tr
              key={c.index}
              data-testid="mapping-row"
              data-unmapped={c.highlight || undefined}
              bg={c.highlight ? 'var(--mantine-color-yellow-light)' : undefined}
            >
              <Table.Td c="dimmed" valign="top" pt={18}>
                {c.index + 1}
              </Table.Td>
              <Table.Td valign="top" pt={16}>
                <Stack gap={4}>
                  <Group gap={8}>
                    <Text fw={600} size="sm" style={{ wordBreak: 'break-word' }}>
                      {c.header || (
                        <Text span c="dimmed" size="sm">
                          (no header)
                        </Text>
                      )}
                    </Text>
                    {c.highlight && (
                      <Badge color="yellow" variant="filled" c="dark" size="sm">
                        Not mapped
                      </Badge>
                    )}
                  </Group>
                  {c.notes.map((n) => (
                    <Text key={n} size="xs" c="dimmed" data-testid="mapping-note">
                      {n}
                    </Text>
                  ))}
                </Stack>
              </Table.Td>
              <Table.Td valign="top" pt={16}>
                {c.samples.length ? (
                  <Text size="sm" c="dimmed" lineClamp={2} title={c.samples.join('\n')}>
                    {c.samples.join(' · ')}
                  </Text>
                ) : (
                  <Text size="sm" c="dimmed" fs="italic">
                    Empty in the first rows
                  </Text>
                )}
              </Table.Td>
              <Table.Td valign="top">
                <TargetSelect
                  column={c}
                  mapping={mapping}
                  headers={headers}
                  fields={fields}
                  entries={entries}
                  error={c.error}
                  onChange={onChange}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
