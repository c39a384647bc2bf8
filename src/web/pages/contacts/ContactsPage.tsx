import { useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Box, Button, Group, Paper, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconColumns3, IconFileImport, IconHistory, IconPlus } from '@tabler/icons-react';
import {
  useContacts,
  useDeleteContact,
  useFields,
  useMeta,
  usePreference,
  useSavePreference,
  useUsers,
} from '../../api/hooks';
import { useContactCount, type FilterNode } from '../../api/filters';
import { segmentFilter } from '../../api/segments';
import type { Contact } from '../../api/types';
import { useSession } from '../../layout/session';
import { PageHeader } from '../../components/PageHeader';
import { TableSkeleton } from '../../components/TableSkeleton';
import { ConfirmModal } from '../../components/ConfirmModal';
import { notifyError, notifySuccess } from '../../components/notify';
import { buildColumns, DEFAULT_COLUMNS, PREFERENCE_KEY } from './columns';
import { ContactsTable } from './ContactsTable';
import { ColumnChooser } from './ColumnChooser';
import { ContactCreateModal } from './ContactCreateModal';
import { Pager } from './Pager';
import { useContactsView, useSearchBox } from './useContactsView';
import { useKeyedState } from '../../lib/useKeyedState';
import { FilterPanel } from './filter/FilterPanel';
import { ActiveFilter } from './filter/ActiveFilter';
import { ResultsInfo } from './ResultsInfo';
import { ResultsProblem } from './ResultsProblem';
import { ContactsEmpty } from './ContactsEmpty';
import { ContactsToolbar } from './ContactsToolbar';
import { conditionCount, segmentOf } from './filter/summary';
import { useBulkSelection } from './bulk/useBulkSelection';
import { BulkBar } from './bulk/BulkBar';
import { SelectAllBanner } from './bulk/SelectAllBanner';
import { BulkActivity } from './bulk/BulkActivity';
import { useBulkActions } from './bulk/useBulkActions';
import { inTableOrder } from '../merge/order';
import { SegmentsMenu } from './segments/SegmentsMenu';
import { SaveSegmentModal } from './segments/SaveSegmentModal';

