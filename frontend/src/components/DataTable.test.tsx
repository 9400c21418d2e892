import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createColumnHelper } from '@tanstack/react-table';
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

  it('leaves server-paged lists in server order', () => {
    renderPage(<DataTable data={rows} columns={columns} caption="Stakeholders" />);
    expect(screen.queryByRole('button', { name: /Name/ })).toBeNull();
    expect(screen.getByRole('table', { name: 'Stakeholders' })).toBeInTheDocument();
  });
});
