import type { ReactNode } from 'react';
import { Box, Center, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAddressBook } from '@tabler/icons-react';

/** Centred card on a soft gradient, for setup and sign-in. */
export function AuthCard({
  title,
  subtitle,
  children,
  width = 440,
}: {
  title: string;
  subtitle: ReactNode;
  children: ReactNode;
  width?: number;
}) {
  return (
    <Box
      mih="100vh"
      style={{
        background:
          'linear-gradient(160deg, var(--mantine-color-brand-0) 0%, var(--mantine-color-gray-0) 45%, var(--mantine-color-white) 100%)',
      }}
    >
      <Center mih="100vh" p="md">
        <Stack w="100%" maw={width} gap="lg">
          <Group gap="sm" justify="center">
            <ThemeIcon
              size={40}
              radius="md"
              variant="gradient"
              gradient={{ from: 'brand.5', to: 'brand.8', deg: 135 }}
            >
              <IconAddressBook size={24} />
            </ThemeIcon>
            <Text fw={700} size="xl">
              Contacts
            </Text>
          </Group>
          <Paper withBorder shadow="sm" p={32} radius="lg">
            <Stack gap={4} mb="lg">
              <Title order={2} size="h3">
                {title}
              </Title>
              <Text c="dimmed" size="sm">
                {subtitle}
              </Text>
            </Stack>
            {children}
          </Paper>
        </Stack>
      </Center>
    </Box>
  );
}
