import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Menu, Text } from '@mantine/core';
import {
  IconChevronDown,
  IconFileSpreadsheet,
  IconFilter,
  IconHandClick,
  IconUserPlus,
} from '@tabler/icons-react';
import type { OutboundList } from '../../api/campaigns';
import { FromSelectionModal } from './FromSelectionModal';
import { ManualEntryModal } from './ManualEntryModal';

// Each way to fill a list is a menu item: most open a modal (a value of `Source`, an item, a
// modal); a file goes to the import wizard with the list chosen, whose contacts become entries.
// A campaign's web service fills its own list, from "Load contacts" (WebServiceLoad.tsx).
type Source = 'manual' | 'selection';

export function AddContactsMenu({ list }: { list: OutboundList }) {
  const [open, setOpen] = useState<Source | null>(null);
  const close = () => setOpen(null);
  return (
    <>
      <Menu position="bottom-end" shadow="md" width={280}>
        <Menu.Target>
          <Button leftSection={<IconUserPlus size={16} />} rightSection={<IconChevronDown size={14} />}>
            Add contacts
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconHandClick size={16} />} onClick={() => setOpen('manual')}>
            <Text size="sm">By hand</Text>
            <Text size="xs" c="dimmed">
              One contact, or an address to call
            </Text>
          </Menu.Item>
          <Menu.Item leftSection={<IconFilter size={16} />} onClick={() => setOpen('selection')}>
            <Text size="sm">From a filter or segment</Text>
            <Text size="xs" c="dimmed">
              Every contact that matches now
            </Text>
          </Menu.Item>
          <Menu.Item
            leftSection={<IconFileSpreadsheet size={16} />}
            component={Link}
            to={`/imports/new?listId=${encodeURIComponent(list.id)}`}
          >
            <Text size="sm">From a file</Text>
            <Text size="xs" c="dimmed">
              CSV or Excel, matched to contacts by phone or email, or created
            </Text>
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ManualEntryModal list={list} opened={open === 'manual'} onClose={close} />
      <FromSelectionModal list={list} opened={open === 'selection'} onClose={close} />
    </>
  );
}
