import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockApi, renderPage } from '../../test/utils';
import { InWorkspace } from '../../test/workspace';
import { mixInWords } from './CategoryMix';
import { TeamsPage } from './TeamsPage';

const team = (id: string, name: string) => ({ id, workspace_id: 'w1', name, description: '', created_at: '', updated_at: '2026-11-02T10:00:00Z' });
const insight = (team_id: string | null, name: string, over: Record<string, unknown> = {}) => ({
  team_id, name, stakeholders: 4, counts: { champion: 1, supporter: 2, hesitant: 1 }, champions: ['s1'], champion_gap: false,
  needing_one_on_one: 1, mean_trust: 61.4, ...over,
});

function server(insights: unknown[]) {
  let teams = [team('t1', 'Ward 4'), team('t2', 'Pharmacy')];
  return mockApi({
    'GET /api/v1/workspaces/w1/teams': () => json({ items: teams, next_cursor: null }),
    'POST /api/v1/workspaces/w1/teams': () => {
      teams = [...teams, team('t3', 'Laboratory')];
      insights.push(insight('t3', 'Laboratory', { stakeholders: 0, counts: {}, champions: [], champion_gap: false, needing_one_on_one: 0, mean_trust: null }));
      return json(teams.at(-1), 201);
    },
    'GET /api/v1/workspaces/w1/insights/teams': () => json(insights),
  });
}

const page = (role: 'owner' | 'lead' | 'viewer') => renderPage(<InWorkspace role={role}><TeamsPage /></InWorkspace>, '/w/w1/teams');

describe('<TeamsPage>', () => {
  it("shows each team's people, where they stand, its champions or gap, one-on-ones and trust", async () => {
    server([
      insight('t1', 'Ward 4'),
      insight('t2', 'Pharmacy', { stakeholders: 3, counts: { neutral: 2, reluctant: 1 }, champions: [], champion_gap: true, needing_one_on_one: 2, mean_trust: 48 }),
      insight(null, 'No team', { stakeholders: 5 }),
    ]);
    page('lead');

    const ward = await screen.findByRole('row', { name: /^Ward 4/ });
    await waitFor(() => expect(within(ward).getByRole('link', { name: '4 people in Ward 4' })).toHaveAttribute('href', '/w/w1/stakeholders?team=t1'));
    const cells = (row: HTMLElement) => within(row).getAllByRole('cell').map((c) => c.textContent);
    expect(cells(ward)).toEqual(['Ward 4', '—', '4', '1 champion, 2 supporter, 1 hesitant', '1', '1', '61', 'Nov 2, 2026', 'EditDelete']);
    const pharmacy = screen.getByRole('row', { name: /^Pharmacy/ });
    expect(cells(pharmacy)).toEqual(['Pharmacy', '—', '3', '2 neutral, 1 reluctant', 'Champion gap', '2', '48', 'Nov 2, 2026', 'EditDelete']);
    // Who needs a one-on-one, most pressing first.
    expect(within(ward).getByRole('link', { name: 'Ward 4: 1 person needs a one-on-one' })).toHaveAttribute(
      'href',
      '/w/w1/stakeholders?team=t1&needs=yes&sort=-needs_one_on_one',
    );
    expect(within(pharmacy).getByRole('link', { name: 'Pharmacy: 2 people need a one-on-one' })).toHaveAttribute(
      'href',
      '/w/w1/stakeholders?team=t2&needs=yes&sort=-needs_one_on_one',
    );
    // Teams only: people with no team are not a row here, but are told of below the table.
    expect(screen.getAllByRole('row')).toHaveLength(3);
    const teamless = screen.getByTestId('teamless');
    expect(teamless).toHaveTextContent('5 people are in no team yet (1 champion, 2 supporter, 1 hesitant). Place them in a team from the list: see who they are.');
    expect(within(teamless).getByRole('link', { name: 'see who they are' })).toHaveAttribute('href', '/w/w1/stakeholders?team=none');
  });

  it('points a team with a champion gap at its supporters, when it has any', async () => {
    server([
      insight('t1', 'Ward 4', { counts: { supporter: 2, neutral: 2 }, champions: [], champion_gap: true }),
      insight('t2', 'Pharmacy', { stakeholders: 3, counts: { neutral: 2, reluctant: 1 }, champions: [], champion_gap: true }),
    ]);
    page('viewer');
    const ward = await screen.findByRole('row', { name: /^Ward 4/ });
    const link = await within(ward).findByRole('link', { name: 'Ward 4: 2 supporters who could become champions' });
    expect(link).toHaveTextContent('2 supporters to grow');
    expect(link).toHaveAttribute('href', '/w/w1/stakeholders?team=t1&category=supporter');
    const pharmacy = screen.getByRole('row', { name: /^Pharmacy/ });
    expect(within(pharmacy).getByText('Champion gap')).toBeInTheDocument();
    expect(within(pharmacy).queryByRole('link', { name: /could become champions/ })).toBeNull();
  });

  it('says nothing of people in no team when there are none, and viewers get no call to act', async () => {
    server([insight('t1', 'Ward 4')]);
    const { unmount } = page('lead');
    await screen.findByRole('row', { name: /^Ward 4/ });
    await waitFor(() => expect(screen.getByRole('link', { name: '4 people in Ward 4' })).toBeInTheDocument());
    expect(screen.queryByTestId('teamless')).toBeNull();
    unmount();

    server([insight('t1', 'Ward 4', { counts: { champion: 1, other: 3 }, needing_one_on_one: null }), insight(null, 'No team', { stakeholders: 1, counts: { other: 1 }, needing_one_on_one: null })]);
    page('viewer');
    expect(await screen.findByTestId('teamless')).toHaveTextContent('1 person is in no team yet (1 other). They count in the champion map but in no team above (see who they are).');
    expect(within(screen.getByTestId('teamless')).getByRole('link', { name: 'see who they are' })).toHaveAttribute('href', '/w/w1/stakeholders?team=none');
  });

  it('leaves one-on-ones out for viewers, who see champion, supporter and other', async () => {
    server([insight('t1', 'Ward 4', { counts: { champion: 1, other: 3 }, needing_one_on_one: null })]);
    page('viewer');

    const ward = await screen.findByRole('row', { name: /^Ward 4/ });
    await waitFor(() => expect(ward).toHaveTextContent('1 champion, 3 other'));
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent?.replace(/\s*↕$/, ''))).toEqual([
      'Name', 'Description', 'People', 'Where they stand', 'Champions', 'Mean trust', 'Updated',
    ]);
  });

  it('adds a new team with its readings', async () => {
    server([insight('t1', 'Ward 4'), insight('t2', 'Pharmacy')]);
    page('owner');
    await userEvent.click(await screen.findByRole('button', { name: 'New team' }));
    const dialog = await screen.findByRole('dialog', { name: 'New team' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^Name/ }), 'Laboratory');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create team' }));

    const lab = await screen.findByRole('row', { name: /^Laboratory/ });
    await waitFor(() => expect(within(lab).getByRole('link', { name: '0 people in Laboratory' })).toBeInTheDocument());
    expect(lab).toHaveTextContent('Nobody yet');
  });
});

describe('mixInWords', () => {
  it('lists categories most supportive first and leaves out empty ones', () => {
    expect(mixInWords({ unknown: 2, champion: 1, neutral: 0 }, false)).toBe('1 champion, 2 unknown');
    expect(mixInWords({}, false)).toBe('nobody yet');
    expect(mixInWords({ other: 2, supporter: 1, hesitant: 4 }, true)).toBe('1 supporter, 2 other');
  });
});
