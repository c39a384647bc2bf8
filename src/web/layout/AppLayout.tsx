import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import {
  AppShell,
  Avatar,
  Badge,
  Burger,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  ThemeIcon,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAddressBook, IconChevronDown, IconLogout } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useSignOut } from '../api/hooks';
import { initials } from '../lib/format';
import { ROLE_LABELS } from '../lib/constants';
import { notifyError } from '../components/notify';
import { NAV_ITEMS } from './nav';
import { useSession } from './session';

function UserMenu() {
  const me = useSession();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const name = me.user?.name ?? me.apiKey?.name ?? 'Unknown';
  const onSignOut = () =>
    signOut.mutate(undefined, {
      onSuccess: () => navigate('/sign-in', { replace: true }),
      onError: (e) => notifyError(e, 'Could not sign out'),
    });
  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        <UnstyledButton data-testid="user-menu" aria-label="User menu">
          <Group gap="xs" wrap="nowrap">
            <Avatar color="brand" radius="xl" size={32}>
              {initials(name)}
            </Avatar>
            <Stack gap={0} visibleFrom="sm">
              <Text size="sm" fw={600} lh={1.2}>
                {name}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2}>
                {ROLE_LABELS[me.role]}
              </Text>
            </Stack>
            <IconChevronDown size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{me.user?.email}</Menu.Label>
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={onSignOut} color="red">
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function AppLayout() {
  const me = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  useEffect(close, [pathname, close]);

  const visible = NAV_ITEMS.filter((i) => !i.managersOnly || me.isManager);
  const section = (s: 'main' | 'admin') =>
    visible
      .filter((i) => i.section === s)
      .map((i) => (
        <NavLink
          key={i.to}
          component={Link}
          to={i.to}
          label={i.label}
          leftSection={<i.icon size={18} stroke={1.7} />}
          active={pathname === i.to || pathname.startsWith(`${i.to}/`)}
          variant="light"
          style={{ borderRadius: 'var(--mantine-radius-md)' }}
          fw={500}
        />
      ));
  const admin = section('admin');

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="xl"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <ThemeIcon
              size={34}
              radius="md"
              variant="gradient"
              gradient={{ from: 'brand.5', to: 'brand.8', deg: 135 }}
            >
              <IconAddressBook size={20} />
            </ThemeIcon>
            <Text fw={700} size="lg" data-testid="workspace-name" truncate>
              {me.workspace.name}
            </Text>
            {me.role !== 'agent' && (
              <Badge variant="light" color="gray" visibleFrom="sm">
                {ROLE_LABELS[me.role]}
              </Badge>
            )}
          </Group>
          <UserMenu />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={4}>{section('main')}</Stack>
          {admin.length > 0 && (
            <>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mt="lg" mb={6}>
                Administration
              </Text>
              <Stack gap={4}>{admin}</Stack>
            </>
          )}
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm">
            Contacts platform
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <div style={{ maxWidth: 1400, margin: '0 auto' }}>
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
