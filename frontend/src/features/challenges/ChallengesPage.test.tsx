import { notifications } from '@mantine/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, json, mockApi, renderPage } from '../../test/utils';
import { InWorkspace } from '../../test/workspace';
import { ChallengesPage } from './ChallengesPage';

// ECharts needs a real canvas: the chart stands in as its label, and a button for its first bar.
vi.mock('../../components/charts/LazyChart', () => ({
  LazyChart: ({ label, testId, onClick }: { label: string; testId?: string; onClick?: (e: { dataIndex: number }) => void }) => (
    <div role="img" aria-label={label} data-testid={testId}>
      {onClick && (
        <button type="button" onClick={() => onClick({ dataIndex: 0 })}>
          first bar
        </button>
      )}
    </div>
  ),
  preloadCharts: () => undefined,
}));

const person = (id: string, name: string) => ({
  id, workspace_id: 'w1', name, title: '', team_id: null, role_type: 'other', discipline: '', email: null, tags: [],
  influence_manual: null, archived: false, created_at: '', updated_at: '',
});
const PEOPLE = ['Ada', 'Ben', 'Cleo', 'Dev', 'Eli', 'Fay', 'Gus', 'Hal'].map((name, i) => person(`s${i + 1}`, name));

const group = (over: Record<string, unknown>) => ({
  cfir_domain: 'inner_setting', cfir_construct: 'available_resources', open_concerns: 1, stakeholders: 1,
  stakeholder_ids: ['s1'], weight: 3, strategy_hints: ['Access new funding'], ...over,
});

function server(viewer: boolean, initialFocus: unknown = null) {
  const hide = (g: ReturnType<typeof group>) => (viewer ? { ...g, stakeholder_ids: null } : g);
  let focus: unknown = initialFocus;
  const puts: unknown[] = [];
  const fetch = mockApi({
    'GET /api/v1/workspaces/w1/insights/challenges': () =>
      json({
        focus,
        hints_disclaimer: 'Strategy hints follow the CFIR-ERIC matching.',
        groups: [
          group({ open_concerns: 9, stakeholders: 8, stakeholder_ids: ['s8', 's7', 's6', 's5', 's4', 's3', 's2', 's1'], weight: 12.5 }),
          group({ cfir_domain: 'innovation', cfir_construct: 'innovation_complexity', stakeholder_ids: ['s2'], strategy_hints: [] }),
        ].map(hide),
      }),
    'GET /api/v1/workspaces/w1/stakeholders': () => json({ items: PEOPLE, next_cursor: null }),
    'PUT /api/v1/workspaces/w1/insights/challenges/focus': async (request) => {
      const body = await request.json();
      puts.push(body);
      if (body.note?.length > 20) return apiError(422, 'validation_error', 'body.note: too long', [{ field: 'body.note', message: 'too long (test limit)', type: 'too_long' }]);
      focus = { note: '', ...body, chosen_by: 'u1', chosen_at: '2026-11-20T09:00:00Z' };
      return json(focus);
    },
  });
  return { fetch, puts };
}

const page = (role: 'owner' | 'lead' | 'viewer') => renderPage(<InWorkspace role={role}><ChallengesPage /></InWorkspace>, '/w/w1/challenges');

afterEach(() => vi.restoreAllMocks());

