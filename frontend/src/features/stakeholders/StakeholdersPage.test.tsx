import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { notifications } from '@mantine/notifications';
import { describe, expect, it, vi } from 'vitest';
import { score } from '../../test/scores';
import { apiError, json, mockApi, renderPage } from '../../test/utils';
import { InWorkspace } from '../../test/workspace';
import { StakeholdersPage } from './StakeholdersPage';

const team = { id: 't1', workspace_id: 'w1', name: 'Ward 4', description: '', created_at: '', updated_at: '' };
const person = (id: string, name: string, over: Record<string, unknown> = {}) => ({
  id, workspace_id: 'w1', name, title: 'Consultant', team_id: 't1', role_type: 'opinion_leader', discipline: '', email: null,
  tags: [], influence_manual: null, archived: false, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', ...over,
});
const viewerScore = (over: Parameters<typeof score>[0] = {}) =>
  score({ reluctance_score: null, trust: null, needs_one_on_one: null, reasons: null, suggestions: null, category: 'supporter', ...over });

type Handler = Parameters<typeof mockApi>[0][string];

/** The page's server: teams, the archived stakeholders and `scores` answered by the test. */
function server(scores: Handler, more: Record<string, Handler> = {}) {
  const fetch = mockApi({
    'GET /api/v1/workspaces/w1/teams': () => json({ items: [team], next_cursor: null }),
    'GET /api/v1/workspaces/w1/stakeholders': () =>
      json({ items: [person('s2', 'Ben Cole', { role_type: 'innovation_recipient', archived: true })], next_cursor: null }),
    'GET /api/v1/workspaces/w1/scores': scores,
    ...more,
  });
  const calls = (path: string) => fetch.mock.calls.map(([r]) => new URL(r.url)).filter((u) => u.pathname.endsWith(path));
  const scoreCalls = () => calls('/scores');
  return { fetch, scoreCalls, lastScores: () => scoreCalls().at(-1)!.searchParams, stakeholderCalls: () => calls('/stakeholders') };
}

const page = (role: 'owner' | 'lead' | 'viewer', path = '/w/w1/stakeholders') =>
  renderPage(<InWorkspace role={role}><StakeholdersPage /></InWorkspace>, path);

const header = (name: string) => screen.getByRole('columnheader', { name: new RegExp(`^${name}`) });

// Mantine's dropdown animates in; jsdom never runs the transition, so its options count as hidden.
async function choose(label: string, option: string) {
  await userEvent.click(screen.getByRole('combobox', { name: label }));
  await userEvent.click(await screen.findByRole('option', { name: option, hidden: true }));
}

