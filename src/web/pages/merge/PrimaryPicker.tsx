import { Badge, Group, Radio, ScrollArea, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import type { Contact } from '../../api/types';

interface Props {
  /** The contacts in the dialog's order (numbered from 1); a missing one is still loading. */
  ids: string[];
  contacts: Map<string, Contact>;
  primaryId: string;
  onChange: (id: string) => void;
}

const pointsText = (n: number) => (n === 0 ? 'No contact points' : `${n} contact point${n === 1 ? '' : 's'}`);

/** The contacts side by side; the one picked stays and the others are merged into it. */
export function PrimaryPicker({ ids, contacts, primaryId, onChange }: Props) {
  return (
    <Radio.Group
      label="Keep as the primary"
      description="The primary keeps its id and, by default, its values; the others are merged into it."
      value={primaryId}
      onChange={onChange}
    >
      <ScrollArea.Autosize mah={300} type="auto" mt="xs" offsetScrollbars>
        <SimpleGrid cols={{ base: 1, xs: 2, sm: Math.min(ids.length, 4) }} spacing="xs" verticalSpacing="xs">
          {ids.map((id, i) => {
            const c = contacts.get(id);
            const primary = id === primaryId;
            if (!c) return <Skeleton key={id} height={92} radius="md" />;
            return (
              <Radio.Card
                key={id}
                value={id}
                p="sm"
                aria-label={`Contact ${i + 1}: ${c.displayName}${c.company ? `, ${c.company}` : ''}, ${pointsText(c.points.length)}`}
                data-testid="merge-contact"
                style={{
                  borderColor: primary ? 'var(--mantine-color-brand-6)' : undefined,
                  background: primary ? 'var(--mantine-color-brand-0)' : undefined,
                }}
              >
                <Group gap="sm" wrap="nowrap" align="flex-start">
                  <Radio.Indicator size="sm" mt={2} />
                  <Stack gap={2} miw={0} style={{ flex: 1 }}>
                    <Group gap={6} wrap="nowrap" justify="space-between">
                      <Text size="xs" c="dimmed" fw={600}>
                        Contact {i + 1}
                      </Text>
                      {primary && (
                        <Badge size="xs" variant="filled">
                          Primary
                        </Badge>
                      )}
                    </Group>
                    <Text size="sm" fw={600} truncate title={c.displayName}>
                      {c.displayName}
                    </Text>
                    <Text size="xs" c="dimmed" truncate>
                      {c.company || 'No company'}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {pointsText(c.points.length)}
                      {c.blocked ? ' · blocked' : ''}
                    </Text>
                  </Stack>
                </Group>
              </Radio.Card>
            );
          })}
        </SimpleGrid>
      </ScrollArea.Autosize>
    </Radio.Group>
  );
}
