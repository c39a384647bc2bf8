import { useState } from 'react';
import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertCircle, IconSearch } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { isApiError } from '../../api/client';
import { useContacts, useMeta, useUsers } from '../../api/hooks';
import { useAddEntries, type EntryInput, type OutboundList } from '../../api/campaigns';
import type { Channel, Contact } from '../../api/types';
import { useSession } from '../../layout/session';
import { CHANNEL_LABELS } from '../../lib/constants';
import { displayPhone } from '../../lib/phone';
import { notifyError, notifySuccess } from '../../components/notify';

// Channels an address can be given on; a phone number is matched on any phone channel.
const ADDRESS_CHANNELS: Channel[] = ['phone', 'email', 'sms', 'whatsapp', 'telegram', 'facebook', 'wechat'];
const ADDRESS_OPTIONS = ADDRESS_CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }));
const STATE_OPTIONS = [
  { value: 'callable', label: 'Waiting: handed out when due' },
  { value: 'closed', label: 'Closed: kept on the list, not called' },
];
const FIELDS = [
  'contactId',
  'address',
  'addressChannel',
  'name',
  'state',
  'nextTryAt',
  'priority',
  'topPriority',
  'preferredAgentId',
  'timeZone',
  'skill',
] as const;

/** A contact's first phone or email, to tell two people of the same name apart. */
function reach(c: Contact): string {
  const p = c.points.find((x) => x.channel === 'phone') ?? c.points.find((x) => x.channel === 'email');
  if (!p) return '';
  return p.channel === 'email' ? p.value : displayPhone(p.normalized || p.value);
}

export function ManualEntryModal({
  list,
  opened,
  onClose,
}: {
  list: OutboundList;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size={640}
      title={<Text fw={600}>Add a contact to “{list.name}”</Text>}
    >
      {opened && <ManualEntryForm list={list} onClose={onClose} />}
    </Modal>
  );
}

