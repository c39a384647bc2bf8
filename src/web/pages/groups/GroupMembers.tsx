import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  ActionIcon,
  Button,
  Checkbox,
  Group as Row,
  Paper,
  ScrollArea,
  Table,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconUserMinus } from '@tabler/icons-react';
import { useContacts, useFields, useMeta, useUsers } from '../../api/hooks';
import { errorMessage } from '../../api/client';
import { membersOf, useGroupMembers, type Group } from '../../api/groups';
import { useSession } from '../../layout/session';
import { TableSkeleton } from '../../components/TableSkeleton';
import { notifyError, notifySuccess } from '../../components/notify';
import { buildColumns } from '../contacts/columns';
import { Pager } from '../contacts/Pager';

// A static group's rows end with a remove button; the owner column makes room for it.
const COLUMNS = ['name', 'phone', 'email', 'type', 'company', 'tags'];
const DYNAMIC_COLUMNS = [...COLUMNS, 'owner'];

interface Props {
  group: Group;
  /** Shown when the group has no members. */
  empty: React.ReactNode;
}

/** A group's members, a page at a time; a static group's can be picked and removed. */
export function GroupMembers({ group, empty }: Props) {
  const me = useSession();
  const navigate = useNavigate();
  const fields = useFields();
  const users = useUsers();
  const meta = useMeta();
  const members = useGroupMembers(group.id);
  const editable = group.type === 'static';
  const [sort, setSort] = useState<{ by: string; order: 'asc' | 'desc' }>({ by: 'lastName', order: 'asc' });
  const [limit, setLimit] = useState(25);
  // cursors[i] opens page i.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const page = cursors.length - 1;

  const list = useContacts({
    filter: membersOf(group.id),
    sort: sort.by,
    order: sort.order,
    limit,
    cursor: cursors[page],
  });
  const columns = useMemo(() => {
    const all = buildColumns({
      fields: fields.data ?? [],
      users: new Map((users.data ?? []).map((u) => [u.id, u])),
      dateFormat: me.workspace.dateFormat,
      languages: new Map((meta.data?.languages ?? []).map((l) => [l.code, l.name])),
      countries: new Map((meta.data?.countries ?? []).map((c) => [c.code, c.name])),
    });
    return (editable ? COLUMNS : DYNAMIC_COLUMNS).map((id) => all.find((c) => c.id === id)!).filter(Boolean);
  }, [fields.data, users.data, meta.data, me.workspace.dateFormat, editable]);

  const items = list.data?.items ?? [];
  const nextCursor = list.data?.nextCursor ?? null;
  const allPicked = items.length > 0 && items.every((c) => picked.has(c.id));
  const somePicked = items.some((c) => picked.has(c.id));

  const toggle = (id: string) =>
    setPicked((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const restart = () => setCursors([undefined]);

  const remove = (ids: string[]) =>
    members.mutate(
      { ids, remove: true },
      {
        onSuccess: (r) => {
          notifySuccess(
            `${r.changed.toLocaleString()} ${r.changed === 1 ? 'contact was' : 'contacts were'} removed from “${group.name}”.`,
            'Removed from group',
          );
          setPicked((s) => new Set([...s].filter((id) => !ids.includes(id))));
          if (items.length === ids.length && page > 0) setCursors((c) => c.slice(0, -1));
        },
        onError: (e) => notifyError(e, 'Could not remove the contacts'),
      },
    );

  if (list.isPending)
    return (
      <Paper withBorder>
        <TableSkeleton rows={6} />
      </Paper>
    );
  if (list.isError)
    return (
      <Paper withBorder p="lg">
        <Text c="red" size="sm">
          {errorMessage(list.error)}
        </Text>
      </Paper>
    );
  if (items.length === 0 && page === 0) return <>{empty}</>;

  const selected = [...picked];
  return (
    <>
      {editable && (
        <Row justify="space-between" mb="xs" mih={30}>
          <Text size="sm" c="dimmed">
            {selected.length
              ? `${selected.length} selected`
              : 'Select members to remove them from the group; the contacts stay.'}
          </Text>
          {selected.length > 0 && (
            <Row gap="sm">
              <Button size="xs" variant="subtle" color="gray" onClick={() => setPicked(new Set())}>
                Clear
              </Button>
              <Button
                size="xs"
                color="red"
                variant="light"
                leftSection={<IconUserMinus size={16} />}
                loading={members.isPending}
                onClick={() => remove(selected)}
              >
                Remove from group
              </Button>
            </Row>
          )}
        </Row>
      )}
      <Paper withBorder>
        <ScrollArea type="auto" offsetScrollbars="x">
          <Table
            highlightOnHover
            verticalSpacing="sm"
            horizontalSpacing="sm"
            miw={760}
            className="contacts-table"
            data-testid="members-table"
            data-fetching={list.isFetching ? 'true' : 'false'}
            style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}
          >
            <Table.Thead>
              <Table.Tr>
                {editable && (
                  <Table.Th w={44}>
                    <Checkbox
                      aria-label="Select all on this page"
                      checked={allPicked}
                      indeterminate={somePicked && !allPicked}
                      onChange={() =>
                        setPicked((s) => {
                          const next = new Set(s);
                          for (const c of items)
                            if (allPicked) next.delete(c.id);
                            else next.add(c.id);
                          return next;
                        })
                      }
                    />
                  </Table.Th>
                )}
                {columns.map((c) => {
                  const dir = c.sort && sort.by === c.sort ? sort.order : null;
                  return (
                    <Table.Th key={c.id}>
                      {c.sort ? (
                        <UnstyledButton
                          onClick={() => {
                            setSort({ by: c.sort!, order: dir === 'asc' ? 'desc' : 'asc' });
                            restart();
                          }}
                        >
                          <Row gap={4} wrap="nowrap">
                            <Text size="sm" fw={600}>
                              {c.label}
                            </Text>
                            {dir === 'asc' ? (
                              <IconArrowUp size={14} />
                            ) : dir === 'desc' ? (
                              <IconArrowDown size={14} />
                            ) : (
                              <IconArrowsSort size={14} opacity={0.35} />
                            )}
                          </Row>
                        </UnstyledButton>
                      ) : (
                        <Text size="sm" fw={600}>
                          {c.label}
                        </Text>
                      )}
                    </Table.Th>
                  );
                })}
                {editable && <Table.Th w={52} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((contact) => (
                <Table.Tr
                  key={contact.id}
                  className="clickable-row"
                  bg={picked.has(contact.id) ? 'var(--mantine-color-brand-0)' : undefined}
                  onClick={() => navigate(`/contacts/${contact.id}`)}
                  data-testid="member-row"
                >
                  {editable && (
                    <Table.Td onClick={(e) => e.stopPropagation()}>
                      <Checkbox
                        aria-label={`Select ${contact.displayName}`}
                        checked={picked.has(contact.id)}
                        onChange={() => toggle(contact.id)}
                      />
                    </Table.Td>
                  )}
                  {columns.map((c) => (
                    <Table.Td key={c.id} data-col={c.id}>
                      {c.render(contact)}
                    </Table.Td>
                  ))}
                  {editable && (
                    <Table.Td onClick={(e) => e.stopPropagation()}>
                      <Tooltip label="Remove from group">
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Remove ${contact.displayName} from the group`}
                          onClick={() => remove([contact.id])}
                        >
                          <IconUserMinus size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
        <Pager
          page={page}
          limit={limit}
          shown={items.length}
          hasNext={!!nextCursor && !list.isFetching}
          onLimit={(l) => {
            setLimit(l);
            restart();
          }}
          onPrevious={() => setCursors((c) => c.slice(0, -1))}
          onNext={() => nextCursor && setCursors((c) => [...c, nextCursor])}
        />
      </Paper>
    </>
  );
}
