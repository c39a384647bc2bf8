import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { IconArrowsJoin, IconCopy, IconX } from '@tabler/icons-react';
import { useContactDuplicates, useDismissDuplicates, useDuplicatesChanged } from '../../api/duplicates';
import type { Contact } from '../../api/types';
import { notifyError, notifySuccess } from '../../components/notify';
import { MergeModal } from '../merge/MergeModal';
import { MatchEvidence } from './Reasons';
import { contactLine } from './contact-line';

/** Matches shown at once: more than this is a task for the Duplicates page. */
const SHOWN = 3;

/**
 * On a contact's page: "this may be someone you already have", with why, and the two ways out:
 * merge them, or say they are different people so the prompt stops.
 */
export function DuplicatePrompt({ contact: c }: { contact: Contact }) {
  const matches = useContactDuplicates(c.id);
  const dismiss = useDismissDuplicates();
  const changed = useDuplicatesChanged();
  const [merging, setMerging] = useState<string[] | null>(null);
  const items = matches.data?.items ?? [];
  if (items.length === 0) return null;

  const notSame = (other: Contact) =>
    dismiss.mutate([c.id, other.id], {
      onSuccess: () =>
        notifySuccess(
          `${c.displayName} and ${other.displayName} will not be offered as duplicates again.`,
          'Marked as different people',
        ),
      onError: (e) => notifyError(e, 'Could not save that'),
    });

  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<IconCopy size={18} />}
      title={items.length === 1 ? 'Possible duplicate' : `${items.length} possible duplicates`}
      data-testid="duplicate-prompt"
    >
      <Stack gap="sm">
        <Text size="sm">This contact looks like {items.length === 1 ? 'one' : 'some'} you already have.</Text>
        {items.slice(0, SHOWN).map(({ contact: other, score, reasons }) => (
          <Stack key={other.id} gap={6} data-testid="duplicate-match">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={2} miw={0}>
                <Anchor component={Link} to={`/contacts/${other.id}`} fw={600} size="sm">
                  {other.displayName}
                </Anchor>
                <Text size="xs" c="dimmed" truncate>
                  {contactLine(other)}
                </Text>
              </Stack>
              <Group gap="xs" wrap="nowrap">
                <Button
                  size="compact-sm"
                  leftSection={<IconArrowsJoin size={14} />}
                  // The contact that was there first is the likelier one to keep.
                  onClick={() => setMerging([other.id, c.id])}
                >
                  Compare and merge
                </Button>
                <Button
                  size="compact-sm"
                  variant="default"
                  leftSection={<IconX size={14} />}
                  loading={dismiss.isPending && dismiss.variables?.includes(other.id)}
                  onClick={() => notSame(other)}
                >
                  Not a duplicate
                </Button>
              </Group>
            </Group>
            <MatchEvidence score={score} reasons={reasons} />
          </Stack>
        ))}
        {items.length > SHOWN && (
          <Text size="xs" c="dimmed">
            And {items.length - SHOWN} more: compare them from their pages or the Duplicates page.
          </Text>
        )}
      </Stack>
      <MergeModal ids={merging} onClose={() => setMerging(null)} onMerged={changed} />
    </Alert>
  );
}
