import { Skeleton, Stack } from '@mantine/core';

export function TableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <Stack gap="xs" p="md" data-testid="loading">
      <Skeleton height={28} radius="sm" />
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={22} radius="sm" opacity={1 - i / (rows + 2)} />
      ))}
    </Stack>
  );
}