describe('<ChallengesPage>', () => {
  it('names who raised each challenge, heaviest first, six at a time', async () => {
    server(false);
    page('lead');
    const card = (await screen.findByRole('heading', { name: 'Available Resources' })).closest('.mantine-Card-root') as HTMLElement;
    expect(card).toHaveTextContent('9 open concerns from 8 people · weight 12.5 (severity × influence)');
    const raisedBy = await within(card).findByText(/^Raised by/);
    expect(raisedBy).toHaveTextContent('Raised by Hal, Gus, Fay, Eli, Dev, Cleo and 2 more');
    expect(within(raisedBy).getByRole('link', { name: 'Hal' })).toHaveAttribute('href', '/w/w1/stakeholders/s8');
    await userEvent.click(within(raisedBy).getByRole('button', { name: '2 more' }));
    expect(raisedBy).toHaveTextContent('Raised by Hal, Gus, Fay, Eli, Dev, Cleo, Ben, Ada');
    expect(within(raisedBy).queryByRole('button')).toBeNull();
    expect(within(raisedBy).getAllByRole('link')).toHaveLength(8);
    expect(within(card).getByRole('link', { name: 'Read the concerns about Available Resources' })).toHaveAttribute(
      'href',
      '/w/w1/concerns?challenge=inner_setting%3Aavailable_resources',
    );
  });

  it('draws the challenges by weight; a bar opens its concerns', async () => {
    server(false);
    const { router } = page('lead');
    const chart = await screen.findByRole('img', { name: /^Weight of open concerns by challenge/ });
    expect(chart).toHaveAccessibleName('Weight of open concerns by challenge: Available Resources 12.5; Innovation Complexity 3.0');
    expect(screen.getByRole('region', { name: 'Where the weight lies' })).toHaveTextContent(
      'Open concerns’ severity × the influence of who raised them, heaviest first. Select a bar to read its concerns.',
    );
    await userEvent.click(within(chart).getByRole('button', { name: 'first bar' }));
    expect(router.state.location.pathname).toBe('/w/w1/concerns');
    expect(router.state.location.search).toBe('?challenge=inner_setting%3Aavailable_resources');
  });

  it('makes a challenge the focus, and then offers the others', async () => {
    const { puts } = server(false);
    const shown = vi.spyOn(notifications, 'show');
    page('owner');
    expect(await screen.findByText('No focus chosen yet. Pick the one challenge the team works on now.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Make this our focus: Available Resources' }));
    await waitFor(() => expect(puts).toEqual([{ cfir_domain: 'inner_setting', cfir_construct: 'available_resources' }]));
    const focusCard = screen.getByRole('region', { name: 'Our focus challenge' });
    await waitFor(() => expect(focusCard).toHaveTextContent('Available Resources'));
    expect(focusCard).toHaveTextContent('Inner setting · chosen Nov 20, 2026');
    expect(shown).toHaveBeenCalledWith(expect.objectContaining({ message: 'Our focus is now Available Resources.' }));
    expect(screen.queryByRole('button', { name: 'Make this our focus: Available Resources' })).toBeNull();
    expect(screen.getByText('Our focus')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Make this our focus: Innovation Complexity' })).toBeInTheDocument();
  });

  it("keeps a note with the focus: why this one, and the plan", async () => {
    const { puts } = server(false);
    page('lead');
    await userEvent.click(await screen.findByRole('button', { name: 'Make this our focus: Innovation Complexity' }));
    const focusCard = screen.getByRole('region', { name: 'Our focus challenge' });
    await userEvent.click(await within(focusCard).findByRole('button', { name: 'Add a note: why this one, and the plan' }));
    const note = within(focusCard).getByRole('textbox', { name: 'Why this one, and the plan' });
    expect(note).toHaveFocus();

    // The server's refusal lands on the field, and nothing is lost.
    await userEvent.type(note, 'Far too long for the test server');
    await userEvent.click(within(focusCard).getByRole('button', { name: 'Save the note' }));
    expect(await within(focusCard).findByText('too long (test limit)')).toBeInTheDocument();
    expect(note).toHaveValue('Far too long for the test server');

    await userEvent.clear(note);
    await userEvent.type(note, '  Teach-back first  ');
    await userEvent.click(within(focusCard).getByRole('button', { name: 'Save the note' }));
    await waitFor(() => expect(within(focusCard).getByTestId('focus-note')).toHaveTextContent('Teach-back first'));
    expect(puts.at(-1)).toEqual({ cfir_domain: 'innovation', cfir_construct: 'innovation_complexity', note: 'Teach-back first' });
    expect(within(focusCard).queryByRole('textbox')).toBeNull();
    expect(within(focusCard).getByRole('button', { name: 'Edit the note' })).toBeInTheDocument();

    // Cancel leaves the note as it was.
    await userEvent.click(within(focusCard).getByRole('button', { name: 'Edit the note' }));
    await userEvent.type(within(focusCard).getByRole('textbox'), ' and more');
    await userEvent.click(within(focusCard).getByRole('button', { name: 'Cancel' }));
    expect(within(focusCard).getByTestId('focus-note')).toHaveTextContent(/^Teach-back first$/);
    expect(puts).toHaveLength(3);
  });

  it('gives viewers the counts and hints, without people or a choice to make', async () => {
    const { fetch } = server(true);
    page('viewer');
    expect(await screen.findByText('No focus chosen yet. The implementation leads pick the one challenge the team works on.')).toBeInTheDocument();
    expect(screen.getByText('9 open concerns from 8 people · weight 12.5 (severity × influence)')).toBeInTheDocument();
    expect(screen.getByText('Access new funding')).toBeInTheDocument();
    expect(screen.queryByText(/^Raised by/)).toBeNull();
    expect(screen.queryByRole('link', { name: /Read the concerns/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Make this our focus/ })).toBeNull();
    // The chart too: the weights, but no way to the concerns (they are for the leads).
    const chart = screen.getByRole('img', { name: /^Weight of open concerns by challenge/ });
    expect(within(chart).queryByRole('button')).toBeNull();
    expect(screen.getByRole('region', { name: 'Where the weight lies' })).not.toHaveTextContent('Select a bar');
    expect(fetch.mock.calls.some(([r]) => (r as Request).url.includes('/stakeholders'))).toBe(false);
  });

  it("shows viewers the focus and its note, with nothing to edit", async () => {
    server(true, { cfir_domain: 'innovation', cfir_construct: null, note: 'Teach-back first.\nReview on Dec 15.', chosen_by: 'u1', chosen_at: '2026-11-20T09:00:00Z' });
    page('viewer');
    const focusCard = await screen.findByRole('region', { name: 'Our focus challenge' });
    await waitFor(() => expect(within(focusCard).getByTestId('focus-note')).toHaveTextContent('Teach-back first. Review on Dec 15.'));
    expect(focusCard).toHaveTextContent('Innovation · chosen Nov 20, 2026');
    expect(within(focusCard).queryByRole('button')).toBeNull();
  });
});
