import { useEffect } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me } from '../api/types';
import { keys, useMe, useSetupStatus } from '../api/hooks';
import { api, isApiError, onUnauthorized, errorMessage } from '../api/client';
import { EmptyPanel } from '../components/EmptyPanel';
import { isManager } from './session';

function FullPageLoader() {
  return (
    <Center h="100vh">
      <Loader type="dots" />
    </Center>
  );
}

function FullPageError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <Center h="100vh">
      <Stack align="center" gap="sm">
        <Text fw={600}>Could not load the app</Text>
        <Text c="dimmed" size="sm">
          {errorMessage(error)}
        </Text>
        <Button variant="light" onClick={retry}>
          Try again
        </Button>
      </Stack>
    </Center>
  );
}

/** Setup and sign-in pages: send people to setup while the workspace does not exist. */
export function PublicGate() {
  const setup = useSetupStatus();
  // Subscribes to the session without fetching it: set by a successful setup or sign-in.
  const me = useQuery({ queryKey: keys.me, queryFn: () => api.get<Me>('/auth/me'), enabled: false });
  const { pathname } = useLocation();
  if (setup.isPending) return <FullPageLoader />;
  if (setup.isError) return <FullPageError error={setup.error} retry={() => setup.refetch()} />;
  if (setup.data.needed && pathname !== '/setup') return <Navigate to="/setup" replace />;
  if (!setup.data.needed && pathname === '/setup')
    return <Navigate to={me.data ? '/contacts' : '/sign-in'} replace />;
  return <Outlet />;
}

/** Everything else: needs a workspace and a session. */
export function AuthGate() {
  const qc = useQueryClient();
  const setup = useSetupStatus();
  const me = useMe();
  const location = useLocation();

  // Any request answering 401 (session expired, signed out elsewhere) re-checks the session.
  useEffect(() => onUnauthorized(() => qc.invalidateQueries({ queryKey: keys.me })), [qc]);

  if (setup.data?.needed) return <Navigate to="/setup" replace />;
  if (me.isPending) return <FullPageLoader />;
  if (me.isError) {
    if (isApiError(me.error) && me.error.status === 401) {
      const next = location.pathname + location.search;
      return (
        <Navigate
          to={next && next !== '/' ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'}
          replace
        />
      );
    }
    return <FullPageError error={me.error} retry={() => me.refetch()} />;
  }
  return <Outlet />;
}

/** Admin pages: owners and admins only (the server enforces it too). */
export function RequireManager() {
  const me = useMe();
  if (!isManager(me.data?.role)) {
    return (
      <EmptyPanel
        icon={<IconLock size={28} />}
        title="Only admins can open this page"
        description="Ask an owner or admin of the workspace if you need access."
      />
    );
  }
  return <Outlet />;
}
