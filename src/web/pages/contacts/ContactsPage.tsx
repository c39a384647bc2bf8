import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Box, Button, CloseButton, Loader, Group, Paper, Text, TextInput, Transition } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconColumns3, IconPlus, IconSearch, IconTrash, IconUsersGroup } from '@tabler/icons-react';
import { IconFileImport } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import type { RowSelectionState } from '@tanstack/react-table';
import {
  useBulkDeleteContacts,
  useContacts,
  useDeleteContact,
  useFields,
  useMeta,
  usePreference,
  useSavePreference,
  useUsers,
} from '../../api/hooks';
import type { Contact } from '../../api/types';
import { useSession } from '../../layout/session';
import { PageHeader } from '../../components/PageHeader';
import { EmptyPanel } from '../../components/EmptyPanel';
import { TableSkeleton } from '../../components/TableSkeleton';
import { ConfirmModal } from '../../components/ConfirmModal';
import { notifyError, notifySuccess } from '../../components/notify';
import { buildColumns, DEFAULT_COLUMNS, PREFERENCE_KEY } from './columns';
import { ContactsTable } from './ContactsTable';
import { ColumnChooser } from './ColumnChooser';
import { ContactCreateModal } from './ContactCreateModal';
import { BulkDeleteModal } from './BulkDeleteModal';
import { Pager } from './Pager';

export function ContactsPage() {
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const sort = params.get('sort') ?? 'createdAt';
  const order = (params.get('order') === 'asc' ? 'asc' : 'desc') as 'asc' | 'desc';
  const [limit, setLimit] = useState(25);
  // cursors[i] opens page i; page 0 needs none.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const page = cursors.length - 1;
  const [search, setSearch] = useState(q);
  const [debounced] = useDebouncedValue(search, 300);
  const [selection, setSelection] = useState<RowSelectionState>({});

  const [createOpen, createModal] = useDisclosure(params.get('new') === '1');
  const [chooserOpen, chooser] = useDisclosure(false);
  const [toDelete, setToDelete] = useState<Contact | null>(null);
  const [bulkOpen, bulkModal] = useDisclosure(false);

  const setParam = useCallback(
    (changes: Record<string, string | null>) => {
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          for (const [k, v] of Object.entries(changes))
            if (v) next.set(k, v);
            else next.delete(k);
          return next;
        },
        { replace: true },
      );
      setCursors([undefined]);
      setSelection({});
    },
    [setParams],
  );

  useEffect(() => {
    if (debounced.trim() !== q) setParam({ q: debounced.trim() || null });
  }, [debounced, q, setParam]);

  const contacts = useContacts({ q: q || undefined, sort, order, limit, cursor: cursors[page] });
  const fields = useFields();
  const users = useUsers();
  const meta = useMeta();
  const pref = usePreference<string[]>(PREFERENCE_KEY);
  const savePref = useSavePreference<string[]>(PREFERENCE_KEY);
  const del = useDeleteContact();
  const bulk = useBulkDeleteContacts();

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
    setParam(
      field === sort
        ? { sort: field, order: order === 'asc' ? 'desc' : 'asc' }
        : { sort: field, order: 'asc' },
    );
  const selectedIds = Object.keys(selection).filter((k) => selection[k]);
  const items = contacts.data?.items ?? [];
  const nextCursor = contacts.data?.nextCursor ?? null;

  const confirmDelete = () => {
    if (!toDelete) return;
    del.mutate(toDelete.id, {
      onSuccess: () => {
        notifySuccess(`${toDelete.displayName} was deleted.`, 'Contact deleted');
        setSelection(({ [toDelete.id]: _gone, ...rest }) => rest);
        setToDelete(null);
      },
      onError: (e) => notifyError(e, 'Could not delete the contact'),
    });
  };

  const confirmBulk = () =>
    bulk.mutate(selectedIds, {
      onSuccess: (r) => {
        notifySuccess(
          `${r.deleted} ${r.deleted === 1 ? 'contact was' : 'contacts were'} deleted.`,
          'Contacts deleted',
        );
        setSelection({});
        setCursors([undefined]);
        bulkModal.close();
      },
      onError: (e) => notifyError(e, 'Could not delete the contacts'),
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

      <Group justify="space-between" mb="md" wrap="nowrap" gap="md">
        <TextInput
          placeholder="Search by name, email or phone"
          aria-label="Search contacts"
          leftSection={<IconSearch size={16} />}
          rightSection={
            contacts.isFetching && search ? (
              <Loader size={14} />
            ) : search ? (
              <CloseButton size="sm" aria-label="Clear search" onClick={() => setSearch('')} />
            ) : null
          }
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={360}
          maw="100%"
        />
        <Transition mounted={selectedIds.length > 0} transition="fade">
          {(style) => (
            <Group gap="sm" style={style} wrap="nowrap">
              <Text size="sm" fw={500} data-testid="selected-count">
                {selectedIds.length} selected
              </Text>
              <Button variant="subtle" color="gray" size="xs" onClick={() => setSelection({})}>
                Clear
              </Button>
              <Button
                color="red"
                variant="light"
                leftSection={<IconTrash size={16} />}
                onClick={bulkModal.open}
              >
                Delete selected
              </Button>
            </Group>
          )}
        </Transition>
      </Group>

      <Box
        data-testid="contacts-results"
        data-q={q}
        data-sort={`${sort}:${order}`}
        data-page={page}
        data-fetching={contacts.isFetching ? 'true' : 'false'}
        style={{ opacity: contacts.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}
      >
        {empty ? (
          q ? (
            <EmptyPanel
              icon={<IconSearch size={28} />}
              title={`No contacts match “${q}”`}
              description="Try a shorter part of the name, email or phone number."
              action={
                <Button variant="light" onClick={() => setSearch('')}>
                  Clear search
                </Button>
              }
            />
          ) : (
            <EmptyPanel
              icon={<IconUsersGroup size={28} />}
              title="No contacts yet"
              description={
                me.isManager
                  ? 'Add the people your team talks to: their numbers, emails and messenger IDs.'
                  : 'Create a contact, or ask an admin to share contacts with you.'
              }
              action={
                <Button leftSection={<IconPlus size={16} />} onClick={createModal.open}>
                  Create contact
                </Button>
              }
            />
          )
        ) : (
          <Paper withBorder>
            {firstLoad ? (
              <TableSkeleton />
            ) : contacts.isError ? (
              <Text c="red" p="lg">
                {contacts.error.message}
              </Text>
            ) : (
              <ContactsTable
                contacts={items}
                columns={columns}
                visible={visible}
                sort={sort}
                order={order}
                onSort={onSort}
                selection={selection}
                onSelectionChange={setSelection}
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
      <BulkDeleteModal
        count={selectedIds.length}
        opened={bulkOpen}
        loading={bulk.isPending}
        onClose={bulkModal.close}
        onConfirm={confirmBulk}
      />
    </>
  );
}
