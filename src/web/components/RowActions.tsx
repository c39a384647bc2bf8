import type { ReactNode } from 'react';
import { ActionIcon, Menu } from '@mantine/core';
import { IconDots } from '@tabler/icons-react';

/**
 * The "…" menu at the end of a table row or a card; `label` ("Actions for Ada Lovelace") names
 * it for screen readers and tests. Clicks inside it stay out of a clickable row.
 */
export function RowActions({
  label,
  width = 200,
  children,
}: {
  label: string;
  width?: number;
  children: ReactNode;
}) {
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={width}>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={label} onClick={(e) => e.stopPropagation()}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown onClick={(e) => e.stopPropagation()}>{children}</Menu.Dropdown>
    </Menu>
  );
}
