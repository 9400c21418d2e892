import { Table, UnstyledButton, VisuallyHidden } from '@mantine/core';
import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  type SortingState,
  type Updater,
  useReactTable,
} from '@tanstack/react-table';
import { useState } from 'react';

interface Props<T> {
  data: T[];
  // TanStack's own examples type heterogeneous columns this way.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  /** Read by screen readers; names what the table lists. */
  caption: string;
  getRowId?: (row: T) => string;
  /** Below this width the table scrolls sideways instead of squeezing columns. */
  minWidth?: number;
  /**
   * Sort by clicking a header. Only for lists held whole in the page: sorting one page of a
   * server-paged list would mislead.
   */
  sortable?: boolean;
  /**
   * The server sorts instead (a paged list): the rows stay in the order given, the headers of
   * columns with sorting enabled show `sorting` and a click asks `onChange` for the next one.
   * A column sorts one way on the first click and the other way on the next, never "unsorted".
   */
  serverSort?: { sorting: SortingState; onChange: (next: SortingState) => void };
  /** Narrower cell padding and smaller headers, for tables with many columns. */
  dense?: boolean;
}

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

/** TanStack Table's headless model rendered with Mantine's table styles. */
export function DataTable<T>({ data, columns, caption, getRowId, minWidth = 640, sortable = false, serverSort, dense = false }: Props<T>) {
  const [localSorting, setLocalSorting] = useState<SortingState>([]);
  const sorting = serverSort ? serverSort.sorting : localSorting;
  const onSortingChange = (update: Updater<SortingState>) => {
    const next = typeof update === 'function' ? update(sorting) : update;
    if (serverSort) serverSort.onChange(next);
    else setLocalSorting(next);
  };
  // The table instance is not memoisable; React Compiler lint knows to skip it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data,
    columns,
    getRowId,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: sortable && !serverSort ? getSortedRowModel() : undefined,
    manualSorting: Boolean(serverSort),
    enableSorting: sortable || Boolean(serverSort),
    // The server always sorts by something, and by one column only.
    enableSortingRemoval: !serverSort,
    enableMultiSort: !serverSort,
    state: { sorting },
    onSortingChange,
  });
  const sortsByColumn = sortable || Boolean(serverSort);
  // Many columns: smaller headers, so the numbers under them set the widths.
  const headerSize = dense ? 'xs' : 'sm';
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped highlightOnHover verticalSpacing="xs" horizontalSpacing={dense ? 6 : undefined}>
        <VisuallyHidden component="caption">
          {caption}
          {sortsByColumn && ', sortable by column'}
        </VisuallyHidden>
        <Table.Thead>
          {table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id}>
              {group.headers.map((header) => {
                const content = header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext());
                const sorted = header.column.getIsSorted();
                return (
                  <Table.Th key={header.id} scope="col" aria-sort={sorted ? ARIA_SORT[sorted] : undefined} fz={headerSize}>
                    {header.column.getCanSort() ? (
                      <UnstyledButton onClick={header.column.getToggleSortingHandler()} fw={700} fz={headerSize}>
                        {content}
                        {/* A no-break space: a label may wrap, but its arrow stays with its last word. */}
                        <span aria-hidden>{'\u00a0'}{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}</span>
                      </UnstyledButton>
                    ) : (
                      content
                    )}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((row) => (
            <Table.Tr key={row.id}>
              {row.getVisibleCells().map((cell) => (
                <Table.Td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
