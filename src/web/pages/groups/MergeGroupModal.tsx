import { useState } from 'react';
import { Alert, Button, Group as Row, List, Modal, Select, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { errorMessage } from '../../api/client';
import { useGroups, useMergeGroups, type Group } from '../../api/groups';
import { notifySuccess } from '../../components/notify';

const count = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'contact' : 'contacts'}`;

interface Props {
  /** The group merged away. */
  from: Group | null;
  onClose: () => void;
  onMerged?: (into: Group) => void;
}

/** Merges one group into another the person picks; the first is deleted. */
export function MergeGroupModal({ from, onClose, onMerged }: Props) {
  return (
    <Modal
      opened={!!from}
      onClose={onClose}
      size="lg"
      title={<Text fw={600}>Merge “{from?.name}” into another group</Text>}
    >
      {from && <MergeForm key={from.id} from={from} onClose={onClose} onMerged={onMerged} />}
    </Modal>
  );
}

function MergeForm({ from, onClose, onMerged }: { from: Group } & Omit<Props, 'from'>) {
  const groups = useGroups();
  const merge = useMergeGroups();
  const [into, setInto] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const target = groups.data?.find((g) => g.id === into);
  const others = (groups.data ?? []).filter((g) => g.id !== from.id);
  // A dynamic group takes only another dynamic group (their filters combine).
  const allowed = (g: Group) => g.type === 'static' || from.type === 'dynamic';
  const data = [
    { group: 'Static groups', items: others.filter((g) => g.type === 'static') },
    { group: 'Dynamic groups', items: others.filter((g) => g.type === 'dynamic') },
  ]
    .filter((s) => s.items.length)
    .map((s) => ({
      group: s.group,
      items: s.items.map((g) => ({
        value: g.id,
        label: g.category ? `${g.name} (${g.category})` : g.name,
        disabled: !allowed(g),
      })),
    }));

  const submit = () =>
    into &&
    merge.mutate(
      { into, from: from.id },
      {
        onSuccess: (g) => {
          notifySuccess(
            `“${from.name}” was merged into “${g.name}”, which now holds ${count(g.memberCount)}.`,
            'Groups merged',
          );
          onClose();
          onMerged?.(g);
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );

  return (
    <Stack gap="md">
      {error && (
        <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
          {error}
        </Alert>
      )}
      <Text size="sm">
        The group you pick keeps its name and takes in “{from.name}” ({count(from.memberCount)}); then “
        {from.name}” is deleted. No contact is deleted.
      </Text>
      <List size="sm" spacing={4}>
        <List.Item>
          <b>Into a static group:</b> any group can be merged. A dynamic group’s contacts that match now
          become fixed members.
        </List.Item>
        <List.Item>
          <b>Into a dynamic group:</b> only another dynamic group; the filters are combined, so it holds the
          contacts matching either.
        </List.Item>
      </List>
      {from.type === 'static' && others.some((g) => g.type === 'dynamic') && (
        <Text size="xs" c="dimmed">
          Dynamic groups cannot take a static group’s members. To combine them, merge the dynamic group into
          this one instead.
        </Text>
      )}
      <Select
        label="Merge into"
        placeholder={others.length ? 'Pick a group' : 'There is no other group'}
        data={data}
        value={into}
        onChange={(v) => {
          setInto(v);
          setError(null);
        }}
        searchable
        nothingFoundMessage="No such group"
        disabled={!others.length}
        data-autofocus
      />
      {target && (
        <Text size="sm" c="dimmed" data-testid="merge-preview">
          {target.type === 'static'
            ? from.type === 'static'
              ? `The members of “${from.name}” are added to “${target.name}” (${count(target.memberCount)} now).`
              : `The ${count(from.memberCount)} that match “${from.name}” now become fixed members of “${target.name}”; contacts that match later do not join.`
            : `“${target.name}” will hold the contacts matching its filter or the filter of “${from.name}”.`}
        </Text>
      )}
      <Row justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={submit} disabled={!into} loading={merge.isPending}>
          Merge and delete “{from.name}”
        </Button>
      </Row>
    </Stack>
  );
}
