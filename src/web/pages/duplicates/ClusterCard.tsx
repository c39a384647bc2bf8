import { Link } from 'react-router-dom';
import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconArrowsJoin, IconX } from '@tabler/icons-react';
import type { DuplicateCluster } from '../../api/duplicates';
import { PHONE_CHANNELS } from '../../lib/constants';
import { formatDate } from '../../lib/format';
import { displayPhone } from '../../lib/phone';
import { MatchEvidence, matchPercent } from './Reasons';

const phones = (c: DuplicateCluster['contacts'][number]) =>
  c.points
    .filter((p) => (PHONE_CHANNELS as readonly string[]).includes(p.channel))
    .map((p) => displayPhone(p.normalized))
    .join(', ');
const emails = (c: DuplicateCluster['contacts'][number]) =>
  c.points
    .filter((p) => p.channel === 'email')
    .map((p) => p.value)
    .join(', ');

/** One group of possible duplicates: who is in it, what links them, and merge or dismiss. */
export function ClusterCard({
  cluster,
  dateFormat,
  onMerge,
  onDismiss,
  dismissing,
}: {
  cluster: DuplicateCluster;
  dateFormat: string;
  onMerge: (ids: string[]) => void;
  onDismiss: (cluster: DuplicateCluster) => void;
  dismissing: boolean;
}) {
  const names = new Map(cluster.contacts.map((c) => [c.id, c.displayName]));
  return (
    <Paper withBorder p="md" data-testid="duplicate-cluster">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Text fw={600}>{cluster.contacts.length} contacts</Text>
            <Badge variant="light" color={cluster.score >= 0.95 ? 'orange' : 'yellow'}>
              up to {matchPercent(cluster.score)} match
            </Badge>
          </Group>
          <Group gap="xs">
            <Button
              size="compact-sm"
              leftSection={<IconArrowsJoin size={14} />}
              onClick={() => onMerge(cluster.contacts.map((c) => c.id))}
            >
              Merge…
            </Button>
            <Button
              size="compact-sm"
              variant="default"
              leftSection={<IconX size={14} />}
              loading={dismissing}
              onClick={() => onDismiss(cluster)}
            >
              Not duplicates
            </Button>
          </Group>
        </Group>
        <Table verticalSpacing={4} horizontalSpacing="sm" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Company</Table.Th>
              <Table.Th>City</Table.Th>
              <Table.Th>Phones</Table.Th>
              <Table.Th>Emails</Table.Th>
              <Table.Th>Created</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {cluster.contacts.map((c) => (
              <Table.Tr key={c.id} data-testid="cluster-member">
                <Table.Td>
                  <Anchor component={Link} to={`/contacts/${c.id}`} size="sm" fw={500}>
                    {c.displayName}
                  </Anchor>
                </Table.Td>
                <Table.Td>{c.company ?? '—'}</Table.Td>
                <Table.Td>{c.address?.city ?? '—'}</Table.Td>
                <Table.Td>{phones(c) || '—'}</Table.Td>
                <Table.Td>{emails(c) || '—'}</Table.Td>
                <Table.Td>{formatDate(c.createdAt, dateFormat)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Stack gap={6}>
          {cluster.pairs.map((p) => (
            <Group key={`${p.a}:${p.b}`} gap="xs" wrap="nowrap" align="flex-start">
              <Text size="xs" c="dimmed" miw={220}>
                {names.get(p.a)} ↔ {names.get(p.b)}
              </Text>
              <MatchEvidence score={p.score} reasons={p.reasons} />
            </Group>
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}
