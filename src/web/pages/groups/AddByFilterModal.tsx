import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group as Row, Modal, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { errorMessage, isApiError } from '../../api/client';
import { isBulkRunning, useStartBulkAction, type BulkAction } from '../../api/bulk';
import type { Group } from '../../api/groups';
import type { FilterNode } from '../../api/filters';
import { keys } from '../../api/hooks';
import { notifySuccess } from '../../components/notify';
import { FilterEditor, saveProblem, useFilterDraft } from '../segments/FilterEditor';

interface Props {
  group: Group;
  opened: boolean;
  onClose: () => void;
  /** A large selection runs in the background: the page follows it. */
  onStarted: (a: BulkAction) => void;
}

/** Adds every contact a filter matches to a static group, as a bulk action. */
export function AddByFilterModal({ group, opened, onClose, onStarted }: Props) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size={960}
      title={<Text fw={600}>Add contacts to “{group.name}” by filter</Text>}
    >
      {opened && <AddByFilter group={group} onClose={onClose} onStarted={onStarted} />}
    </Modal>
  );
}

function AddByFilter({ group, onClose, onStarted }: Omit<Props, 'opened'>) {
  const filter = useFilterDraft(null);
  const start = useStartBulkAction();
  const qc = useQueryClient();
  const [failed, setFailed] = useState<{ filter: FilterNode | null; error: unknown } | null>(null);
  const n = filter.count;
  const ready = !!filter.draft && n !== undefined && !filter.counting;

  const submit = () => {
    if (!filter.draft || n === undefined) return;
    const sent = filter.draft;
    start.mutate(
      {
        selection: { filter: sent },
        action: { type: 'add_to_group', groupId: group.id },
        expectedCount: n,
      },
      {
        onSuccess: (a) => {
          if (isBulkRunning(a)) onStarted(a);
          else
            notifySuccess(
              `${a.changed.toLocaleString()} ${a.changed === 1 ? 'contact was' : 'contacts were'} added to “${group.name}”` +
                (a.skipped
                  ? `; ${a.skipped.toLocaleString()} ${a.skipped === 1 ? 'was' : 'were'} in it already.`
                  : '.'),
              'Added to group',
            );
          onClose();
        },
        onError: (e) => {
          setFailed({ filter: sent, error: e });
          // The selection changed since it was counted: show the count as it is now.
          qc.invalidateQueries({ queryKey: [...keys.contacts, 'count'] });
        },
      },
    );
  };

  const problem = failed ? saveProblem(failed.error, failed.filter, 'selection.filter') : null;
  const message =
    failed && !problem
      ? isApiError(failed.error) && failed.error.status === 409
        ? `${errorMessage(failed.error)} The count above is up to date now; check it and add again.`
        : errorMessage(failed.error)
      : null;

  return (
    <Stack gap="md">
      {message && (
        <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
          {message}
        </Alert>
      )}
      <Text size="sm">
        Every contact matching the filter is added now; contacts already in the group are left as they are.
        Contacts that match later are not added: for that, use a dynamic group.
      </Text>
      <FilterEditor
        state={filter}
        problem={problem}
        emptyHint="Add a condition to choose the contacts to add."
      />
      <Row justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          onClick={submit}
          disabled={!ready || n === 0}
          loading={start.isPending}
          data-testid="add-by-filter"
        >
          {ready && n
            ? `Add ${n.toLocaleString()} matching ${n === 1 ? 'contact' : 'contacts'}`
            : 'Add matching contacts'}
        </Button>
      </Row>
    </Stack>
  );
}
