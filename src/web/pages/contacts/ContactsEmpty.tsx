import { Button, Group } from '@mantine/core';
import { IconFilter, IconPlus, IconSearch, IconUsersGroup } from '@tabler/icons-react';
import { EmptyPanel } from '../../components/EmptyPanel';

interface Props {
  /** A filter is applied. */
  filtered: boolean;
  q: string;
  isManager: boolean;
  onEditFilter: () => void;
  onClearFilter: () => void;
  onClearSearch: () => void;
  onCreate: () => void;
}

/** An empty contacts list says why (filter, search, or no contacts at all) and the way out. */
export function ContactsEmpty(p: Props) {
  if (p.filtered)
    return (
      <EmptyPanel
        icon={<IconFilter size={28} />}
        title={p.q ? `No contacts match this filter and “${p.q}”` : 'No contacts match this filter'}
        description="Loosen a condition, or clear the filter to see every contact."
        action={
          <Group gap="sm">
            <Button variant="default" onClick={p.onEditFilter}>
              Edit filter
            </Button>
            <Button variant="light" onClick={p.onClearFilter}>
              Clear filter
            </Button>
          </Group>
        }
      />
    );
  if (p.q)
    return (
      <EmptyPanel
        icon={<IconSearch size={28} />}
        title={`No contacts match “${p.q}”`}
        description="Try a shorter part of the name, email or phone number."
        action={
          <Button variant="light" onClick={p.onClearSearch}>
            Clear search
          </Button>
        }
      />
    );
  return (
    <EmptyPanel
      icon={<IconUsersGroup size={28} />}
      title="No contacts yet"
      description={
        p.isManager
          ? 'Add the people your team talks to: their numbers, emails and messenger IDs.'
          : 'Create a contact, or ask an admin to share contacts with you.'
      }
      action={
        <Button leftSection={<IconPlus size={16} />} onClick={p.onCreate}>
          Create contact
        </Button>
      }
    />
  );
}
