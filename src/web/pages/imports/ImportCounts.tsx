import { Paper, SimpleGrid, Text } from '@mantine/core';
import type { ImportSummary } from '../../api/imports';
import { count } from './format';

const COUNTS = [
  { key: 'created', label: 'Created', color: 'teal.8', hint: 'new contacts' },
  { key: 'updated', label: 'Updated', color: 'blue.8', hint: 'existing contacts changed' },
  { key: 'unchanged', label: 'Unchanged', color: 'gray.7', hint: 'matched, nothing new, or skipped' },
  { key: 'failed', label: 'Failed', color: 'red.8', hint: 'rows left out, in the error file' },
] as const;

const ADDED_TO_LIST = {
  key: 'addedToList',
  label: 'Added to list',
  color: 'violet.8',
  hint: 'new entries on the contact list',
} as const;

/** created / updated / unchanged / failed, which add up to the rows read; entries added to a list. */
export function ImportCounts({ counts }: { counts: ImportSummary['counts'] }) {
  const tiles = counts.addedToList === undefined ? COUNTS : [...COUNTS, ADDED_TO_LIST];
  return (
    <SimpleGrid cols={{ base: 2, sm: tiles.length }} spacing="sm" data-testid="import-counts">
      {tiles.map((c) => (
        <Paper key={c.key} withBorder p="md" data-testid={`count-${c.key}`}>
          <Text size="xs" tt="uppercase" fw={700} c="dimmed">
            {c.label}
          </Text>
          <Text
            fz={28}
            fw={700}
            lh={1.3}
            c={(counts[c.key] ?? 0) > 0 ? c.color : 'dimmed'}
            data-testid="count-value"
            style={{ fontVariantNumeric: 'tabular-nums' }}
          >
            {count(counts[c.key] ?? 0)}
          </Text>
          <Text size="xs" c="dimmed">
            {c.hint}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
