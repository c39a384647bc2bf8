import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconEye, IconInfoCircle, IconListDetails, IconPlus, IconTrash } from '@tabler/icons-react';
import { isApiError } from '../../api/client';
import {
  ENTRY_STATES,
  useCreateList,
  useDeleteList,
  useLists,
  type Campaign,
  type ListCounters,
  type OutboundList,
} from '../../api/campaigns';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyPanel } from '../../components/EmptyPanel';
import { notifyError, notifySuccess } from '../../components/notify';
import { QueryBody } from '../../components/QueryBody';
import { LIST_SOURCE_LABELS, STATE_COLORS, STATE_LABELS } from './format';
import { ListStateBadge, StartStopButton } from './ListControls';
import { LoadContactsButton } from './WebServiceLoad';
import { RowActions } from '../../components/RowActions';

/** "Total 3 · Callable 2 · Closed 1": the total and every state that has entries. */
export const countersSummary = (c: ListCounters) =>
  [`Total ${c.total.toLocaleString()}`]
    .concat(ENTRY_STATES.filter((s) => c[s] > 0).map((s) => `${STATE_LABELS[s]} ${c[s].toLocaleString()}`))
    .join(' · ');

/** One bar, a section per state, so a glance tells how far a list has got. */
export function CountersBar({ counters }: { counters: ListCounters }) {
  return (
    <Progress.Root size="md" aria-hidden>
      {ENTRY_STATES.filter((s) => counters[s] > 0).map((s) => (
        <Tooltip key={s} label={`${STATE_LABELS[s]}: ${counters[s].toLocaleString()}`}>
          <Progress.Section value={(100 * counters[s]) / counters.total} color={STATE_COLORS[s]} />
        </Tooltip>
      ))}
    </Progress.Root>
  );
}

/** A campaign's contact lists as cards, counters refreshed every few seconds. */
export function ListsPanel({ campaign }: { campaign: Campaign }) {
  const lists = useLists(campaign.id);
  const del = useDeleteList();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<OutboundList | null>(null);

  const newList = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
      New list
    </Button>
  );
  const confirmDelete = () =>
    deleting &&
    del.mutate(deleting, {
      onSuccess: () => {
        notifySuccess(`“${deleting.name}” was deleted with its entries; the contacts stay.`, 'List deleted');
        setDeleting(null);
      },
      onError: (e) => notifyError(e, 'Could not delete the list'),
    });

  return (
    <>
      {campaign.status !== 'active' && (
        <Alert color="yellow" icon={<IconInfoCircle size={18} />} mb="md" data-testid="campaign-not-active">
          The campaign is {campaign.status}: no entry is handed out, even from started lists.
        </Alert>
      )}
      <QueryBody
        query={lists}
        rows={3}
        isEmpty={(items) => items.length === 0}
        empty={
          <EmptyPanel
            icon={<IconListDetails size={28} />}
            title="No contact lists yet"
            description={
              campaign.loading === 'web_service'
                ? 'This campaign’s contacts come from its web service: “Load contacts” puts them on its “Web service” list.'
                : 'A list holds the contacts to call or message. Create one, add contacts to it, and start it.'
            }
            action={campaign.loading === 'web_service' ? <LoadContactsButton campaign={campaign} /> : newList}
          />
        }
      >
        {(items) => (
          <Stack gap="md">
            <Group justify="space-between">
              <Text size="sm" c="dimmed">
                {items.length} {items.length === 1 ? 'list' : 'lists'} · counters refresh every few seconds
              </Text>
              {newList}
            </Group>
            <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
              {items.map((l) => (
                <ListCard key={l.id} list={l} onDelete={() => setDeleting(l)} />
              ))}
            </SimpleGrid>
          </Stack>
        )}
      </QueryBody>
      <NewListModal campaign={campaign} opened={creating} onClose={() => setCreating(false)} />
      <ConfirmModal
        opened={!!deleting}
        title="Delete list"
        confirmLabel="Delete list"
        danger
        loading={del.isPending}
        onConfirm={confirmDelete}
        onClose={() => setDeleting(null)}
      >
        {deleting &&
          `“${deleting.name}” is deleted with its ${deleting.counters.total.toLocaleString()} ${
            deleting.counters.total === 1 ? 'entry' : 'entries'
          }. The contacts themselves stay.`}
      </ConfirmModal>
    </>
  );
}

function ListCard({ list: l, onDelete }: { list: OutboundList; onDelete: () => void }) {
  const to = `/campaigns/${l.campaignId}/lists/${l.id}`;
  return (
    <Paper withBorder p="md" data-testid="list-card" data-name={l.name}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={4} miw={0}>
            <Anchor component={Link} to={to} fw={600} c="inherit" style={{ overflowWrap: 'anywhere' }}>
              {l.name}
            </Anchor>
            <Group gap={6}>
              <ListStateBadge state={l.state} />
              <Badge variant="outline" color="gray" tt="none" size="sm">
                {LIST_SOURCE_LABELS[l.source] ?? l.source}
              </Badge>
            </Group>
          </Stack>
          <Group gap={4} wrap="nowrap">
            <StartStopButton list={l} size="compact-sm" />
            <RowActions label={`Actions for ${l.name}`} width={180}>
              <Menu.Item leftSection={<IconEye size={16} />} component={Link} to={to}>
                Open
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item leftSection={<IconTrash size={16} />} color="red" onClick={onDelete}>
                Delete list
              </Menu.Item>
            </RowActions>
          </Group>
        </Group>
        <CountersBar counters={l.counters} />
        <Text size="sm" data-testid="list-counters" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {countersSummary(l.counters)}
        </Text>
      </Stack>
    </Paper>
  );
}

function NewListModal({
  campaign,
  opened,
  onClose,
}: {
  campaign: Campaign;
  opened: boolean;
  onClose: () => void;
}) {
  const create = useCreateList(campaign.id);
  const [name, setName] = useState('');
  const [start, setStart] = useState(false);
  const close = () => {
    setName('');
    setStart(false);
    create.reset();
    onClose();
  };
  const errors = isApiError(create.error) ? create.error.fieldErrors : {};
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name, state: start ? 'started' : 'stopped' },
      {
        onSuccess: (l) => {
          notifySuccess(`“${l.name}” was created${start ? ' and started' : ''}.`, 'List created');
          close();
        },
        onError: (err) => {
          if (!isApiError(err) || !err.errors.length) notifyError(err, 'Could not create the list');
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>New list in “{campaign.name}”</Text>}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Name"
            required
            data-autofocus
            placeholder="e.g. Renewals due in May"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
          />
          <Switch
            label="Start it now"
            description="A started list hands out its entries while the campaign is active."
            checked={start}
            onChange={(e) => setStart(e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create list
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
