import { Group, Loader, Text } from '@mantine/core';
import { errorMessage, isApiError } from '../../../api/client';

interface Props {
  count: number | undefined;
  /** Waiting for the person to stop typing, or for the server. */
  loading: boolean;
  error: unknown;
  /** The server's errors were placed next to the conditions they name. */
  errorsShown?: boolean;
  q?: string;
}

const plural = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'contact matches' : 'contacts match'}`;

/** "N contacts match", kept while the next count loads so the number does not flicker away. */
export function LiveCount({ count, loading, error, errorsShown, q }: Props) {
  const state = error ? 'error' : loading || count === undefined ? 'loading' : 'ready';
  return (
    <Group
      gap="xs"
      wrap="nowrap"
      data-testid="live-count"
      data-state={state}
      data-count={state === 'ready' ? count : undefined}
      aria-live="polite"
      miw={0}
    >
      {loading && <Loader size={14} />}
      {error ? (
        <Text size="sm" c="red" lineClamp={2}>
          {errorsShown || (isApiError(error) && error.errors.some((e) => e.path.startsWith('filter')))
            ? 'Fix the conditions marked in red to see how many contacts match.'
            : errorMessage(error)}
        </Text>
      ) : count === undefined ? (
        <Text size="sm" c="dimmed">
          Counting contacts…
        </Text>
      ) : (
        <Text size="sm" c={loading ? 'dimmed' : undefined} truncate>
          <b>{plural(count)}</b>
          {q ? ` with the search “${q}”` : ''}
        </Text>
      )}
    </Group>
  );
}
