import { useState } from 'react';
import { Button, CloseButton, Group, Paper, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { isApiError } from '../../../api/client';
import { useContactCount, type FilterNode } from '../../../api/filters';
import { FilterBuilder, type FilterProblem } from './FilterBuilder';
import { LiveCount } from './LiveCount';
import { filterKey } from './model';

interface Props {
  /** The filter the page shows now; the panel edits a copy until Apply. */
  applied: FilterNode | null;
  /** The search text, counted along with the filter as the table would show it. */
  q?: string;
  onApply: (filter: FilterNode | null) => void;
  onClose: () => void;
  /** Saves the filter being edited as a segment. */
  onSaveSegment?: (filter: FilterNode) => void;
}

/** The filter builder with a live count of the contacts it matches, above the contacts table. */
export function FilterPanel({ applied, q, onApply, onClose, onSaveSegment }: Props) {
  const [draft, setDraft] = useState<FilterNode | null>(applied);
  const [debounced] = useDebouncedValue(draft, 300);
  const settled = filterKey(debounced) === filterKey(draft);
  const count = useContactCount({ filter: debounced ?? undefined, q });

  const problem: FilterProblem | null =
    count.isError && isApiError(count.error) ? { filter: debounced, errors: count.error.errors } : null;
  const invalid = settled && count.isError;
  const unchanged = filterKey(draft) === filterKey(applied);

  return (
    <Paper withBorder p="md" mb="md" data-testid="filter-panel" shadow="xs">
      <Group justify="space-between" mb="md" wrap="nowrap">
        <Title order={4}>Filter contacts</Title>
        <CloseButton aria-label="Close filter" onClick={onClose} />
      </Group>
      <FilterBuilder value={draft} onChange={setDraft} problem={problem} />
      <Group
        justify="space-between"
        mt="md"
        pt="md"
        wrap="nowrap"
        gap="md"
        style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
      >
        <LiveCount
          count={count.data}
          loading={!settled || count.isFetching}
          error={settled ? count.error : null}
          q={q}
        />
        <Group gap="sm" wrap="nowrap">
          {draft && (
            <Button variant="subtle" color="gray" onClick={() => setDraft(null)}>
              Remove all conditions
            </Button>
          )}
          {draft && onSaveSegment && (
            <Button
              variant="default"
              leftSection={<IconDeviceFloppy size={16} />}
              disabled={!settled || count.isError}
              onClick={() => onSaveSegment(draft)}
            >
              Save as segment
            </Button>
          )}
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={() => (unchanged ? onClose() : onApply(draft))}
            disabled={invalid}
            data-testid="apply-filter"
          >
            Apply filter
          </Button>
        </Group>
      </Group>
      {invalid && (
        <Text size="xs" c="dimmed" ta="right" mt={6}>
          The server could not use this filter; fix it to apply it.
        </Text>
      )}
    </Paper>
  );
}
