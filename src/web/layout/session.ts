import { useMe } from '../api/hooks';
import type { Me, Role } from '../api/types';

export const isManager = (role: Role | undefined) => role === 'owner' || role === 'admin';

/** The signed-in session; only call inside AuthGate, which guarantees it is loaded. */
export function useSession(): Me & { isManager: boolean } {
  const { data } = useMe();
  if (!data) throw new Error('useSession called outside AuthGate');
  return { ...data, isManager: isManager(data.role) };
}
