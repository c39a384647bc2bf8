import { useState } from 'react';
import {
  Alert,
  Button,
  Group,
  List,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconAlertCircle, IconSearch } from '@tabler/icons-react';
import { isApiError } from '../../api/client';
import {
  useAddFromSelection,
  type AddResult,
  type OutboundList,
  type SelectionInput,
} from '../../api/campaigns';
import { useSegments } from '../../api/segments';
import { notifyError } from '../../components/notify';
import { FilterEditor, saveProblem, useFilterDraft } from '../segments/FilterEditor';

type Mode = 'segment' | 'filter' | 'search';

export function FromSelectionModal({
  list,
  opened,
  onClose,
}: {
  list: OutboundList;
  opened: boolean;
  onClose: () => void;
}) {
  const [mode, setMode] = useState<Mode>('segment');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      // The filter builder needs room; a segment or a search does not.
      size={mode === 'filter' ? 960 : 'lg'}
      title={<Text fw={600}>Add contacts to “{list.name}”</Text>}
    >
      {opened && <FromSelection list={list} mode={mode} onMode={setMode} onClose={onClose} />}
    </Modal>
  );
}

function FromSelection({
  list,
  mode,
  onMode,
  onClose,
}: {
  list: OutboundList;
  mode: Mode;
  onMode: (m: Mode) => void;
  onClose: () => void;
}) {
  const segments = useSegments();
  const add = useAddFromSelection(list);
  const filter = useFilterDraft(null);
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [priority, setPriority] = useState<number | string>(0);
  const [result, setResult] = useState<AddResult | null>(null);
  const errors = isApiError(add.error) ? add.error.fieldErrors : {};
  const unplaced = (isApiError(add.error) ? add.error.errors : [])
    .filter((e) => !['segmentId', 'q', 'priority'].includes(e.path) && !/^filter(\.|$)/.test(e.path))
    .map((e) => e.message);
  const problem = add.error ? saveProblem(add.error, filter.draft) : null;
  const segmentName = segments.data?.find((s) => s.id === segmentId)?.name;

  const ready =
    mode === 'segment'
      ? !!segmentId
      : mode === 'search'
        ? q.trim() !== ''
        : !!filter.draft && !filter.counting;
  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    const body: SelectionInput = {
      priority: priority === '' ? 0 : Number(priority),
      ...(mode === 'segment'
        ? { segmentId: segmentId ?? undefined }
        : mode === 'search'
          ? { q: q.trim() }
          : { filter: filter.draft ?? undefined }),
    };
    add.mutate(body, {
      onSuccess: setResult,
      onError: (e) => {
        if (!isApiError(e) || !e.errors.length) notifyError(e, 'Could not add the contacts');
      },
    });
  };

  if (result)
    return (
      <Stack data-testid="selection-result">
        <Alert
          color={result.added ? 'teal' : 'gray'}
          title={`${result.added.toLocaleString()} ${result.added === 1 ? 'contact' : 'contacts'} added`}
        >
          <List size="sm" spacing={2}>
            <List.Item>
              {result.alreadyOnList.toLocaleString()} {result.alreadyOnList === 1 ? 'was' : 'were'} on the
              list already, and left as {result.alreadyOnList === 1 ? 'it was' : 'they were'}
            </List.Item>
          </List>
        </Alert>
        <Group justify="flex-end">
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {unplaced.length > 0 && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
            {unplaced.join(' ')}
          </Alert>
        )}
        <SegmentedControl
          aria-label="Add contacts from"
          value={mode}
          onChange={(m) => {
            onMode(m as Mode);
            add.reset();
          }}
          data={[
            { value: 'segment', label: 'A segment' },
            { value: 'filter', label: 'A filter' },
            { value: 'search', label: 'A search' },
          ]}
        />
        {mode === 'segment' && (
          <Select
            label="Segment"
            placeholder={segments.data?.length === 0 ? 'No segment saved yet' : 'Pick a saved segment'}
            data={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={segmentId}
            onChange={setSegmentId}
            searchable
            nothingFoundMessage="No such segment"
            error={errors.segmentId}
            data-autofocus
          />
        )}
        {mode === 'search' && (
          <TextInput
            label="Search"
            description="Contacts whose name, company, email or phone matches, as in the contacts search"
            placeholder="e.g. Birchwood"
            leftSection={<IconSearch size={16} />}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            error={errors.q}
            data-autofocus
          />
        )}
        {mode === 'filter' && (
          <FilterEditor
            state={filter}
            problem={problem}
            emptyHint="Add a condition to choose the contacts to add."
            error={errors.filter && !problem ? errors.filter : undefined}
          />
        )}
        <NumberInput
          label="Priority"
          description="For every entry added; higher first"
          min={-1000}
          max={1000}
          allowDecimal={false}
          value={priority}
          onChange={setPriority}
          error={errors.priority}
          w={220}
        />
        <Text size="sm" c="dimmed">
          Every contact that matches now is added; contacts on the list already keep their entry.
          {mode === 'search'
            ? ' A search is not kept: to add later matches on a schedule, use a segment or a filter.'
            : ` Contacts ${mode === 'segment' && segmentName ? `joining “${segmentName}”` : 'matching'} later are added only if you schedule the list (on its page).`}
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={add.isPending} disabled={!ready}>
            {mode === 'filter' && filter.count !== undefined
              ? `Add ${filter.count.toLocaleString()} matching ${filter.count === 1 ? 'contact' : 'contacts'}`
              : 'Add contacts'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
