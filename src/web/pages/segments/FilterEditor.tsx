import { useMemo, useState } from 'react';
import { Box, Group, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { isApiError, type ApiError } from '../../api/client';
import { useContactCount, useFilterFields, type FilterNode } from '../../api/filters';
import { useUsers } from '../../api/hooks';
// The filter builder belongs to the contacts page; groups and segments reuse it as is.
import { FilterBuilder, type FilterProblem } from '../contacts/filter/FilterBuilder';
import { LiveCount } from '../contacts/filter/LiveCount';
import { filterKey } from '../contacts/filter/model';
import { summarize } from '../contacts/filter/summary';

/**
 * A filter being edited, with the live count of the contacts it matches (counted once typing
 * pauses). `settled` says the count is for the filter shown.
 */
export function useFilterDraft(initial: FilterNode | null) {
  const [draft, setDraft] = useState<FilterNode | null>(initial);
  const [debounced] = useDebouncedValue(draft, 300);
  const settled = filterKey(debounced) === filterKey(draft);
  const count = useContactCount({ filter: debounced ?? undefined }, { enabled: !!debounced });
  const countProblem: FilterProblem | null =
    count.isError && isApiError(count.error) ? { filter: debounced, errors: count.error.errors } : null;
  return {
    draft,
    setDraft,
    settled,
    count: draft && settled && !count.isError ? count.data : undefined,
    counting: !!draft && (!settled || count.isFetching),
    countError: draft && settled ? count.error : null,
    countProblem,
  };
}
export type FilterDraft = ReturnType<typeof useFilterDraft>;

/**
 * The server's problem with a filter it was sent under `root` (e.g. `selection.filter`), with
 * paths renamed to start with `filter`, for the builder to place next to its conditions.
 */
export function saveProblem(e: unknown, filter: FilterNode | null, root = 'filter'): FilterProblem | null {
  if (!isApiError(e)) return null;
  const errors = (e as ApiError).errors
    .filter((x) => x.path === root || x.path.startsWith(`${root}.`))
    .map((x) => ({ ...x, path: `filter${x.path.slice(root.length)}` }));
  return errors.length ? { filter, errors } : null;
}

interface Props {
  state: FilterDraft;
  /** An error from saving (paths from `saveProblem`), placed next to the conditions it names. */
  problem?: FilterProblem | null;
  /** Shown when the filter has no complete condition yet. */
  emptyHint?: string;
  /** Shown instead of the empty hint once the filter is saved and refused for being empty. */
  error?: string;
}

/** The contacts filter builder with the live count below it. */
export function FilterEditor({ state, problem, emptyHint, error }: Props) {
  return (
    <Stack gap="sm">
      <Box
        p="sm"
        style={{
          border: `1px solid var(--mantine-color-${error ? 'red-5' : 'gray-3'})`,
          borderRadius: 'var(--mantine-radius-md)',
        }}
      >
        <FilterBuilder
          value={state.draft}
          onChange={state.setDraft}
          problem={problem ?? state.countProblem}
        />
      </Box>
      <Group justify="space-between" mih={22}>
        {state.draft ? (
          <LiveCount count={state.count} loading={state.counting} error={state.countError} />
        ) : (
          <Text size="sm" c={error ? 'red' : 'dimmed'} role={error ? 'alert' : undefined}>
            {error ?? emptyHint ?? 'Add a condition to see how many contacts match.'}
          </Text>
        )}
      </Group>
    </Stack>
  );
}

/** A filter in words, with field, operator and value labels. */
export function useFilterSummary(filter: unknown): string | null {
  const fields = useFilterFields();
  const users = useUsers();
  return useMemo(() => {
    if (!filter || typeof filter !== 'object') return null;
    return summarize(filter as FilterNode, {
      fields: new Map((fields.data ?? []).map((f) => [f.field, f])),
      users: new Map((users.data ?? []).map((u) => [u.id, u.name])),
    });
  }, [filter, fields.data, users.data]);
}

export function FilterSummary({ filter, lineClamp }: { filter: unknown; lineClamp?: number }) {
  const text = useFilterSummary(filter);
  return (
    <Text size="sm" c={text ? undefined : 'dimmed'} lineClamp={lineClamp} title={text ?? undefined}>
      {text ?? 'No conditions'}
    </Text>
  );
}
