import { Button, Group, List, Stack, Text } from '@mantine/core';
import { errorMessage, isApiError } from '../../api/client';

/** Why the list could not be loaded; a bad filter (say, from an old bookmark) can be edited in place. */
export function ResultsProblem({ error, onEditFilter }: { error: unknown; onEditFilter: () => void }) {
  const filterErrors = isApiError(error) ? error.errors.filter((e) => e.path.startsWith('filter')) : [];
  if (filterErrors.length === 0)
    return (
      <Text c="red" p="lg">
        {errorMessage(error)}
      </Text>
    );
  return (
    <Stack gap="xs" p="lg" data-testid="filter-problem">
      <Text c="red" fw={600}>
        This filter cannot be used
      </Text>
      <List size="sm" c="red">
        {filterErrors.map((e) => (
          <List.Item key={`${e.path}:${e.message}`}>{e.message}</List.Item>
        ))}
      </List>
      <Group>
        <Button size="xs" variant="light" onClick={onEditFilter}>
          Edit filter
        </Button>
      </Group>
    </Stack>
  );
}
