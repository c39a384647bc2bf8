import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconArrowLeft, IconInfoCircle, IconListDetails } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { errorMessage, isApiError } from '../../api/client';
import { campaignKeys, useCampaign, useList, type EntryState, type OutboundList } from '../../api/campaigns';
import { EmptyPanel } from '../../components/EmptyPanel';
import { AddContactsMenu } from './AddContactsMenu';
import { EntriesTable } from './EntriesTable';
import { LIST_SOURCE_LABELS, STATE_COLORS, STATE_HELP, STATE_LABELS } from './format';
import { ListStateBadge, StartStopButton } from './ListControls';
import { CountersBar, countersSummary } from './ListsPanel';
import { ScheduleError, ScheduleLine, schedulable } from './ScheduleModal';
import { LoadContactsButton } from './WebServiceLoad';

/** The states in the order an entry goes through them. */
const TILE_ORDER = [
  'callable',
  'planning',
  'open',
  'attempted',
  'flagged',
  'closed',
] as const satisfies readonly EntryState[];

/** A contact list: its counters, its entries by state, and the ways to add contacts to it. */
export function ListPage() {
  const { id = '', listId = '' } = useParams();
  const list = useList(listId);
  if (list.isPending)
    return (
      <Stack gap="md">
        <Skeleton h={36} w={320} />
        <Skeleton h={90} />
        <Skeleton h={300} />
      </Stack>
    );
  if (list.isError) {
    const missing = isApiError(list.error) && list.error.status === 404;
    return (
      <EmptyPanel
        icon={<IconListDetails size={28} />}
        title={missing ? 'This list does not exist' : 'Could not load the list'}
        description={missing ? 'It may have been deleted with its entries.' : errorMessage(list.error)}
        action={
          <Button component={Link} to={`/campaigns/${id}`} variant="light">
            Back to the campaign
          </Button>
        }
      />
    );
  }
  return <ListView key={list.data.id} list={list.data} />;
}

function ListView({ list }: { list: OutboundList }) {
  const campaign = useCampaign(list.campaignId);
  const qc = useQueryClient();
  const [state, setState] = useState<EntryState | null>(null);
  const c = list.counters;

  // The counters are polled; when they move (a dialer at work), the entries shown are stale too.
  const countersKey = JSON.stringify(c);
  const [seen, setSeen] = useState(countersKey);
  useEffect(() => {
    if (countersKey === seen) return;
    setSeen(countersKey);
    qc.invalidateQueries({ queryKey: [...campaignKeys.list(list.id), 'entries'] });
  }, [countersKey, seen, qc, list.id]);

  const campaignUrl = `/campaigns/${list.campaignId}`;
  return (
    <>
      <Anchor component={Link} to={campaignUrl} size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} /> {campaign.data?.name ?? 'Campaign'}
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" mt="xs" mb="lg" gap="md" wrap="nowrap">
        <Stack gap={6} miw={0}>
          <Group gap="sm" wrap="nowrap">
            <Title order={2} data-testid="list-name" style={{ overflowWrap: 'anywhere' }}>
              {list.name}
            </Title>
            <ListStateBadge state={list.state} />
            <Badge variant="outline" color="gray" tt="none">
              {LIST_SOURCE_LABELS[list.source] ?? list.source}
            </Badge>
          </Group>
          <Text
            size="sm"
            c="dimmed"
            data-testid="list-summary"
            style={{ fontVariantNumeric: 'tabular-nums' }}
          >
            {countersSummary(c)}
          </Text>
          {schedulable(list) && <ScheduleLine list={list} />}
        </Stack>
        <Group gap="sm" wrap="nowrap">
          <StartStopButton list={list} />
          {list.source === 'web_service' && campaign.data?.loading === 'web_service' && (
            <LoadContactsButton campaign={campaign.data} variant="light" />
          )}
          <AddContactsMenu list={list} />
        </Group>
      </Group>

      <ScheduleError schedule={list.schedule} />

      {campaign.data && campaign.data.status !== 'active' && (
        <Alert color="yellow" icon={<IconInfoCircle size={18} />} mb="md">
          The campaign is {campaign.data.status}: no entry is handed out until it is active again.
        </Alert>
      )}

      <Stack gap="xs" mb="lg">
        <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="sm">
          <Stat
            label="Total"
            value={c.total}
            testId="stat-total"
            active={state === null}
            onClick={() => setState(null)}
          />
          {TILE_ORDER.map((s) => (
            <Stat
              key={s}
              label={STATE_LABELS[s]}
              value={c[s]}
              color={STATE_COLORS[s]}
              hint={STATE_HELP[s]}
              testId={`stat-${s}`}
              active={state === s}
              onClick={() => setState(state === s ? null : s)}
            />
          ))}
        </SimpleGrid>
        {c.total > 0 && <CountersBar counters={c} />}
      </Stack>

      <Group justify="space-between" mb="sm" gap="sm">
        <Title order={4}>Entries</Title>
        <SegmentedControl
          aria-label="Entries in state"
          data-testid="state-filter"
          value={state ?? 'all'}
          onChange={(v) => setState(v === 'all' ? null : (v as EntryState))}
          data={[
            { value: 'all', label: 'All' },
            ...TILE_ORDER.map((s) => ({ value: s, label: STATE_LABELS[s] })),
          ]}
        />
      </Group>
      <EntriesTable list={list} state={state} />
    </>
  );
}

function Stat({
  label,
  value,
  color,
  hint,
  testId,
  active,
  onClick,
}: {
  label: string;
  value: number;
  color?: string;
  hint?: string;
  testId: string;
  active: boolean;
  onClick: () => void;
}) {
  return (
    <UnstyledButton onClick={onClick} title={hint} aria-pressed={active} aria-label={`${label}: ${value}`}>
      <Paper
        withBorder
        px="md"
        py="sm"
        style={{
          borderColor: active ? `var(--mantine-color-${color ?? 'brand'}-5)` : undefined,
          boxShadow: active ? `inset 0 0 0 1px var(--mantine-color-${color ?? 'brand'}-5)` : undefined,
        }}
      >
        <Group gap={6} wrap="nowrap">
          {color && (
            <span
              style={{
                width: 8,
                height: 8,
                borderRadius: 4,
                flexShrink: 0,
                background: `var(--mantine-color-${color}-6)`,
              }}
            />
          )}
          <Text size="xs" c="dimmed" tt="uppercase" fw={700} truncate>
            {label}
          </Text>
        </Group>
        <Text
          fz={26}
          fw={700}
          data-testid={testId}
          data-value={value}
          c={value ? undefined : 'dimmed'}
          style={{ fontVariantNumeric: 'tabular-nums' }}
        >
          {value.toLocaleString()}
        </Text>
      </Paper>
    </UnstyledButton>
  );
}
