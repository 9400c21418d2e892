import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createColumnHelper, type SortingState } from '@tanstack/react-table';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { renderPage } from '../test/utils';
import { DataTable } from './DataTable';

type Row = { id: string; name: string };
const col = createColumnHelper<Row>();
const columns = [col.accessor('name', { header: 'Name' }), col.display({ id: 'x', header: 'Actions', enableSorting: false, cell: () => '' })];
const rows: Row[] = [
  { id: '1', name: 'Ward 4' },
  { id: '2', name: 'Emergency' },
  { id: '3', name: 'Pharmacy' },
];
const names = () => screen.getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[0]?.textContent);

describe('<DataTable>', () => {
  it('sorts by a header button and says so with aria-sort', async () => {
    renderPage(<DataTable data={rows} columns={columns} caption="Teams" getRowId={(r) => r.id} sortable />);
    expect(names()).toEqual(['Ward 4', 'Emergency', 'Pharmacy']);
    await userEvent.click(screen.getByRole('button', { name: /Name/ }));
    expect(names()).toEqual(['Emergency', 'Pharmacy', 'Ward 4']);
    expect(screen.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'ascending');
    await userEvent.click(screen.getByRole('button', { name: /Name/ }));
    expect(names()).toEqual(['Ward 4', 'Pharmacy', 'Emergency']);
    expect(screen.queryByRole('button', { name: /Actions/ })).toBeNull();
  });

  it('lets the server sort: shows its order, asks for the next one, never re-sorts or unsorts', async () => {
    const asked: SortingState[] = [];
    function ServerSorted() {
      const [sorting, setSorting] = useState<SortingState>([{ id: 'name', desc: true }]);
      const onChange = (next: SortingState) => {
        asked.push(next);
        setSorting(next);
      };
      return <DataTable data={rows} columns={columns} caption="Teams" serverSort={{ sorting, onChange }} />;
    }
    renderPage(<ServerSorted />);
    expect(screen.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'descending');
    expect(screen.getByRole('table', { name: 'Teams, sortable by column' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Name/ }));
    await userEvent.click(screen.getByRole('button', { name: /Name/ }));
    expect(asked).toEqual([[{ id: 'name', desc: false }], [{ id: 'name', desc: true }]]);
    expect(screen.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'descending');
    // The rows are the server's business: they stay in the order given.
    expect(names()).toEqual(['Ward 4', 'Emergency', 'Pharmacy']);
    expect(screen.queryByRole('button', { name: /Actions/ })).toBeNull();
  });

  it('leaves server-paged lists in server order', () => {
    renderPage(<DataTable data={rows} columns={columns} caption="Stakeholders" />);
    expect(screen.queryByRole('button', { name: /Name/ })).toBeNull();
    expect(screen.getByRole('table', { name: 'Stakeholders' })).toBeInTheDocument();
  });
});