export function ContactsPage() {
  const me = useSession();
  const view = useContactsView();
  const [params] = useSearchParams();
  const { selection } = view;
  const q = selection.q ?? '';
  const filter = selection.filter ?? null;
  const order = view.order;
  // With search text and no sort picked, the server ranks by relevance.
  const sort = view.sort ?? (q ? 'relevance' : 'createdAt');
  const [limit, setLimit] = useState(25);
  const viewKey = JSON.stringify([selection, view.sort, order]);
  // cursors[i] opens page i; page 0 needs none.
  const [cursors, setCursors] = useKeyedState<(string | undefined)[]>(`${viewKey}:${limit}`, () => [
    undefined,
  ]);
  const page = cursors.length - 1;
  const [filterOpen, setFilterOpen] = useState(false);

  const [search, setSearch] = useSearchBox(q, view.setQ);

  const [createOpen, createModal] = useDisclosure(params.get('new') === '1');
  const [chooserOpen, chooser] = useDisclosure(false);
  const [activityOpen, activity] = useDisclosure(false);
  const [toDelete, setToDelete] = useState<Contact | null>(null);
  const [segmentToSave, setSegmentToSave] = useState<FilterNode | null>(null);

  const contacts = useContacts({
    q: q || undefined,
    filter: filter ?? undefined,
    sort: view.sort,
    order,
    limit,
    cursor: cursors[page],
  });
  const total = useContactCount(selection, { enabled: !!filter || !!q });
  const fields = useFields();
  const users = useUsers();
  const meta = useMeta();
  const pref = usePreference<string[]>(PREFERENCE_KEY);
  const savePref = useSavePreference<string[]>(PREFERENCE_KEY);
  const del = useDeleteContact();

  const columns = useMemo(
    () =>
      buildColumns({
        fields: fields.data ?? [],
        users: new Map((users.data ?? []).map((u) => [u.id, u])),
        dateFormat: me.workspace.dateFormat,
        languages: new Map((meta.data?.languages ?? []).map((l) => [l.code, l.name])),
        countries: new Map((meta.data?.countries ?? []).map((c) => [c.code, c.name])),
      }),
    [fields.data, users.data, meta.data, me.workspace.dateFormat],
  );
  const visible = (Array.isArray(pref.data) && pref.data.length ? pref.data : DEFAULT_COLUMNS).filter((id) =>
    columns.some((c) => c.id === id),
  );

  const onSort = (field: string) =>
    view.setSort(field, field === view.sort ? (order === 'asc' ? 'desc' : 'asc') : 'asc');
  const items = contacts.data?.items ?? [];
  const nextCursor = contacts.data?.nextCursor ?? null;
  const bulk = useBulkSelection({
    viewKey,
    selection,
    items,
    more: !!nextCursor || page > 0,
    userId: me.user?.id,
  });

  const confirmDelete = () => {
    if (!toDelete) return;
    del.mutate(toDelete.id, {
      onSuccess: () => {
        notifySuccess(`${toDelete.displayName} was deleted.`, 'Contact deleted');
        bulk.forget([toDelete.id]);
        setToDelete(null);
      },
      onError: (e) => notifyError(e, 'Could not delete the contact'),
    });
  };

  const actions = useBulkActions({
    target: bulk.target,
    onDeleted: () => {
      bulk.clear();
      setCursors([undefined]);
    },
  });

  const userId = me.user?.id;
  const canDelete = useCallback(
    (c: Contact) => me.isManager || (!!userId && c.ownerId === userId),
    [me.isManager, userId],
  );

  const firstLoad = contacts.isPending || pref.isPending;
  const empty = !firstLoad && !contacts.isError && items.length === 0 && page === 0;

  return (
    <>
      <PageHeader
        title="Contacts"
        description={
          me.isManager
            ? 'Everyone your workspace talks to, and every way to reach them.'
            : 'Contacts you own and contacts shared with you.'
        }
        actions={
          <>
            <Button variant="default" leftSection={<IconHistory size={16} />} onClick={activity.open}>
              Bulk activity
            </Button>
            <Button variant="default" leftSection={<IconColumns3 size={16} />} onClick={chooser.open}>
              Customize table
            </Button>
            <Button
              component={Link}
              to="/imports/new"
              variant="default"
              leftSection={<IconFileImport size={16} />}
            >
              Import
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={createModal.open}>
              Create contact
            </Button>
          </>
        }
      />

      <ContactsToolbar
        search={search}
        onSearch={setSearch}
        searching={contacts.isFetching}
        filterCount={conditionCount(filter)}
        filterOpen={filterOpen}
        onToggleFilter={() => setFilterOpen((o) => !o)}
        segments={
          <SegmentsMenu
            current={segmentOf(filter)}
            onOpen={(id) => {
              setFilterOpen(false);
              view.setFilter(segmentFilter(id));
            }}
          />
        }
        bulk={
          bulk.target && (
            <BulkBar
              count={bulk.target.count}
              allMatching={bulk.target.kind === 'all'}
              mergeIds={bulk.target.kind === 'ids' ? inTableOrder(bulk.target.ids, items) : null}
              onClear={bulk.clear}
              onAction={actions.open}
            />
          )
        }
      />

      {actions.running}

      {view.badFilter && (
        <Alert color="orange" variant="light" mb="md" py="xs">
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm">
              This address has a filter that cannot be read, so the contacts below are not filtered.
            </Text>
            <Button size="xs" variant="light" color="orange" onClick={() => view.setFilter(null)}>
              Remove it
            </Button>
          </Group>
        </Alert>
      )}

      {filterOpen ? (
        <FilterPanel
          // A new applied filter (Back, a link) starts the panel afresh.
          key={JSON.stringify(filter)}
          applied={filter}
          q={q || undefined}
          onApply={(f) => {
            view.setFilter(f);
            setFilterOpen(false);
          }}
          onClose={() => setFilterOpen(false)}
          onSaveSegment={setSegmentToSave}
        />
      ) : (
        (filter || q) && (
          <Group justify="space-between" mb="sm" wrap="nowrap" gap="md" mih={34}>
            {filter ? (
              <ActiveFilter
                filter={filter}
                onEdit={() => setFilterOpen(true)}
                onClear={() => view.setFilter(null)}
                onSaveSegment={() => setSegmentToSave(filter)}
              />
            ) : (
              <span />
            )}
            <ResultsInfo
              count={total.data}
              loading={total.isFetching}
              relevance={sort === 'relevance'}
              canSortByRelevance={!!q && !!view.sort}
              onSortByRelevance={() => view.setSort(null)}
            />
          </Group>
        )
      )}

      <Box
        data-testid="contacts-results"
        data-q={q}
        data-filter={filter ? JSON.stringify(filter) : ''}
        data-sort={`${sort}:${order}`}
        data-page={page}
        data-fetching={contacts.isFetching ? 'true' : 'false'}
        style={{ opacity: contacts.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}
      >
        {empty ? (
          <ContactsEmpty
            filtered={!!filter}
            q={q}
            isManager={me.isManager}
            onEditFilter={() => setFilterOpen(true)}
            onClearFilter={() => view.setFilter(null)}
            onClearSearch={() => setSearch('')}
            onCreate={createModal.open}
          />
        ) : (
          <Paper withBorder>
            {bulk.offerAll && bulk.total !== undefined && (
              <SelectAllBanner
                pageCount={bulk.pageCount}
                total={bulk.total}
                selection={selection}
                allMatching={bulk.allMatching}
                onSelectAll={bulk.selectAll}
                onClear={bulk.clear}
              />
            )}
            {firstLoad ? (
              <TableSkeleton />
            ) : contacts.isError ? (
              <ResultsProblem error={contacts.error} onEditFilter={() => setFilterOpen(true)} />
            ) : (
              <ContactsTable
                contacts={items}
                columns={columns}
                visible={visible}
                sort={sort}
                order={order}
                onSort={onSort}
                selection={bulk.tableSelection}
                onSelectionChange={bulk.onTableChange}
                onDelete={setToDelete}
                canDelete={canDelete}
              />
            )}
            <Pager
              page={page}
              limit={limit}
              shown={items.length}
              hasNext={!!nextCursor && !contacts.isFetching}
              onLimit={(l) => {
                setLimit(l);
                setCursors([undefined]);
              }}
              onPrevious={() => setCursors((c) => c.slice(0, -1))}
              onNext={() => nextCursor && setCursors((c) => [...c, nextCursor])}
            />
          </Paper>
        )}
      </Box>

      <ContactCreateModal opened={createOpen} onClose={createModal.close} />
      <ColumnChooser
        opened={chooserOpen}
        onClose={chooser.close}
        columns={columns}
        visible={visible}
        saving={savePref.isPending}
        onSave={(cols) =>
          savePref.mutate(cols, {
            onSuccess: () => {
              chooser.close();
              notifySuccess('Your table layout was saved.');
            },
            onError: (e) => notifyError(e, 'Could not save the table layout'),
          })
        }
      />
      <ConfirmModal
        opened={!!toDelete}
        title="Delete contact"
        confirmLabel="Delete"
        danger
        loading={del.isPending}
        onConfirm={confirmDelete}
        onClose={() => setToDelete(null)}
      >
        Delete <b>{toDelete?.displayName}</b> with all its contact points? This cannot be undone.
      </ConfirmModal>
      {actions.modals}
      <SaveSegmentModal filter={segmentToSave} q={q} onClose={() => setSegmentToSave(null)} />
      <BulkActivity opened={activityOpen} onClose={activity.close} />
    </>
  );
}
