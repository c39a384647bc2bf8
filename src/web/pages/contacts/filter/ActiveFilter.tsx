import { useMemo } from 'react';
import { Button, Group, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconDeviceFloppy, IconFilter, IconFilterStar, IconX } from '@tabler/icons-react';
import { useFilterFields, type FilterNode } from '../../../api/filters';
import { useUsers } from '../../../api/hooks';
import { useSegments } from '../../../api/segments';
import { segmentOf, summarize } from './summary';

interface Props {
  filter: FilterNode;
  onEdit: () => void;
  onClear: () => void;
  /** Offered unless the filter is a segment already. */
  onSaveSegment?: () => void;
}

/** The chip that says a filter is on, in words (or the segment's name), with Edit and Clear. */
export function ActiveFilter({ filter, onEdit, onClear, onSaveSegment }: Props) {
  const fields = useFilterFields();
  const users = useUsers();
  const segments = useSegments();
  const segmentId = segmentOf(filter);
  const names = useMemo(() => new Map((segments.data ?? []).map((s) => [s.id, s.name])), [segments.data]);
  const text = useMemo(
    () =>
      summarize(filter, {
        fields: new Map((fields.data ?? []).map((f) => [f.field, f])),
        users: new Map((users.data ?? []).map((u) => [u.id, u.name])),
        names,
      }),
    [filter, fields.data, users.data, names],
  );
  const segmentName =
    segmentId &&
    (names.get(segmentId) ??
      fields.data?.find((f) => f.field === 'segment')?.options?.find((o) => o.value === segmentId)?.label);
  return (
    <Group gap="xs" wrap="nowrap" miw={0}>
      <Group
        gap={8}
        wrap="nowrap"
        data-testid="active-filter"
        data-segment={segmentId ?? undefined}
        pl={6}
        pr={4}
        py={4}
        miw={0}
        style={{
          background: 'var(--mantine-color-brand-0)',
          border: '1px solid var(--mantine-color-brand-2)',
          borderRadius: 'var(--mantine-radius-md)',
        }}
      >
        <ThemeIcon size={22} variant="light" radius="sm">
          {segmentId ? <IconFilterStar size={14} /> : <IconFilter size={14} />}
        </ThemeIcon>
        <Tooltip label={text} multiline maw={520} openDelay={500} disabled={!!segmentName}>
          <Text size="sm" truncate miw={0} data-testid="active-filter-text">
            <Text span fw={600} size="sm">
              {segmentId ? 'Segment: ' : 'Filter: '}
            </Text>
            {segmentId ? (segmentName ?? (segments.isPending ? '…' : 'not found')) : text}
          </Text>
        </Tooltip>
        <Button size="compact-sm" variant="subtle" onClick={onEdit}>
          Edit
        </Button>
        <Button
          size="compact-sm"
          variant="subtle"
          color="gray"
          leftSection={<IconX size={14} />}
          onClick={onClear}
          aria-label="Clear filter"
        >
          Clear
        </Button>
      </Group>
      {onSaveSegment && !segmentId && (
        <Button
          size="compact-sm"
          variant="subtle"
          leftSection={<IconDeviceFloppy size={14} />}
          onClick={onSaveSegment}
          style={{ flexShrink: 0 }}
        >
          Save as segment
        </Button>
      )}
    </Group>
  );
}
