import { Box, Tooltip } from '@mantine/core';

/** Green when the contact can be reached (an active contact point), grey otherwise. */
export function ActiveDot({ active }: { active: boolean }) {
  return (
    <Tooltip label={active ? 'Active: has a reachable contact point' : 'Inactive: no active contact point'}>
      <Box
        component="span"
        data-testid={active ? 'active-dot' : 'inactive-dot'}
        aria-label={active ? 'Active' : 'Inactive'}
        w={9}
        h={9}
        style={{
          borderRadius: '50%',
          flex: 'none',
          display: 'inline-block',
          background: active ? 'var(--mantine-color-teal-6)' : 'var(--mantine-color-gray-4)',
          boxShadow: active ? '0 0 0 3px var(--mantine-color-teal-1)' : undefined,
        }}
      />
    </Tooltip>
  );
}
