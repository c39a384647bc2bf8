import { Button, Group, Select, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';

interface Props {
  page: number;
  limit: number;
  /** Rows on this page. */
  shown: number;
  hasNext: boolean;
  onLimit: (limit: number) => void;
  onPrevious: () => void;
  onNext: () => void;
}

/** Cursor paging: the list knows the next page, and the pages already visited. */
export function Pager({ page, limit, shown, hasNext, onLimit, onPrevious, onNext }: Props) {
  return (
    <Group
      justify="space-between"
      px="md"
      py="sm"
      style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
    >
      <Group gap="xs">
        <Text size="sm" c="dimmed">
          Rows per page
        </Text>
        <Select
          aria-label="Rows per page"
          data={['10', '25', '50', '100']}
          value={String(limit)}
          onChange={(v) => onLimit(Number(v ?? 25))}
          w={80}
          size="xs"
          allowDeselect={false}
        />
      </Group>
      <Group gap="xs">
        <Text size="sm" c="dimmed" data-testid="page-info">
          Page {page + 1}
          {shown ? ` · ${page * limit + 1}–${page * limit + shown}` : ''}
        </Text>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconChevronLeft size={14} />}
          disabled={page === 0}
          onClick={onPrevious}
        >
          Previous
        </Button>
        <Button
          variant="default"
          size="xs"
          rightSection={<IconChevronRight size={14} />}
          disabled={!hasNext}
          onClick={onNext}
        >
          Next
        </Button>
      </Group>
    </Group>
  );
}
