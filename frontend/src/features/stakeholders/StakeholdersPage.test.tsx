import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockApi, renderPage } from '../../test/utils';
import { InWorkspace } from '../../test/workspace';
import { StakeholdersPage } from './StakeholdersPage';

const person = (id: string, name: string) => ({
  id, workspace_id: 'w1', name, title: '', team_id: null, role_type: 'other', discipline: '', email: null,
  tags: [], influence_manual: null, archived: false, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
});

describe('<StakeholdersPage>', () => {
  it('searches, pages with the cursor, and shows an empty state', async () => {
    const fetch = mockApi({
      'GET /api/v1/workspaces/w1/teams': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/workspaces/w1/stakeholders': (_req, url) => {
        const q = url.searchParams.get('q');
        if (q === 'zzz') return json({ items: [], next_cursor: null });
        if (url.searchParams.get('cursor') === 'c2') return json({ items: [person('s2', 'Ben Cole')], next_cursor: null });
        return json({ items: [person('s1', 'Ada Obi')], next_cursor: 'c2' });
      },
    });
    renderPage(<InWorkspace role="lead"><StakeholdersPage /></InWorkspace>, '/w/w1/stakeholders');

    expect(await screen.findByText('Ada Obi')).toBeInTheDocument();
    const first = new URL(fetch.mock.calls.find(([r]) => r.url.includes('stakeholders'))![0].url);
    expect(first.searchParams.get('archived')).toBe('false');
    expect(first.searchParams.get('limit')).toBe('50');

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Ben Cole')).toBeInTheDocument();
    expect(screen.getByText(/Page 2/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByText('Ada Obi')).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Search by name'), 'zzz');
    expect(await screen.findByText('No stakeholders match')).toBeInTheDocument();
    await waitFor(() =>
      expect(fetch.mock.calls.some(([r]) => new URL(r.url).searchParams.get('q') === 'zzz')).toBe(true),
    );
  });

  it('links each name to the profile, reachable with the Tab key', async () => {
    mockApi({
      'GET /api/v1/workspaces/w1/teams': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/workspaces/w1/stakeholders': () => json({ items: [person('s1', 'Ada Obi'), person('s2', 'Ben Cole')], next_cursor: null }),
    });
    renderPage(<InWorkspace role="viewer"><StakeholdersPage /></InWorkspace>, '/w/w1/stakeholders');

    const table = await screen.findByRole('table', { name: 'Stakeholders' });
    const ben = within(table).getByRole('link', { name: 'Ben Cole' });
    expect(ben).toHaveAttribute('href', '/w/w1/stakeholders/s2');
    expect(within(table).getByRole('link', { name: 'Ada Obi' })).toHaveAttribute('href', '/w/w1/stakeholders/s1');
    // From the top of the page, Tab alone gets there: no pointer-only control in the way.
    for (let i = 0; i < 20 && document.activeElement !== ben; i++) await userEvent.tab();
    expect(ben).toHaveFocus();
  });
});
