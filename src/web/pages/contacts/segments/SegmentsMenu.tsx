import { Link } from 'react-router-dom';
import { Badge, Button, Group, Loader, Menu, ScrollArea, Text } from '@mantine/core';
import { IconChevronDown, IconFilterStar, IconSettings } from '@tabler/icons-react';
import { useSegments } from '../../../api/segments';

interface Props {
  /** The segment the view shows now, if it is exactly one segment. */
  current: string | null;
  onOpen: (id: string) => void;
}

/** Opens a saved segment as the contacts view. */
export function SegmentsMenu({ current, onOpen }: Props) {
  const segments = useSegments();
  const items = segments.data ?? [];
  return (
    <Menu position="bottom-start" shadow="md" width={300} withinPortal>
      <Menu.Target>
        <Button
          variant={current ? 'light' : 'default'}
          leftSection={<IconFilterStar size={16} />}
          rightSection={<IconChevronDown size={14} />}
          style={{ flexShrink: 0 }}
          data-testid="segments-menu"
        >
          Segments
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Open a segment</Menu.Label>
        {segments.isPending && (
          <Group justify="center" py="sm">
            <Loader size="sm" />
          </Group>
        )}
        {segments.isError && (
          <Text size="sm" c="red" px="sm" py={6}>
            Could not load the segments.
          </Text>
        )}
        {segments.isSuccess && !items.length && (
          <Text size="sm" c="dimmed" px="sm" py={6}>
            No segments yet. Filter the contacts, then choose “Save as segment”.
          </Text>
        )}
        <ScrollArea.Autosize mah={320} type="auto">
          {items.map((s) => (
            <Menu.Item
              key={s.id}
              onClick={() => onOpen(s.id)}
              bg={s.id === current ? 'var(--mantine-color-brand-0)' : undefined}
              rightSection={
                <Badge variant="light" color="gray" size="sm">
                  {s.count.toLocaleString('en-US')}
                </Badge>
              }
            >
              <Text size="sm" truncate>
                {s.name}
              </Text>
            </Menu.Item>
          ))}
        </ScrollArea.Autosize>
        <Menu.Divider />
        <Menu.Item component={Link} to="/segments" leftSection={<IconSettings size={16} />}>
          Manage segments
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
