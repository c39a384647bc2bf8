import { Alert, Group, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconInfoCircle, IconUserQuestion } from '@tabler/icons-react';
import type { ImportPreview, ImportTarget } from '../../api/imports';
import type { FieldDefinition } from '../../api/types';
import { MappingTable, samplesOf, type MappingColumn } from './MappingTable';
import { identifies } from './targets';

// The server notes a reused mapping on the first column; it is about the whole file.
const REUSED = /^Mapping reused/;

/** Step 3: what each column becomes. */
export function MappingStep({
  preview,
  mapping,
  touched,
  fields,
  errors,
  entries = false,
  onChange,
}: {
  preview: ImportPreview;
  mapping: ImportTarget[];
  /** Columns the person has chosen a target for. */
  touched: ReadonlySet<number>;
  fields: FieldDefinition[];
  /** Server errors by path: `mapping` and `mapping.<column>`. */
  errors: Record<string, string>;
  /** Offer the list entry fields (managers, who may import into a contact list). */
  entries?: boolean;
  onChange: (column: number, value: string | null) => void;
}) {
  const { suggestedMapping: suggested, headers } = preview;
  const unmapped = new Set(suggested.unmapped);
  const reused = suggested.notes.find((n) => REUSED.test(n.message));
  const columns: MappingColumn[] = headers.map((header, index) => ({
    index,
    header,
    samples: samplesOf(preview.rows, index),
    notes: suggested.notes.filter((n) => n.column === index && n !== reused).map((n) => n.message),
    highlight: unmapped.has(index) && !touched.has(index),
    error: errors[`mapping.${index}`],
  }));
  const used = mapping.filter((t) => t.kind !== 'ignore').length;
  const waiting = columns.filter((c) => c.highlight).length;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed" data-testid="mapping-summary">
          {used} of {headers.length} columns will be imported. Pick a contact field, a contact point (phone,
          email, messenger…) or a custom field for each column, or Ignore it.
        </Text>
      </Group>
      {reused && (
        <Alert color="teal" icon={<IconInfoCircle size={18} />} data-testid="mapping-reused">
          {reused.message}. Check it, then continue.
        </Alert>
      )}
      {waiting > 0 && (
        <Alert color="yellow" icon={<IconInfoCircle size={18} />}>
          {waiting === 1 ? '1 column was' : `${waiting} columns were`} not recognised and will be ignored
          unless you choose what {waiting === 1 ? 'it holds' : 'they hold'}.
        </Alert>
      )}
      {errors.mapping && (
        <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
          {errors.mapping}
        </Alert>
      )}
      {!identifies(mapping) && (
        <Alert color="orange" icon={<IconUserQuestion size={18} />} data-testid="mapping-identify-hint">
          Nothing would identify the contacts: map a column to a name (first, last or full name) or to a
          contact point such as a phone or an email.
        </Alert>
      )}
      <MappingTable
        columns={columns}
        mapping={mapping}
        headers={headers}
        fields={fields}
        entries={entries}
        onChange={onChange}
      />
    </Stack>
  );
}
