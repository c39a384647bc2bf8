import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Anchor, Button, Paper, Stack, Table, Text } from '@mantine/core';
import { IconLockOpen, IconUserCheck } from '@tabler/icons-react';
import { useBlockContact, useContacts } from '../../api/hooks';
import type { Contact } from '../../api/types';
import { contactsViewUrl } from '../../api/segments';
import { EmptyPanel } from '../../components/EmptyPanel';
import { PageHeader } from '../../components/PageHeader';
import { QueryBody } from '../../components/QueryBody';
import { notifyError, notifySuccess } from '../../components/notify';
import { Pager } from './Pager';

const BLOCKED = { field: 'blocked', op: 'equals', value: true } as const;

/** The blocked contacts the caller sees, with why, and a way back. */
export function BlockedPage() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [limit, setLimit] = useState(25);
  const list = useContacts({
    filter: BLOCKED,
    sort: 'updatedAt',
    order: 'desc',
    limit,
    cursor: cursors[cursors.length - 1],
  });
  return (
    <>
      <PageHeader
        title="Blocked"
        description="Blocked contacts get no calls or messages from any campaign, and conversations they start are marked blocked."
        actions={
          <Button component={Link} to={contactsViewUrl(BLOCKED)} variant="default">
            Open in Contacts
          </Button>
        }
      />
      <QueryBody
        query={list}
        rows={6}
        isEmpty={(d) => d.items.length === 0}
        empty={
          <EmptyPanel
            icon={<IconUserCheck size={28} />}
            title="No blocked contacts"
            description="Block a contact from its page when it must never be contacted again."
          />
        }
      >
        {(d) => (
          <Stack gap="sm">
            <Paper withBorder>
              <Table verticalSpacing="xs" horizontalSpacing="md" highlightOnHover data-testid="blocked-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Contact</Table.Th>
                    <Table.Th>Company</Table.Th>
                    <Table.Th>Reason</Table.Th>
                    <Table.Th w={120} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.items.map((c) => (
                    <BlockedRow key={c.id} contact={c} />
                  ))}
                </Table.Tbody>
              </Table>
              <Pager
                page={cursors.length - 1}
                limit={limit}
                shown={d.items.length}
                hasNext={!!d.nextCursor}
                onLimit={(n) => {
                  setLimit(n);
                  setCursors([undefined]);
                }}
                onPrevious={() => setCursors((c) => c.slice(0, -1))}
                onNext={() => d.nextCursor && setCursors((c) => [...c, d.nextCursor ?? undefined])}
              />
            </Paper>
          </Stack>
        )}
      </QueryBody>
    </>
  );
}

function BlockedRow({ contact: c }: { contact: Contact }) {
  const unblock = useBlockContact(c.id);
  return (
    <Table.Tr data-testid="blocked-row">
      <Table.Td>
        <Anchor component={Link} to={`/contacts/${c.id}`} size="sm" fw={500}>
          {c.displayName}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{c.company ?? '—'}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{c.blockedReason ?? '—'}</Text>
      </Table.Td>
      <Table.Td>
        <Button
          size="compact-sm"
          variant="subtle"
          leftSection={<IconLockOpen size={14} />}
          loading={unblock.isPending}
          onClick={() =>
            unblock.mutate(
              { block: false },
              {
                onSuccess: () =>
                  notifySuccess(`${c.displayName} may be contacted again.`, 'Contact unblocked'),
                onError: (e) => notifyError(e, 'Could not unblock the contact'),
              },
            )
          }
        >
          Unblock
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}