describe('<StakeholdersPage>', () => {
  it('lists readings from the scores list, pages with its cursor, searches by name, and says when nothing matches', async () => {
    const api = server((_req, url) => {
      if (url.searchParams.get('q') === 'zzz') return json({ items: [], next_cursor: null });
      if (url.searchParams.get('cursor') === 'c2')
        return json({ items: [score({ stakeholder_id: 's2', name: 'Ben Cole', role_type: 'innovation_recipient' })], next_cursor: null });
      return json({ items: [score()], next_cursor: 'c2' });
    });
    page('lead');

    const row = await screen.findByRole('row', { name: /Dr Ada Obi/ });
    // Scores, team and role type (all from the scores list) side by side.
    expect(row).toHaveTextContent('68.9');
    expect(row).toHaveTextContent('55.2–81.3');
    expect(row).toHaveTextContent('74%');
    expect(row).toHaveTextContent('Ward 4');
    expect(within(row).getByText('Opinion leader')).toBeInTheDocument();
    expect(within(row).getByText('Champion')).toBeInTheDocument();
    const first = api.lastScores();
    expect(first.get('limit')).toBe('50');
    expect(first.get('sort')).toBe('-champion_lower_bound');
    expect(first.has('include_archived')).toBe(false);

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    const ben = await screen.findByRole('row', { name: /Ben Cole/ });
    expect(within(ben).getByText('Innovation recipient')).toBeInTheDocument();
    expect(screen.getByText(/Page 2/)).toBeInTheDocument();
    expect(api.lastScores().get('cursor')).toBe('c2');
    await userEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByText('Dr Ada Obi')).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Search by name'), 'zzz');
    expect(await screen.findByText('No stakeholders match')).toBeInTheDocument();
    expect(api.lastScores().get('q')).toBe('zzz');
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeDisabled();
    // Role types come with the scores: no stakeholder list is loaded beside them.
    expect(api.stakeholderCalls()).toEqual([]);
  });

  it('says who needs a one-on-one, and when one is booked for someone who does not', async () => {
    server(() =>
      json({
        items: [
          score({ stakeholder_id: 's1', name: 'Ada Obi', needs_one_on_one: true }),
          score({ stakeholder_id: 's2', name: 'Ben Cole', one_on_one_scheduled_on: '2026-11-30' }),
          score({ stakeholder_id: 's3', name: 'Cleo Dunn' }),
        ],
        next_cursor: null,
      }),
    );
    page('lead');
    const cell = async (name: string) => {
      const row = await screen.findByRole('row', { name: new RegExp(name) });
      const index = screen.getAllByRole('columnheader').findIndex((h) => /^One-on-one/.test(h.textContent ?? ''));
      return within(row).getAllByRole('cell')[index]!;
    };
    expect(await cell('Ada Obi')).toHaveTextContent(/^Needed$/);
    const booked = await cell('Ben Cole');
    expect(booked).toHaveTextContent(/^Booked Nov 30$/);
    expect(within(booked).getByText(/^Booked/)).toHaveAttribute('title', 'A one-on-one is booked for Nov 30, 2026');
    expect(await cell('Cleo Dunn')).toHaveTextContent(/^Not needed$/);
  });

  it('maps each filter to its query parameter, and the CSV link carries the same view', async () => {
    const api = server(() => json({ items: [score()], next_cursor: null }));
    page('lead');
    await screen.findByRole('row', { name: /Dr Ada Obi/ });

    await choose('Team', 'No team');
    await waitFor(() => expect(api.lastScores().get('no_team')).toBe('true'));
    expect(api.lastScores().get('team_id')).toBeNull();
    await choose('Team', 'Ward 4');
    await waitFor(() => expect(api.lastScores().get('team_id')).toBe('t1'));
    expect(api.lastScores().get('no_team')).toBeNull();
    await choose('Category', 'Hesitant');
    await waitFor(() => expect(api.lastScores().get('category')).toBe('hesitant'));
    await choose('One-on-one', 'Needs a one-on-one');
    await waitFor(() => expect(api.lastScores().get('needs_one_on_one')).toBe('true'));
    await userEvent.click(screen.getByRole('switch', { name: 'Include archived' }));
    await waitFor(() => expect(api.lastScores().get('include_archived')).toBe('true'));
    await userEvent.type(screen.getByLabelText('Search by name'), 'ada');
    await waitFor(() => expect(api.lastScores().get('q')).toBe('ada'));
    await userEvent.click(within(header('Reluctance')).getByRole('button'));
    await waitFor(() => expect(api.lastScores().get('sort')).toBe('-reluctance_score'));

    const link = screen.getByRole('link', { name: 'Export CSV' });
    const href = new URL(link.getAttribute('href')!, 'http://x');
    expect(href.pathname).toBe('/api/v1/workspaces/w1/export/scores.csv');
    expect(Object.fromEntries(href.searchParams)).toEqual({
      q: 'ada',
      team_id: 't1',
      category: 'hesitant',
      needs_one_on_one: 'true',
      include_archived: 'true',
      sort: '-reluctance_score',
    });
    // The list asked for exactly that view (plus its page size).
    const listed = Object.fromEntries(api.lastScores());
    expect(listed).toEqual({ ...Object.fromEntries(href.searchParams), limit: '50' });
    expect(link).toHaveAttribute('download');
  });

  it('sorts on the server from the column headers, and says which way with aria-sort', async () => {
    const api = server(() => json({ items: [score(), score({ stakeholder_id: 's2', name: 'Ben Cole' })], next_cursor: null }));
    page('lead');
    await screen.findByRole('row', { name: /Dr Ada Obi/ });

    // The API's default order is the 80% interval's lower bound, highest first.
    expect(header('80% interval')).toHaveAttribute('aria-sort', 'descending');
    expect(header('Champion')).not.toHaveAttribute('aria-sort');
    expect(screen.getByRole('table', { name: /Stakeholders, sortable by column/ })).toBeInTheDocument();

    await userEvent.click(within(header('Champion')).getByRole('button'));
    await waitFor(() => expect(api.lastScores().get('sort')).toBe('-champion_score'));
    expect(header('Champion')).toHaveAttribute('aria-sort', 'descending');
    expect(header('80% interval')).not.toHaveAttribute('aria-sort');

    await userEvent.click(within(header('Champion')).getByRole('button'));
    await waitFor(() => expect(api.lastScores().get('sort')).toBe('champion_score'));
    expect(header('Champion')).toHaveAttribute('aria-sort', 'ascending');

    await userEvent.click(within(header('Name')).getByRole('button'));
    await waitFor(() => expect(api.lastScores().get('sort')).toBe('name'));
    for (const [name, key] of [['Confidence', '-confidence'], ['Influence', '-influence'], ['Trust', '-trust'], ['One-on-one', '-needs_one_on_one']]) {
      await userEvent.click(within(header(name!)).getByRole('button'));
      await waitFor(() => expect(api.lastScores().get('sort')).toBe(key));
    }
    // Team and category are not orders the API offers.
    for (const name of ['Team', 'Category']) expect(within(header(name)).queryByRole('button')).toBeNull();
    // Rows stay in the server's order: no client-side re-sort of one page.
    const names = screen.getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('link')[0]?.textContent);
    expect(names).toEqual(['Dr Ada Obi', 'Ben Cole']);
  });

  it('shows viewers no reluctance, trust or one-on-one columns, filters or sorts, and collapsed categories', async () => {
    const api = server(() => json({ items: [viewerScore()], next_cursor: null }));
    // A lead's link with a lead-only sort and filter: the viewer gets the default view instead of a 422.
    page('viewer', '/w/w1/stakeholders?sort=-reluctance_score&needs=yes&category=hesitant');
    const row = await screen.findByRole('row', { name: /Dr Ada Obi/ });
    expect(within(row).getByText('Supporter')).toBeInTheDocument();
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    for (const hidden of ['Reluctance', 'Trust', 'One-on-one']) expect(headers.some((h) => h?.startsWith(hidden))).toBe(false);
    expect(headers.some((h) => h?.startsWith('Champion'))).toBe(true);
    expect(screen.queryByRole('combobox', { name: 'One-on-one' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Add stakeholder|Edit/ })).toBeNull();

    const params = api.lastScores();
    expect(params.get('sort')).toBe('-champion_lower_bound');
    expect(params.has('needs_one_on_one')).toBe(false);
    expect(params.has('category')).toBe(false);

    await userEvent.click(screen.getByRole('combobox', { name: 'Category' }));
    const listbox = await screen.findByRole('listbox', { name: 'Category', hidden: true });
    expect(within(listbox).getAllByRole('option', { hidden: true }).map((o) => o.textContent)).toEqual(['Champion', 'Supporter', 'Other']);
    await userEvent.click(within(listbox).getByRole('option', { name: 'Other', hidden: true }));
    await waitFor(() => expect(api.lastScores().get('category')).toBe('other'));
    expect(screen.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toContain('category=other');
  });

  it('keeps the disclaimer beside the scores, with its link', async () => {
    server(() => json({ items: [score()], next_cursor: null }));
    page('viewer');
    await screen.findByRole('row', { name: /Dr Ada Obi/ });
    const note = screen.getByTestId('score-disclaimer');
    expect(note).toHaveTextContent('not a validated instrument');
    expect(within(note).getByRole('link', { name: 'How the scores work' })).toHaveAttribute('href', '/about/scoring');
  });

  it('links each name to the profile, reachable with the Tab key', async () => {
    server(() => json({ items: [score(), score({ stakeholder_id: 's2', name: 'Ben Cole' })], next_cursor: null }));
    page('viewer');
    const table = await screen.findByRole('table', { name: /Stakeholders/ });
    const ben = within(table).getByRole('link', { name: 'Ben Cole' });
    expect(ben).toHaveAttribute('href', '/w/w1/stakeholders/s2');
    expect(within(table).getByRole('link', { name: 'Dr Ada Obi' })).toHaveAttribute('href', '/w/w1/stakeholders/s1');
    // From the top of the page, Tab alone gets there: no pointer-only control in the way.
    for (let i = 0; i < 30 && document.activeElement !== ben; i++) await userEvent.tab();
    expect(ben).toHaveFocus();
  });

  it('marks archived people when they are included, asking for archived ones only, and edits the stakeholder as stored', async () => {
    const api = server(
      () => json({ items: [score(), score({ stakeholder_id: 's2', name: 'Ben Cole', role_type: 'innovation_recipient' })], next_cursor: null }),
      { 'GET /api/v1/workspaces/w1/stakeholders/s2': () => json(person('s2', 'Ben Cole', { title: 'Staff nurse', archived: true })) },
    );
    page('lead', '/w/w1/stakeholders?archived=include');
    const ben = await screen.findByRole('row', { name: /Ben Cole/ });
    expect(await within(ben).findByText('Archived')).toBeInTheDocument();
    expect(within(ben).getByText('Innovation recipient')).toBeInTheDocument();
    const ada = screen.getByRole('row', { name: /Dr Ada Obi/ });
    expect(within(ada).queryByText('Archived')).toBeNull();
    expect(within(ada).getByText('Opinion leader')).toBeInTheDocument();
    expect(api.stakeholderCalls().map((u) => u.searchParams.get('archived'))).toEqual(['true']);

    await userEvent.click(within(ben).getByRole('button', { name: 'Edit Ben Cole' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Ben Cole' });
    expect(await within(dialog).findByDisplayValue('Staff nurse')).toBeInTheDocument();
  });

  it('says when the archived marks could not be loaded, and loads them again', async () => {
    let fail = true;
    server(() => json({ items: [score({ stakeholder_id: 's2', name: 'Ben Cole' })], next_cursor: null }), {
      'GET /api/v1/workspaces/w1/stakeholders': () =>
        fail ? apiError(500, 'internal', 'Down') : json({ items: [person('s2', 'Ben Cole', { archived: true })], next_cursor: null }),
    });
    page('lead', '/w/w1/stakeholders?archived=include');
    expect(await screen.findByText('Archived marks could not be loaded.')).toBeInTheDocument();
    const ben = screen.getByRole('row', { name: /Ben Cole/ });
    expect(within(ben).queryByText('Archived')).toBeNull();
    expect(within(ben).getByText('Opinion leader')).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Load them again' }));
    expect(await within(ben).findByText('Archived')).toBeInTheDocument();
    expect(screen.queryByText('Archived marks could not be loaded.')).toBeNull();
  });

  it('places someone in no team from their row, and viewers see a dash', async () => {
    const sent: unknown[] = [];
    const show = vi.spyOn(notifications, 'show').mockClear();
    const api = server(() => json({ items: [score({ team_id: null })], next_cursor: null }), {
      'PATCH /api/v1/workspaces/w1/stakeholders/s1': async (req) => {
        sent.push(await req.json());
        return json(person('s1', 'Dr Ada Obi'));
      },
    });
    const { unmount } = page('lead', '/w/w1/stakeholders?team=none');
    const row = await screen.findByRole('row', { name: /Dr Ada Obi/ });
    expect(api.lastScores().get('no_team')).toBe('true');
    await userEvent.click(within(row).getByRole('button', { name: 'Place Dr Ada Obi in a team' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Ward 4', hidden: true }));
    await waitFor(() => expect(sent).toEqual([{ team_id: 't1' }]));
    await waitFor(() => expect(show).toHaveBeenCalledWith(expect.objectContaining({ message: 'Placed Dr Ada Obi in Ward 4.' })));
    // The list is asked again, so the person leaves the "No team" view.
    await waitFor(() => expect(api.scoreCalls()).toHaveLength(2));
    expect(api.lastScores().get('no_team')).toBe('true');
    unmount();

    server(() => json({ items: [viewerScore({ team_id: null })], next_cursor: null }));
    page('viewer');
    const seen = await screen.findByRole('row', { name: /Dr Ada Obi/ });
    expect(within(seen).queryByRole('button', { name: /Place/ })).toBeNull();
    expect(within(seen).getAllByRole('cell')[1]).toHaveTextContent('—');
  });
});
