import type { ReactNode } from 'react';
import { Paper, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { errorMessage } from '../api/client';
import { TableSkeleton } from './TableSkeleton';

/**
 * The body of a list page: a table skeleton while its query loads, the error if it failed, the
 * empty panel when there is nothing to list, else the list drawn from the data.
 */
export function QueryBody<T>({
  query,
  rows,
  isEmpty,
  empty,
  children,
}: {
  query: UseQueryResult<T>;
  /** Skeleton rows while loading: about as many as the list usually shows. */
  rows: number;
  isEmpty: (data: T) => boolean;
  empty: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending)
    return (
      <Paper withBorder>
        <TableSkeleton rows={rows} />
      </Paper>
    );
  if (query.isError) return <Text c="red">{errorMessage(query.error)}</Text>;
  return <>{isEmpty(query.data) ? empty : children(query.data)}</>;
}
