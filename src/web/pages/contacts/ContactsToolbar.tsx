import type { ReactNode } from 'react';
import { Badge, Button, CloseButton, Group, Loader, TextInput, Transition } from '@mantine/core';
import { IconFilter, IconSearch } from '@tabler/icons-react';

interface Props {
  search: string;
  onSearch: (text: string) => void;
  /** The list is loading; shown in the search box while there is search text. */
  searching: boolean;
  /** Conditions in the applied filter; 0 for none. */
  filterCount: number;
  filterOpen: boolean;
  onToggleFilter: () => void;
  /** After the Filter button: the segments menu. */
  segments?: ReactNode;
  /** On the right while contacts are selected: the bulk bar. */
  bulk: ReactNode | null;
}

/** Above the contacts table: search, the filter button, and what to do with the ticked rows. */
export function ContactsToolbar(p: Props) {
  return (
    // The bulk bar takes a line of its own when the window is too narrow for both.
    <Group justify="space-between" mb="md" gap="sm">
      <Group gap="sm" wrap="nowrap" miw={0}>
        <TextInput
          placeholder="Search by name, email or phone"
          aria-label="Search contacts"
          leftSection={<IconSearch size={16} />}
          rightSection={
            p.searching && p.search ? (
              <Loader size={14} />
            ) : p.search ? (
              <CloseButton size="sm" aria-label="Clear search" onClick={() => p.onSearch('')} />
            ) : null
          }
          value={p.search}
          onChange={(e) => p.onSearch(e.currentTarget.value)}
          w={360}
          maw="100%"
        />
        <Button
          variant={p.filterCount ? 'light' : 'default'}
          leftSection={<IconFilter size={16} />}
          rightSection={
            p.filterCount ? (
              <Badge size="sm" circle data-testid="filter-badge">
                {p.filterCount}
              </Badge>
            ) : undefined
          }
          onClick={p.onToggleFilter}
          aria-expanded={p.filterOpen}
          style={{ flexShrink: 0 }}
        >
          Filter
        </Button>
        {p.segments}
      </Group>
      <Transition mounted={!!p.bulk} transition="fade">
        {(style) => <div style={style}>{p.bulk}</div>}
      </Transition>
    </Group>
  );
}
