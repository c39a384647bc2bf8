import { Badge, Group, List, Paper, Text } from '@mantine/core';
import { IconArrowBackUp, IconArrowsJoin, IconLock, IconUserMinus } from '@tabler/icons-react';
import { UNMERGE_DAYS, type MergePreview } from '../../api/merges';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What the merge joins and what becomes of the other contacts, from the preview's result. */
export function MergeSummary({ preview }: { preview: MergePreview }) {
  const { contacts, result } = preview;
  const others = contacts.length - 1;
  const before = contacts.reduce((n, c) => n + c.points.length, 0);
  const points = result.points.length;
  return (
    <Paper withBorder p="sm" bg="var(--mantine-color-gray-0)" data-testid="merge-summary">
      <List size="sm" spacing={6}>
        <List.Item icon={<IconArrowsJoin size={16} color="var(--mantine-color-brand-7)" />}>
          Combined on the primary: <b>{plural(points, 'contact point')}</b>
          {before > points ? ` (${before} before; a value held twice is kept once)` : ''}, opted out where any
          copy was;{' '}
          {result.tags.length > 0 && (
            <>
              the {result.tags.length === 1 ? 'tag' : 'tags'}
              <Group component="span" gap={4} display="inline-flex" mx={4}>
                {result.tags.map((t) => (
                  <Badge key={t} size="sm" variant="outline" color="gray" tt="none">
                    {t}
                  </Badge>
                ))}
              </Group>
              and{' '}
            </>
          )}
          every static group and share of the others.
        </List.Item>
        <List.Item icon={<IconUserMinus size={16} color="var(--mantine-color-gray-6)" />}>
          The other {others === 1 ? 'contact leaves' : `${others} contacts leave`} lists, search and counts; a
          link to {others === 1 ? 'it' : 'any of them'} opens the primary.
        </List.Item>
        {result.blocked && (
          <List.Item icon={<IconLock size={16} color="var(--mantine-color-red-6)" />}>
            The merged contact is blocked, as one of these is.
          </List.Item>
        )}
        <List.Item icon={<IconArrowBackUp size={16} color="var(--mantine-color-gray-6)" />}>
          <Text span size="sm">
            You can undo the merge from the primary’s page for {UNMERGE_DAYS} days.
          </Text>
        </List.Item>
      </List>
    </Paper>
  );
}
