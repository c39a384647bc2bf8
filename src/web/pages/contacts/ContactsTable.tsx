import { useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Checkbox,
  Group,
  Menu,
  ScrollArea,
  Table,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import {
  IconArrowDown,
  IconArrowUp,
  IconArrowsSort,
  IconEdit,
  IconEye,
  IconTrash,
} from '@tabler/icons-react';
import {
  columnOrderingFeature,
  columnVisibilityFeature,
  flexRender,
  rowSelectionFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type RowSelectionState,
} from '@tanstack/react-table';
import type { Contact } from '../../api/types';
import type { ColumnSpec } from './columns';
import { RowActions } from '../../components/RowActions';

// Sorting and paging happen on the server; the table handles selection, visibility and order.
const features = tableFeatures({ rowSelectionFeature, columnVisibilityFeature, columnOrderingFeature });
type Def = ColumnDef<typeof features, Contact>;

interface Props {
  contacts: Contact[];
  columns: ColumnSpec[];
  visible: string[];
  sort: string;
  order: 'asc' | 'desc';
  onSort: (sort: string) => void;
  selection: RowSelectionState;
  onSelectionChange: (s: RowSelectionState) => void;
  onDelete: (c: Contact) => void;
  /** Whether the signed-in person may delete this contact (admins and its owner). */
  canDelete: (c: Contact) => boolean;
}

function SortIcon({ dir }: { dir: false | 'asc' | 'desc' }) {
  if (dir === 'asc') return <IconArrowUp size={14} />;
  if (dir === 'desc') return <IconArrowDown size={14} />;
  return <IconArrowsSort size={14} opacity={0.35} />;
}

export function ContactsTable({
  contacts,
  columns,
  visible,
  sort,
  order,
  onSort,
  selection,
  onSelectionChange,
  onDelete,
  canDelete,
}: Props) {
  const navigate = useNavigate();

  const defs = useMemo<Def[]>(
    () => [
      {
        id: 'select',
        header: ({ table }) => (
          <Checkbox
            aria-label="Select all on this page"
            checked={table.getIsAllRowsSelected()}
            indeterminate={table.getIsSomeRowsSelected()}
            onChange={table.getToggleAllRowsSelectedHandler()}
          />
        ),
        cell: ({ row }) => (
          <Checkbox
            aria-label={`Select ${row.original.displayName}`}
            checked={row.getIsSelected()}
            onChange={row.getToggleSelectedHandler()}
            onClick={(e) => e.stopPropagation()}
          />
        ),
      },
      ...columns.map<Def>((c) => ({
        id: c.id,
        header: c.label,
        cell: ({ row }) => c.render(row.original),
        meta: c,
      })),
      {
        id: 'actions',
        header: () => <VisuallyHidden>Actions</VisuallyHidden>,
        cell: ({ row }) => (
          <RowActions label={`Actions for ${row.original.displayName}`} width={180}>
            <Menu.Item
              leftSection={<IconEye size={16} />}
              onClick={() => navigate(`/contacts/${row.original.id}`)}
            >
              View contact
            </Menu.Item>
            <Menu.Item
              leftSection={<IconEdit size={16} />}
              onClick={() => navigate(`/contacts/${row.original.id}?edit=1`)}
            >
              Edit contact
            </Menu.Item>
            <Menu.Divider />
            <Menu.Item
              leftSection={<IconTrash size={16} />}
              color="red"
              disabled={!canDelete(row.original)}
              onClick={() => onDelete(row.original)}
            >
              Delete contact
            </Menu.Item>
          </RowActions>
        ),
      },
    ],
    [columns, navigate, onDelete, canDelete],
  );

  const columnVisibility = useMemo(
    () => Object.fromEntries(columns.map((c) => [c.id, visible.includes(c.id)])),
    [columns, visible],
  );

  const table = useTable({
    features,
    data: contacts,
    columns: defs,
    getRowId: (c) => c.id,
    enableRowSelection: true,
    state: { rowSelection: selection, columnVisibility, columnOrder: ['select', ...visible, 'actions'] },
    onRowSelectionChange: (u) => onSelectionChange(typeof u === 'function' ? u(selection) : u),
  });

  return (
    <ScrollArea type="auto" offsetScrollbars="x">
      <Table
        highlightOnHover
        verticalSpacing="sm"
        horizontalSpacing="sm"
        stickyHeader
        miw={700}
        className="contacts-table"
        data-testid="contacts-table"
      >
        <Table.Thead>
          {table.getHeaderGroups().map((hg) => (
            <Table.Tr key={hg.id}>
              {hg.headers.map((h) => {
                const spec = h.column.columnDef.meta as ColumnSpec | undefined;
                const dir = spec?.sort && sort === spec.sort ? order : false;
                const width = h.column.id === 'select' ? 44 : h.column.id === 'actions' ? 52 : undefined;
                return (
                  <Table.Th
                    key={h.id}
                    w={width}
                    aria-sort={dir ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}
                    className="nowrap"
                  >
                    {spec?.sort ? (
                      <UnstyledButton onClick={() => onSort(spec.sort!)} data-testid={`sort-${spec.id}`}>
                        <Group gap={4} wrap="nowrap">
                          <Text size="sm" fw={600}>
                            {spec.label}
                          </Text>
                          <SortIcon dir={dir} />
                        </Group>
                      </UnstyledButton>
                    ) : (
                      <Text size="sm" fw={600}>
                        {flexRender(h.column.columnDef.header, h.getContext())}
                      </Text>
                    )}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((row) => (
            <Table.Tr
              key={row.id}
              className="clickable-row"
              bg={row.getIsSelected() ? 'var(--mantine-color-brand-0)' : undefined}
              onClick={() => navigate(`/contacts/${row.original.id}`)}
              data-testid="contact-row"
            >
              {row.getVisibleCells().map((cell) => (
                <Table.Td
                  key={cell.id}
                  onClick={cell.column.id === 'select' ? (e) => e.stopPropagation() : undefined}
                >
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}
