import { Button, Group, Loader, Text } from '@mantine/core';

interface Props {
  count: number | undefined;
  loading: boolean;
  /** The rows are ranked by relevance to the search text. */
  relevance: boolean;
  /** A column sort replaced relevance; offer to go back to it. */
  canSortByRelevance: boolean;
  onSortByRelevance: () => void;
}

/** How many contacts the filter and search find, and how they are ordered. */
export function ResultsInfo({ count, loading, relevance, canSortByRelevance, onSortByRelevance }: Props) {
  return (
    <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
      {loading && <Loader size={12} />}
      {count !== undefined && (
        <Text size="sm" c="dimmed" data-testid="result-count" data-count={count}>
          {count.toLocaleString()} {count === 1 ? 'contact' : 'contacts'}
          {relevance ? ' · most relevant first' : ''}
        </Text>
      )}
      {canSortByRelevance && (
        <Button size="compact-sm" variant="subtle" onClick={onSortByRelevance}>
          Sort by relevance
        </Button>
      )}
    </Group>
  );
}
