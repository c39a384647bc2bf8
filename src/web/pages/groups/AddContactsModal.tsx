import { useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Group as Row,
  Loader,
  Modal,
  Pill,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertCircle, IconSearch } from '@tabler/icons-react';
import { errorMessage } from '../../api/client';
import { useContacts } from '../../api/hooks';
import { membersOf, useGroupMembers, type Group } from '../../api/groups';
import type { Contact } from '../../api/types';
import { displayPhone } from '../../lib/phone';
import { notifySuccess } from '../../components/notify';

const MAX = 1000;

/** A contact's first email or phone, to tell two people of the same name apart. */
function reach(c: Contact): string {
  const p = c.points.find((x) => x.channel === 'email') ?? c.points.find((x) => x.channel === 'phone');
  if (!p) return '';
  return p.channel === 'email' ? p.value : displayPhone(p.normalized || p.value);
}

/** Finds contacts by name, email or phone and adds the ones picked to a static group. */
export function AddContactsModal({
  group,
  opened,
  onClose,
}: {
  group: Group;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={<Text fw={600}>Add contacts to “{group.name}”</Text>}
    >
      {opened && <AddContacts group={group} onClose={onClose} />}
    </Modal>
  );
}

function AddContacts({ group, onClose }: { group: Group; onClose: () => void }) {
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const [picked, setPicked] = useState<Map<string, Contact>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const add = useGroupMembers(group.id);
  // Only contacts not in the group yet: nobody is offered twice.
  const found = useContacts({
    q: debounced || undefined,
    filter: { not: membersOf(group.id) },
    order: 'desc',
    limit: 20,
  });
  const items = found.data?.items ?? [];

  const toggle = (c: Contact) =>
    setPicked((m) => {
      const next = new Map(m);
      if (next.has(c.id)) next.delete(c.id);
      else if (next.size < MAX) next.set(c.id, c);
      return next;
    });

  const submit = () =>
    add.mutate(
      { ids: [...picked.keys()] },
      {
        onSuccess: (r) => {
          notifySuccess(
            `${r.changed.toLocaleString()} ${r.changed === 1 ? 'contact was' : 'contacts were'} added to “${group.name}”.` +
              (r.skipped ? ` ${r.skipped} ${r.skipped === 1 ? 'was' : 'were'} already in it.` : ''),
            'Added to group',
          );
          onClose();
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );

  return (
    <Stack gap="sm">
      {error && (
        <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
          {error}
        </Alert>
      )}
      <TextInput
        placeholder="Search by name, email or phone"
        aria-label="Search contacts to add"
        leftSection={<IconSearch size={16} />}
        rightSection={found.isFetching ? <Loader size={14} /> : null}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        data-autofocus
      />
      <Text size="xs" c="dimmed">
        {debounced ? `Contacts matching “${debounced}”` : 'Newest contacts'} that are not in the group yet.
      </Text>
      <ScrollArea.Autosize mah={340} type="auto">
        <Stack gap={0} data-testid="add-candidates">
          {found.isError ? (
            <Text c="red" size="sm" p="sm">
              {errorMessage(found.error)}
            </Text>
          ) : found.isPending ? (
            <Text size="sm" c="dimmed" p="sm">
              Searching…
            </Text>
          ) : items.length === 0 ? (
            <Text size="sm" c="dimmed" p="sm">
              {debounced
                ? `No contact outside the group matches “${debounced}”.`
                : 'Every contact is in the group already.'}
            </Text>
          ) : (
            items.map((c) => (
              <UnstyledButton
                key={c.id}
                onClick={() => toggle(c)}
                px="sm"
                py={8}
                className="clickable-row"
                style={{ borderBottom: '1px solid var(--mantine-color-gray-1)' }}
                data-testid="add-candidate"
              >
                <Row gap="sm" wrap="nowrap">
                  <Checkbox
                    checked={picked.has(c.id)}
                    onChange={() => toggle(c)}
                    onClick={(e) => e.stopPropagation()}
                    aria-label={`Pick ${c.displayName}`}
                  />
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600} truncate>
                      {c.displayName}
                    </Text>
                    <Text size="xs" c="dimmed" truncate>
                      {[reach(c), c.company].filter(Boolean).join(' · ') || '—'}
                    </Text>
                  </div>
                </Row>
              </UnstyledButton>
            ))
          )}
        </Stack>
      </ScrollArea.Autosize>
      {picked.size > 0 && (
        <Pill.Group data-testid="picked">
          {[...picked.values()].map((c) => (
            <Pill key={c.id} withRemoveButton onRemove={() => toggle(c)}>
              {c.displayName}
            </Pill>
          ))}
        </Pill.Group>
      )}
      <Row justify="space-between" mt="xs">
        <Text size="sm" c="dimmed">
          {picked.size ? `${picked.size} picked` : 'Pick the contacts to add.'}
          {picked.size >= MAX ? ` At most ${MAX} at once; use Add by filter for more.` : ''}
        </Text>
        <Row gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} disabled={picked.size === 0} loading={add.isPending}>
            {picked.size
              ? `Add ${picked.size} ${picked.size === 1 ? 'contact' : 'contacts'}`
              : 'Add contacts'}
          </Button>
        </Row>
      </Row>
    </Stack>
  );
}