function ManualEntryForm({ list, onClose }: { list: OutboundList; onClose: () => void }) {
  const me = useSession();
  const meta = useMeta();
  const users = useUsers();
  const add = useAddEntries(list);
  const [who, setWho] = useState<'contact' | 'address'>('contact');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [contact, setContact] = useState<Contact | null>(null);
  const [address, setAddress] = useState('');
  const [addressChannel, setAddressChannel] = useState<Channel>('phone');
  const [newName, setNewName] = useState('');
  const [state, setState] = useState<'callable' | 'closed'>('callable');
  const [nextTry, setNextTry] = useState<string | null>(null);
  const [priority, setPriority] = useState<number | string>(0);
  const [top, setTop] = useState(false);
  const [agent, setAgent] = useState<string | null>(null);
  const [timeZone, setTimeZone] = useState<string | null>(null);
  const [skill, setSkill] = useState('');

  const found = useContacts({ q: debounced || undefined, order: 'desc', limit: 20 });
  const candidates = found.data?.items ?? [];
  const byId = new Map(candidates.map((c) => [c.id, c]));
  if (contact) byId.set(contact.id, contact);

  // Errors come back for entries.0.<field>: placed on the field, the rest above the form.
  const problems = isApiError(add.error) ? add.error.errors : [];
  const errors: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const p of problems) {
    const f = p.path.replace(/^entries\.0\./, '');
    if ((FIELDS as readonly string[]).includes(f)) errors[f] ??= p.message;
    else unplaced.push(p.message);
  }

  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    const entry: EntryInput = {
      ...(who === 'contact'
        ? { contactId: contact?.id }
        : { address, addressChannel, name: newName.trim() || undefined }),
      state,
      nextTryAt: nextTry ? dayjs(nextTry).toISOString() : undefined,
      priority: priority === '' ? 0 : Number(priority),
      topPriority: top,
      preferredAgentId: agent,
      timeZone: timeZone ?? undefined,
      skill: skill.trim() || undefined,
    };
    add.mutate([entry], {
      onSuccess: (r) => {
        const who = contact?.displayName ?? (newName.trim() || address);
        if (r.added)
          notifySuccess(
            r.created
              ? `A new contact was made for ${address.trim()} and added to “${list.name}”.`
              : `${who} was added to “${list.name}”.`,
            'Added to the list',
          );
        else
          notifySuccess(
            `${who} is on “${list.name}” already: the entry was left as it was.`,
            'Already on the list',
          );
        onClose();
      },
      onError: (e) => {
        if (!isApiError(e) || !e.errors.length) notifyError(e, 'Could not add the contact');
      },
    });
  };

  const agents = (users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }));

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {unplaced.length > 0 && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
            {unplaced.join(' ')}
          </Alert>
        )}
        <SegmentedControl
          aria-label="Who to add"
          value={who}
          onChange={(v) => {
            setWho(v as typeof who);
            add.reset();
          }}
          data={[
            { value: 'contact', label: 'An existing contact' },
            { value: 'address', label: 'A phone number or address' },
          ]}
        />
        {who === 'contact' ? (
          <Select
            label="Contact"
            required
            data-autofocus
            placeholder="Search by name, email or phone"
            leftSection={<IconSearch size={16} />}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            // The server searched already: show its answers as they are.
            filter={({ options }) => options}
            data={[...byId.values()].map((c) => ({ value: c.id, label: c.displayName }))}
            value={contact?.id ?? null}
            onChange={(id) => setContact(id ? (byId.get(id) ?? null) : null)}
            renderOption={({ option }) => {
              const c = byId.get(option.value);
              return (
                <div style={{ minWidth: 0 }}>
                  <Text size="sm">{option.label}</Text>
                  {c && (
                    <Text size="xs" c="dimmed" truncate>
                      {[reach(c), c.company].filter(Boolean).join(' · ') || '—'}
                    </Text>
                  )}
                </div>
              );
            }}
            nothingFoundMessage={found.isFetching ? 'Searching…' : 'No contact matches'}
            clearable
            error={errors.contactId}
          />
        ) : (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Address"
                required
                data-autofocus
                placeholder={addressChannel === 'email' ? 'name@example.com' : '+1 212 555 0100'}
                value={address}
                onChange={(e) => setAddress(e.currentTarget.value)}
                error={errors.address}
              />
              <Select
                label="Address type"
                data={ADDRESS_OPTIONS}
                value={addressChannel}
                onChange={(v) => v && setAddressChannel(v as Channel)}
                allowDeselect={false}
                error={errors.addressChannel}
              />
            </SimpleGrid>
            <TextInput
              label="Name"
              description="The address is matched to the contact that has it; if none has, a new contact is made with this name"
              placeholder="e.g. Ada Lovelace"
              value={newName}
              onChange={(e) => setNewName(e.currentTarget.value)}
              error={errors.name}
            />
          </>
        )}

        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="State"
            data={STATE_OPTIONS}
            value={state}
            onChange={(v) => v && setState(v as typeof state)}
            allowDeselect={false}
            error={errors.state}
          />
          <DateTimePicker
            label="Next try"
            placeholder="Now"
            value={nextTry}
            onChange={setNextTry}
            valueFormat={`${me.workspace.dateFormat} HH:mm`}
            clearable
            error={errors.nextTryAt}
          />
          <NumberInput
            label="Priority"
            description="Higher first; -1000 to 1000"
            min={-1000}
            max={1000}
            allowDecimal={false}
            value={priority}
            onChange={setPriority}
            error={errors.priority}
          />
          <Switch
            label="Top priority"
            description="Handed out before every entry that is not"
            checked={top}
            onChange={(e) => setTop(e.currentTarget.checked)}
            error={errors.topPriority}
            mt={{ base: 0, sm: 28 }}
          />
          <Select
            label="Preferred agent"
            placeholder="Any agent"
            data={agents}
            value={agent}
            onChange={setAgent}
            searchable
            clearable
            error={errors.preferredAgentId}
          />
          <Select
            label="Time zone"
            placeholder="The contact’s, else from the phone number"
            data={meta.data?.timeZones ?? []}
            value={timeZone}
            onChange={setTimeZone}
            searchable
            clearable
            limit={50}
            nothingFoundMessage="No such time zone"
            error={errors.timeZone}
          />
          <TextInput
            label="Skill"
            description="Only agents with this skill get it (power and preview dialing)"
            placeholder="e.g. spanish"
            value={skill}
            onChange={(e) => setSkill(e.currentTarget.value)}
            error={errors.skill}
          />
        </SimpleGrid>

        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={add.isPending}>
            Add to list
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
