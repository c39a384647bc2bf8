import { useMemo, useState } from 'react';
import { Alert, Skeleton, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { errorMessage, type FieldError } from '../../../api/client';
import { useFilterFields, type FilterNode } from '../../../api/filters';
import { useSession } from '../../../layout/session';
import { FILTER_LIMITS } from '../../../../modules/filters/enums';
import { placeErrors } from './errors';
import { fieldOptions } from './fields';
import { GroupBox, type BuilderContext } from './GroupBox';
import { addChild, filterKey, fromFilter, removeNode, toFilter, updateNode, type GroupDraft } from './model';

export interface FilterProblem {
  /** The filter the server judged. */
  filter: FilterNode | null;
  /** Its problem+json errors, with paths such as `filter.and.1.value`. */
  errors: FieldError[];
}

export interface FilterBuilderProps {
  /** The filter to edit; null for none. A new value from outside replaces the draft. */
  value: FilterNode | null;
  /** Called with the filter the draft stands for, incomplete conditions left out. */
  onChange: (filter: FilterNode | null) => void;
  /** Server errors about a filter, shown next to the conditions they name while it is the one being edited. */
  problem?: FilterProblem | null;
  /** The name the server gives the filter in error paths. */
  errorRoot?: string;
}

/**
 * Builds a filter tree (and / or / not over field-operator-value conditions) for the server's one
 * filter language. Reusable: it takes and returns a FilterNode, and keeps its draft (incomplete
 * conditions included) to itself.
 */
export function FilterBuilder({ value, onChange, problem, errorRoot = 'filter' }: FilterBuilderProps) {
  const me = useSession();
  const fields = useFilterFields();
  const [state, setState] = useState(() => ({ draft: fromFilter(value), emitted: filterKey(value) }));

  // A value we did not emit (opening a saved view, the back button) starts a new draft.
  const key = filterKey(value);
  if (key !== state.emitted) setState({ draft: fromFilter(value), emitted: key });

  const byField = useMemo(() => new Map((fields.data ?? []).map((f) => [f.field, f])), [fields.data]);
  const types = useMemo(() => new Map([...byField].map(([k, f]) => [k, f.type])), [byField]);
  const fieldData = useMemo(() => fieldOptions(fields.data ?? []), [fields.data]);
  const compiled = useMemo(() => toFilter(state.draft, types, errorRoot), [state.draft, types, errorRoot]);

  const placed = useMemo(() => {
    if (!problem || filterKey(problem.filter) !== filterKey(compiled.filter)) return null;
    const mine = problem.errors.filter((e) => e.path === errorRoot || e.path.startsWith(`${errorRoot}.`));
    return placeErrors(mine, compiled.paths);
  }, [problem, compiled, errorRoot]);

  const edit = (fn: (d: GroupDraft) => GroupDraft) => {
    const draft = fn(state.draft);
    const next = toFilter(draft, types, errorRoot).filter;
    const k = filterKey(next);
    setState({ draft, emitted: k });
    if (k !== state.emitted) onChange(next);
  };

  const ctx: BuilderContext = {
    fields: byField,
    fieldData,
    errors: placed?.byNode ?? new Map(),
    incomplete: compiled.incomplete,
    dateFormat: me.workspace.dateFormat,
    maxDepth: FILTER_LIMITS.depth - 2,
    replace: (id, node) => edit((d) => updateNode(d, id, () => node)),
    remove: (id) => edit((d) => removeNode(d, id)),
    add: (groupId, child) => edit((d) => addChild(d, groupId, child)),
  };

  if (fields.isPending)
    return (
      <Stack gap="sm">
        <Skeleton h={30} w={260} />
        <Skeleton h={36} />
      </Stack>
    );
  if (fields.isError)
    return (
      <Text c="red" size="sm">
        Could not load the fields to filter by: {errorMessage(fields.error)}
      </Text>
    );

  return (
    <Stack gap="sm" data-testid="filter-builder">
      {placed && placed.rest.length > 0 && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} />} p="xs">
          {placed.rest.join('; ')}
        </Alert>
      )}
      <GroupBox node={state.draft} depth={0} ctx={ctx} />
    </Stack>
  );
}
