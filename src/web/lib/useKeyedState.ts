import { useCallback, useState } from 'react';

/**
 * State that belongs to one key (a view, a query): when the key changes, the value starts afresh
 * from `initial`, without an effect and the extra render with the stale value an effect would cost.
 */
export function useKeyedState<T>(key: string, initial: () => T) {
  const [state, setState] = useState(() => ({ key, value: initial() }));
  const value = state.key === key ? state.value : initial();
  const set = useCallback(
    (next: T | ((prev: T) => T)) =>
      setState((s) => {
        const prev = s.key === key ? s.value : initial();
        return { key, value: typeof next === 'function' ? (next as (p: T) => T)(prev) : next };
      }),
    // `initial` is a constant factory at each call site.
    [key],
  );
  return [value, set] as const;
}
