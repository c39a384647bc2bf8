import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, Anchor, Button, Group, Modal, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertCircle, IconArrowsJoin, IconInfoCircle } from '@tabler/icons-react';
import { errorMessage } from '../../../api/client';
import { UNMERGE_DAYS, useMerges, useUnmerge, type Merge } from '../../../api/merges';
import type { Contact } from '../../../api/types';
import { notifySuccess } from '../../../components/notify';
import { useSession } from '../../../layout/session';
import { formatDate } from '../../../lib/format';

const contactsWord = (n: number) => `${n} contact${n === 1 ? '' : 's'}`;

/**
 * On a contact's page: the merges it is the primary of ("Merged from 3 contacts · Undo merge"),
 * and a word when the address named a contact that was merged into this one.
 */
export function MergeHistory({ contact: c }: { contact: Contact }) {
  const { id: opened = '' } = useParams();
  const me = useSession();
  const merges = useMerges(c.id);
  const unmerge = useUnmerge();
  const [undoing, setUndoing] = useState<Merge | null>(null);
  // Newest first; older ones cannot be undone while a later merge stands, but still say where this came from.
  const standing = (merges.data ?? []).filter((m) => m.primaryId === c.id && !m.undoneAt).slice(0, 3);
  // GET /contacts/:id answers the primary for a merged-away id; the address still shows the old one.
  const redirected = opened !== '' && opened !== c.id;
  if (!standing.length && !redirected) return null;

  const close = () => {
    setUndoing(null);
    unmerge.reset();
  };
  const undo = (m: Merge) =>
    unmerge.mutate(m.id, {
      onSuccess: (r) => {
        close();
        notifySuccess(
          `${contactsWord(r.restored.length + 1)} are back as they were before the merge.`,
          'Merge undone',
        );
      },
    });

  return (
    <Stack gap="xs">
      {redirected && (
        <Alert
          color="blue"
          variant="light"
          icon={<IconInfoCircle size={18} />}
          data-testid="merged-into-note"
        >
          The contact you opened was merged into {c.displayName}; this is that contact now.
        </Alert>
      )}
      {standing.map((m) => (
        <Paper key={m.id} withBorder px="md" py={8} bg="var(--mantine-color-gray-0)" data-testid="merge-note">
          <Group gap={8} wrap="wrap">
            <IconArrowsJoin size={16} color="var(--mantine-color-violet-6)" />
            <Text size="sm" fw={500}>
              Merged from {contactsWord(m.mergedIds.length + 1)}
            </Text>
            <Text size="sm" c="dimmed">
              on {formatDate(m.createdAt, me.workspace.dateFormat)}
              {m.createdBy.name ? ` by ${m.createdBy.name}` : ''} ·
            </Text>
            {m.canUnmerge ? (
              <Anchor component="button" type="button" size="sm" onClick={() => setUndoing(m)}>
                Undo merge
              </Anchor>
            ) : (
              <Tooltip label={m.reason} multiline w={320} disabled={!m.reason}>
                <Text size="sm" c="dimmed" td="underline dotted" data-testid="merge-not-undoable">
                  Cannot be undone
                </Text>
              </Tooltip>
            )}
          </Group>
        </Paper>
      ))}

      <Modal opened={!!undoing} onClose={close} title={<Text fw={600}>Undo merge</Text>}>
        {undoing && (
          <Stack gap="lg">
            <Text size="sm">
              The {contactsWord(undoing.mergedIds.length)} merged into <b>{c.displayName}</b> come back as
              they were, with their own contact points, tags, groups and sharing, and <b>{c.displayName}</b>{' '}
              goes back to how it was before the merge. Merges can be undone for {UNMERGE_DAYS} days; this one
              until {formatDate(undoing.unmergeUntil, me.workspace.dateFormat)}.
            </Text>
            {unmerge.isError && (
              <Alert
                color="red"
                variant="light"
                icon={<IconAlertCircle size={18} />}
                title="The merge was not undone"
              >
                {errorMessage(unmerge.error)}
              </Alert>
            )}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close} disabled={unmerge.isPending}>
                Cancel
              </Button>
              <Button onClick={() => undo(undoing)} loading={unmerge.isPending} data-autofocus>
                Undo merge
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
