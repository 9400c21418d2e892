import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { json, mockApi, renderRoutes } from '../test/utils';
import { score } from '../test/scores';
import { InWorkspace } from '../test/workspace';
import { today } from '../lib/format';
import { ConcernsPage } from './concerns/ConcernsPage';
import { ChampionMapPage } from './map/ChampionMapPage';
import { StakeholderProfilePage } from './profile/StakeholderProfilePage';

// ECharts needs a real canvas; these tests are about what the pages fetch and show around it.
vi.mock('../components/charts/LazyChart', () => ({
  LazyChart: ({ label, testId, tip }: { label: string; testId?: string; tip?: { seriesIndex: number; dataIndex: number } | null }) => (
    <div role="img" aria-label={label} data-testid={testId} data-tip={tip ? `${tip.seriesIndex}:${tip.dataIndex}` : ''} />
  ),
  preloadCharts: () => undefined,
}));

const stakeholder = {
  id: 's1', workspace_id: 'w1', name: 'Dr Ada Obi', title: 'Consultant', team_id: 't1', role_type: 'opinion_leader',
  discipline: 'Medicine', email: null, tags: [], influence_manual: null, archived: false,
  created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
};
const team = { id: 't1', workspace_id: 'w1', name: 'Ward 4', description: '', created_at: '', updated_at: '' };
const viewerScore = score({ category: 'other', reluctance_score: null, trust: null, needs_one_on_one: null, reasons: null, suggestions: null });

const base = { workspace_id: 'w1', stakeholder_id: 's1', created_at: '2026-08-01T00:00:00Z', updated_at: '2026-08-01T00:00:00Z' };
const concernOf = (c: Record<string, unknown>) => ({
  ...base, conversation_id: null, severity: 2, cfir_domain: null, cfir_construct: null, status: 'open', status_changed_at: '2026-08-01T00:00:00Z',
  resolution_note: null, loop_closed_on: null, raised_at: '2026-08-01T00:00:00Z', ...c,
});
const commitmentOf = (c: Record<string, unknown>) => ({ ...base, conversation_id: null, status: 'open', status_changed_at: '2026-08-01T00:00:00Z', due_on: null, ...c });
const acknowledgementOf = (a: Record<string, unknown>) => ({ ...base, setting: 'team_meeting', acknowledged_by: null, note: '', ...a });
const prepRecords = {
  'GET /api/v1/workspaces/w1/concerns': () =>
    json({
      items: [
        concernOf({ id: 'k1', text: 'Order set is clumsy' }),
        concernOf({ id: 'k2', text: 'Night cover is too thin', severity: 3, status: 'being_addressed', raised_at: '2026-09-01T00:00:00Z', cfir_domain: 'innovation', cfir_construct: 'innovation_complexity' }),
        concernOf({ id: 'k3', text: 'Too many forms', status: 'dismissed', status_changed_at: '2026-10-02T00:00:00Z', resolution_note: 'Not ours to change: the trust’s form.' }),
        concernOf({ id: 'k4', text: 'Told already', status: 'resolved', loop_closed_on: '2026-10-05' }),
      ],
      next_cursor: null,
    }),
  'GET /api/v1/workspaces/w1/commitments': () =>
    json({
      items: [
        commitmentOf({ id: 'm1', description: 'Book the teaching session', owner: 'team' }),
        commitmentOf({ id: 'm2', description: 'Send the flowchart', owner: 'team', due_on: '2026-11-02' }),
        commitmentOf({ id: 'm3', description: 'Try the new order set', owner: 'stakeholder', due_on: '2099-12-30' }),
      ],
      next_cursor: null,
    }),
  'GET /api/v1/workspaces/w1/acknowledgements': () =>
    json({
      items: [
        acknowledgementOf({ id: 'a1', area: 'QI: run charts', acknowledged_at: '2026-07-01T10:00:00Z' }),
        acknowledgementOf({ id: 'a2', area: 'Sepsis audit design', acknowledged_at: '2026-09-03T10:00:00Z' }),
        acknowledgementOf({ id: 'a3', area: 'QI: Run charts ', acknowledged_at: '2026-11-01T10:00:00Z' }),
      ],
      next_cursor: null,
    }),
  'PATCH /api/v1/workspaces/w1/commitments/m3': () => json(commitmentOf({ id: 'm3', status: 'kept' })),
  'PATCH /api/v1/workspaces/w1/concerns/k3': () => json(concernOf({ id: 'k3', status: 'dismissed', loop_closed_on: '2026-11-27' })),
};

function at(element: React.ReactElement, role: 'owner' | 'lead' | 'viewer', path: string, pattern = '/w/:workspaceId/*') {
  return renderRoutes([{ path: pattern, element: <InWorkspace role={role}>{element}</InWorkspace> }], path);
}

describe('viewers', () => {
  it('see the map and team coverage, with no reluctance anywhere', async () => {
    mockApi({
      'GET /api/v1/workspaces/w1/scores': () => json({ items: [viewerScore], next_cursor: null }),
      'GET /api/v1/workspaces/w1/teams': () => json({ items: [team], next_cursor: null }),
      'GET /api/v1/workspaces/w1/insights/teams': () =>
        json([{ team_id: 't1', name: 'Ward 4', stakeholders: 1, counts: { other: 1 }, champions: [], needing_one_on_one: null, mean_trust: null, champion_gap: true }]),
    });
    at(<ChampionMapPage />, 'viewer', '/w/w1/champion-map');
    expect(await screen.findByRole('img', { name: /Champion map of 1 stakeholders: Champion score across/ })).toBeInTheDocument();
    expect(screen.getByText('Champion gap')).toBeInTheDocument();
    expect(screen.getByTestId('score-disclaimer')).toHaveTextContent(/design defaults, not a validated instrument/);
    expect(within(screen.getByTestId('score-disclaimer')).getByRole('link', { name: 'How the scores work' })).toHaveAttribute(
      'href',
      '/w/w1/about/scoring',
    );
    await userEvent.click(screen.getByRole('switch', { name: 'Show as a list' }));
    const table = await screen.findByRole('table', { name: /Stakeholders on the champion map/ });
    expect(within(table).getByRole('link', { name: 'Dr Ada Obi' })).toHaveAttribute('href', '/w/w1/stakeholders/s1');
    expect(within(table).getByText('Other')).toBeInTheDocument();
    expect(document.body.textContent).not.toMatch(/reluctan/i);
  });

  it('get a profile without the explanation, history or timeline (those endpoints are for leads)', async () => {
    const fetch = mockApi({
      'GET /api/v1/workspaces/w1/stakeholders/s1': () => json(stakeholder),
      'GET /api/v1/workspaces/w1/teams': () => json({ items: [team], next_cursor: null }),
      'GET /api/v1/workspaces/w1/scores': () => json({ items: [viewerScore], next_cursor: null }),
    });
    at(<StakeholderProfilePage />, 'viewer', '/w/w1/stakeholders/s1', '/w/:workspaceId/stakeholders/:stakeholderId');
    expect(await screen.findByTestId('champion-score')).toHaveTextContent('68.9');
    expect(screen.getByText('What viewers see')).toBeInTheDocument();
    expect(screen.queryByTestId('reluctance-score')).toBeNull();
    expect(screen.queryByRole('button', { name: /Add a concern/ })).toBeNull();
    expect(screen.queryByRole('link', { name: /Log a conversation/ })).toBeNull();
    const urls = fetch.mock.calls.map(([r]) => new URL(r.url).pathname);
    expect(urls.some((u) => /\/score$|score-history|timeline|concerns|commitments|acknowledgements/.test(u))).toBe(false);
    expect(screen.queryByRole('region', { name: 'Before your next one-on-one' })).toBeNull();
  });
});

describe('the champion map without a mouse', () => {
  it('lists the search matches as links that show each card on the map and describe it', async () => {
    mockApi({
      'GET /api/v1/workspaces/w1/scores': () =>
        json({
          items: [
            score(),
            score({ stakeholder_id: 's2', name: 'Ben Okafor', category: 'hesitant', champion_score: 20, reluctance_score: 35.5, needs_one_on_one: true }),
            score({ stakeholder_id: 's3', name: 'Bea Núñez', category: 'supporter', team_id: null }),
          ],
          next_cursor: null,
        }),
      'GET /api/v1/workspaces/w1/teams': () => json({ items: [team], next_cursor: null }),
      'GET /api/v1/workspaces/w1/insights/teams': () => json([]),
    });
    const { router } = at(<ChampionMapPage />, 'lead', '/w/w1/champion-map');
    const chart = await screen.findByTestId('champion-map-chart');
    expect(chart).toHaveAccessibleName(/tab through the matches, or show the map as a list/);

    await userEvent.type(screen.getByLabelText(/Find people/), 'be');
    const matches = await screen.findByRole('region', { name: 'Matches' });
    await waitFor(() => expect(within(matches).getAllByRole('link')).toHaveLength(2));
    const ben = within(matches).getByRole('link', { name: 'Ben Okafor' });
    expect(ben).toHaveAttribute('href', '/w/w1/stakeholders/s2');
    expect(ben).toHaveAccessibleDescription(
      'Ward 4. Hesitant (downward triangle). Champion 20.0 (80%: 55.2–81.3). Reluctance 35.5. Confidence 74% · Influence 1.50. Needs a one-on-one.',
    );

    // Tab from the search box reaches the matches; each one in turn shows its card on the map:
    // the ring series (the last of the option) holds Ben first, then Bea.
    expect(chart).toHaveAttribute('data-tip', '');
    for (let i = 0; i < 10 && document.activeElement !== ben; i++) await userEvent.tab();
    expect(ben).toHaveFocus();
    const ringSeries = chart.getAttribute('data-tip')?.split(':')[0];
    expect(chart.getAttribute('data-tip')).toBe(`${ringSeries}:0`);
    await userEvent.tab();
    expect(within(matches).getByRole('link', { name: 'Bea Núñez' })).toHaveFocus();
    expect(chart).toHaveAttribute('data-tip', `${ringSeries}:1`);
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(router.state.location.pathname).toBe('/w/w1/stakeholders/s3'));
  });

  it('shows the whole card in the list view', async () => {
    mockApi({
      'GET /api/v1/workspaces/w1/scores': () => json({ items: [score({ needs_one_on_one: true })], next_cursor: null }),
      'GET /api/v1/workspaces/w1/teams': () => json({ items: [team], next_cursor: null }),
      'GET /api/v1/workspaces/w1/insights/teams': () => json([]),
    });
    at(<ChampionMapPage />, 'lead', '/w/w1/champion-map');
    await userEvent.click(await screen.findByRole('switch', { name: 'Show as a list' }));
    const table = await screen.findByRole('table', { name: /Stakeholders on the champion map/ });
    const row = within(table).getByRole('row', { name: /Dr Ada Obi/ });
    expect(row).toHaveTextContent(/Dr Ada ObiChampion68\.955\.2–81\.34\.174%1\.50Ward 4Yes/);
  });
});

describe('the lead’s profile', () => {
  it('shows the reading, why, and quick actions', async () => {
    const fetch = mockApi({
      'GET /api/v1/workspaces/w1/stakeholders/s1': () => json(stakeholder),
      'GET /api/v1/workspaces/w1/teams': () => json({ items: [team], next_cursor: null }),
      'GET /api/v1/workspaces/w1/stakeholders/s1/score': () =>
        json({
          ...score({ reasons: [{ code: 'R3', message: 'Trust wobbles on competence' }], needs_one_on_one: true }),
          explanation: {
            prior_champion_points: 4.1,
            prior_reluctance_points: 4.1,
            evidence: 5,
            contributions: [
              { record_type: 'signal', record_id: 'x', kind: 'champion_behavior', at: '2026-11-20T00:00:00Z', decay: 0.9, weight: 1.35, champion_points: 64.8, reluctance_points: 0 },
            ],
            trust_inputs: [],
          },
        }),
      'GET /api/v1/workspaces/w1/stakeholders/s1/score-history': () => json({ stakeholder_id: 's1', step: 'week', points: [] }),
      'GET /api/v1/workspaces/w1/stakeholders/s1/timeline': () => json({ items: [], next_cursor: null }),
      ...prepRecords,
    });
    at(<StakeholderProfilePage />, 'lead', '/w/w1/stakeholders/s1', '/w/:workspaceId/stakeholders/:stakeholderId');
    expect(await screen.findByTestId('reluctance-score')).toHaveTextContent('4.1');
    expect(screen.getByText('80% interval 55.2–81.3')).toBeInTheDocument();
    expect(screen.getByText(/Trust wobbles on competence/)).toBeInTheDocument();
    const why = screen.getByRole('table', { name: /Every record behind the score/ });
    expect(within(why).getByText('Champion behaviour')).toBeInTheDocument();
    expect(screen.getByTestId('explanation-total')).toHaveTextContent('champion 68.9 (score 68.9)');
    expect(screen.getByRole('link', { name: 'Log a conversation' })).toHaveAttribute('href', '/w/w1/log?stakeholder=s1');
    expect(screen.getByRole('button', { name: 'Add a concern' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Acknowledge expertise' })).toBeInTheDocument();
    expect(screen.getAllByTestId('score-disclaimer').length).toBeGreaterThan(0);

    // Before the next one-on-one: their worries, what to tell them, both sides' promises, their expertise.
    const prep = await screen.findByRole('region', { name: 'Before your next one-on-one' });
    const mind = within(prep).getByRole('region', { name: 'What is on their mind' });
    expect(within(mind).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Night cover is too thinBlockingBeing addressed · Innovation Complexity · raised Sep 1, 2026',
      'Order set is clumsySignificantOpen · raised Aug 1, 2026',
      'Tell them why: “Too many forms”Dismissed Oct 2, 2026 · Not ours to change: the trust’s form.We told them why',
    ]);
    expect(within(mind).getByRole('link', { name: 'All concerns on the board' })).toHaveAttribute('href', '/w/w1/concerns');
    const promised = within(prep).getByRole('region', { name: 'What was promised' });
    expect(within(within(promised).getByRole('list', { name: 'We promised' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Send the flowchartdue Nov 2, 2026OverdueMark…',
      'Book the teaching sessionno due dateMark…',
    ]);
    const theirs = within(promised).getByRole('list', { name: 'They promised' });
    expect(theirs).toHaveTextContent('Try the new order setdue Dec 30, 2099');
    // Closing a promise from the card: said for whoever made it.
    await userEvent.click(within(theirs).getByRole('button', { name: 'Mark “Try the new order set” as done or not' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Kept: they did it' }));
    await waitFor(() => expect(fetch.mock.calls.some(([r]) => r.method === 'PATCH')).toBe(true));
    const patch = fetch.mock.calls.map(([r]) => r).find((r) => r.method === 'PATCH')!;
    expect(new URL(patch.url).pathname).toBe('/api/v1/workspaces/w1/commitments/m3');
    expect(await patch.clone().json()).toEqual({ status: 'kept' });
    const brings = within(prep).getByRole('region', { name: 'What they bring' });
    expect(within(brings).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'QI: Run chartsAcknowledged 2 times, last Nov 1, 2026',
      'Sepsis audit designAcknowledged once, last Sep 3, 2026',
    ]);
    // They heard why: the loop is closed from the card, dated today.
    await userEvent.click(within(mind).getByRole('button', { name: 'We told them why' }));
    await waitFor(() => expect(fetch.mock.calls.some(([r]) => r.method === 'PATCH' && r.url.includes('/concerns/'))).toBe(true));
    const told = fetch.mock.calls.map(([r]) => r).find((r) => r.method === 'PATCH' && r.url.includes('/concerns/'))!;
    expect(new URL(told.url).pathname).toBe('/api/v1/workspaces/w1/concerns/k3');
    expect(await told.clone().json()).toEqual({ loop_closed_on: today() });
    const asked = fetch.mock.calls.map(([r]) => new URL(r.url)).filter((u) => /concerns|commitments|acknowledgements/.test(u.pathname));
    expect(asked.map((u) => [u.pathname.split('/').pop(), u.searchParams.get('stakeholder_id'), u.searchParams.get('status')])).toEqual(
      expect.arrayContaining([
        ['concerns', 's1', null],
        ['commitments', 's1', 'open'],
        ['acknowledgements', 's1', null],
      ]),
    );
  });

  it('says what to ask when there is nothing to prepare yet', async () => {
    mockApi({
      'GET /api/v1/workspaces/w1/stakeholders/s1': () => json(stakeholder),
      'GET /api/v1/workspaces/w1/teams': () => json({ items: [team], next_cursor: null }),
      'GET /api/v1/workspaces/w1/stakeholders/s1/score': () =>
        json({ ...score(), explanation: { prior_champion_points: 4.1, prior_reluctance_points: 4.1, evidence: 0, contributions: [], trust_inputs: [] } }),
      'GET /api/v1/workspaces/w1/stakeholders/s1/score-history': () => json({ stakeholder_id: 's1', step: 'week', points: [] }),
      'GET /api/v1/workspaces/w1/stakeholders/s1/timeline': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/workspaces/w1/concerns': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/workspaces/w1/commitments': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/workspaces/w1/acknowledgements': () => json({ items: [], next_cursor: null }),
    });
    at(<StakeholderProfilePage />, 'lead', '/w/w1/stakeholders/s1', '/w/:workspaceId/stakeholders/:stakeholderId');
    const prep = await screen.findByRole('region', { name: 'Before your next one-on-one' });
    expect(await within(prep).findByText('No open concerns. Ask what their biggest challenge is right now.')).toBeInTheDocument();
    expect(within(prep).getByText('Nothing outstanding on either side.')).toBeInTheDocument();
    expect(within(prep).getByText('No expertise acknowledged yet. Ask what they bring, and say so.')).toBeInTheDocument();
    expect(within(prep).queryByText('Close the loop')).toBeNull();
  });

  describe('the next one-on-one, as the latest one planned it', () => {
    const planned = (on: string, booked: boolean) => ({
      type: 'conversation',
      at: '2025-01-10T09:00:00Z',
      record: {
        id: 'c1', workspace_id: 'w1', stakeholder_id: 's1', created_at: '2025-01-10T09:00:00Z', updated_at: '2025-01-10T09:00:00Z',
        occurred_at: '2025-01-10T09:00:00Z', held_by: null, mode: 'in_person', duration_minutes: 30, summary: 'Walked the ward', private: false,
        tone: 1, ratings: { authenticity: null, competence: null, empathy: null }, topics: [], next_contact_on: on, next_contact_scheduled: booked,
      },
    });
    function profile(items: unknown[], scheduledOn: string | null, role: 'lead' | 'owner' = 'lead') {
      mockApi({
        'GET /api/v1/workspaces/w1/stakeholders/s1': () => json(stakeholder),
        'GET /api/v1/workspaces/w1/teams': () => json({ items: [team], next_cursor: null }),
        'GET /api/v1/workspaces/w1/stakeholders/s1/score': () =>
          json({
            ...score({ one_on_one_scheduled_on: scheduledOn }),
            explanation: { prior_champion_points: 4.1, prior_reluctance_points: 4.1, evidence: 0, contributions: [], trust_inputs: [] },
          }),
        'GET /api/v1/workspaces/w1/stakeholders/s1/score-history': () => json({ stakeholder_id: 's1', step: 'week', points: [] }),
        'GET /api/v1/workspaces/w1/stakeholders/s1/timeline': () => json({ items, next_cursor: null }),
        ...prepRecords,
      });
      at(<StakeholderProfilePage />, role, '/w/w1/stakeholders/s1', '/w/:workspaceId/stakeholders/:stakeholderId');
    }

    it('says when its day has passed with nothing logged since, and links to log it', async () => {
      profile([planned('2025-02-01', true)], null);
      const note = await screen.findByRole('note', { name: 'A planned one-on-one has passed' });
      expect(note).toHaveTextContent('The one-on-one of Jan 10, 2025 booked the next for Feb 1, 2025; nothing has been logged since. Log it');
      expect(within(note).getByRole('link', { name: 'Log it' })).toHaveAttribute('href', '/w/w1/log?stakeholder=s1');
    });

    it('says when it is still ahead, and whether it is booked', async () => {
      profile([planned('2099-03-04', false)], null);
      expect(await screen.findByText('The next one-on-one is planned for Mar 4, 2099.')).toBeInTheDocument();
      expect(screen.queryByRole('note', { name: 'A planned one-on-one has passed' })).toBeNull();
    });

    it('falls back to the reading’s booked date when the timeline shows no one-on-one', async () => {
      profile([], '2099-05-06');
      expect(await screen.findByText('A one-on-one is scheduled for May 6, 2099.')).toBeInTheDocument();
    });
  });
});

describe('the concerns board', () => {
  it('moves a concern and closes the loop with what it sends', async () => {
    const open = {
      id: 'c1', workspace_id: 'w1', stakeholder_id: 's1', conversation_id: null, raised_at: '2026-10-01T09:00:00Z',
      text: 'Night cover is too thin', severity: 3, cfir_domain: null, cfir_construct: null, status: 'open',
      status_changed_at: '2026-10-01T09:00:00Z', resolution_note: '', loop_closed_on: null, status_history: [],
      created_at: '', updated_at: '',
    };
    const sent: unknown[] = [];
    mockApi({
      'GET /api/v1/workspaces/w1/concerns': () => json({ items: [open], next_cursor: null }),
      'GET /api/v1/workspaces/w1/stakeholders': () => json({ items: [stakeholder], next_cursor: null }),
      'GET /api/v1/workspaces/w1/teams': () => json({ items: [team], next_cursor: null }),
      'PATCH /api/v1/workspaces/w1/concerns/c1': async (req) => {
        const body = await req.json();
        sent.push(body);
        return json({ ...open, ...body });
      },
    });
    at(<ConcernsPage />, 'lead', '/w/w1/concerns');
    const card = await screen.findByRole('listitem', { name: /Dr Ada Obi: Night cover/ });
    await userEvent.click(within(card).getByRole('button', { name: /Move to…/ }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Resolved' }));
    const dialog = await screen.findByRole('dialog', { name: /Resolve Dr Ada Obi’s concern/ });
    await userEvent.type(within(dialog).getByLabelText(/What changed/), 'An extra nurse on nights');
    await userEvent.click(within(dialog).getByLabelText('We have already told them what changed'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Resolve' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ status: 'resolved', resolution_note: 'An extra nurse on nights' });
    expect((sent[0] as { loop_closed_on: string }).loop_closed_on).toMatch(/^\d{4}-\d\d-\d\d$/);
  });

  it('for a dismissed concern, the loop is telling them why', async () => {
    const base = {
      workspace_id: 'w1', stakeholder_id: 's1', conversation_id: null, raised_at: '2026-10-01T09:00:00Z', severity: 1,
      cfir_domain: null, cfir_construct: null, status_changed_at: '2026-10-05T09:00:00Z', status_history: [], created_at: '', updated_at: '',
    };
    const told = { ...base, id: 'c1', text: 'Alarm fatigue on nights', status: 'dismissed', resolution_note: 'Out of scope', loop_closed_on: '2026-10-06' };
    const untold = { ...base, id: 'c2', text: 'Parking', status: 'dismissed', resolution_note: '', loop_closed_on: null };
    const sent: unknown[] = [];
    mockApi({
      'GET /api/v1/workspaces/w1/concerns': () => json({ items: [told, untold], next_cursor: null }),
      'GET /api/v1/workspaces/w1/stakeholders': () => json({ items: [stakeholder], next_cursor: null }),
      'GET /api/v1/workspaces/w1/teams': () => json({ items: [team], next_cursor: null }),
      'PATCH /api/v1/workspaces/w1/concerns/c2': async (req) => {
        sent.push(await req.json());
        return json({ ...untold, loop_closed_on: '2026-11-27' });
      },
    });
    at(<ConcernsPage />, 'lead', '/w/w1/concerns');
    const done = await screen.findByRole('listitem', { name: /Dr Ada Obi: Alarm fatigue/ });
    expect(done).toHaveTextContent('✓ Told them why, Oct 6, 2026');
    expect(within(done).queryByRole('button', { name: /We told them/ })).toBeNull();
    const card = screen.getByRole('listitem', { name: /Dr Ada Obi: Parking/ });
    await userEvent.click(within(card).getByRole('button', { name: 'We told them why' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect((sent[0] as { loop_closed_on: string }).loop_closed_on).toMatch(/^\d{4}-\d\d-\d\d$/);
  });

  it('opens on one challenge from a link, and shows every concern once it is cleared', async () => {
    const base = {
      workspace_id: 'w1', stakeholder_id: 's1', conversation_id: null, raised_at: '2026-10-01T09:00:00Z', severity: 2, status: 'open',
      status_changed_at: '2026-10-01T09:00:00Z', resolution_note: '', loop_closed_on: null, status_history: [], created_at: '', updated_at: '',
    };
    mockApi({
      'GET /api/v1/workspaces/w1/concerns': () =>
        json({
          items: [
            { ...base, id: 'c1', text: 'Night cover is too thin', cfir_domain: 'inner_setting', cfir_construct: 'available_resources' },
            { ...base, id: 'c2', text: 'The order set is clumsy', cfir_domain: 'innovation', cfir_construct: 'innovation_complexity' },
          ],
          next_cursor: null,
        }),
      'GET /api/v1/workspaces/w1/stakeholders': () => json({ items: [stakeholder], next_cursor: null }),
      'GET /api/v1/workspaces/w1/teams': () => json({ items: [team], next_cursor: null }),
    });
    const { router } = at(<ConcernsPage />, 'lead', '/w/w1/concerns?challenge=innovation%3Ainnovation_complexity');
    expect(await screen.findByRole('listitem', { name: /The order set is clumsy/ })).toBeInTheDocument();
    expect(screen.queryByRole('listitem', { name: /Night cover/ })).toBeNull();
    expect(screen.getByRole('combobox', { name: 'Challenge' })).toHaveValue('Innovation Complexity (Innovation)');
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      '/api/v1/workspaces/w1/export/concerns.csv?cfir_domain=innovation&cfir_construct=innovation_complexity',
    );
    // The file applies the search as well: it holds what the board shows.
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'order');
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      '/api/v1/workspaces/w1/export/concerns.csv?cfir_domain=innovation&cfir_construct=innovation_complexity&q=order',
    );
    await userEvent.clear(screen.getByRole('searchbox', { name: 'Search' }));
    await userEvent.click(within(screen.getByRole('search', { name: 'Filter concerns' })).getByRole('button', { name: 'Clear' }));
    expect(await screen.findByRole('listitem', { name: /Night cover/ })).toBeInTheDocument();
    expect(router.state.location.search).toBe('');
  });

  it('shows the resolved concerns still to tell and the latest few, and the rest on request', async () => {
    const resolved = Array.from({ length: 8 }, (_, i) =>
      concernOf({
        id: `r${i}`, text: `Fixed thing ${i}`, status: 'resolved', status_changed_at: `2026-10-1${i}T09:00:00Z`, loop_closed_on: `2026-10-1${i}`,
        status_history: [],
      }),
    );
    const untold = concernOf({ id: 'u1', text: 'Fixed long ago', status: 'resolved', status_changed_at: '2026-05-01T09:00:00Z', status_history: [] });
    mockApi({
      'GET /api/v1/workspaces/w1/concerns': () => json({ items: [...resolved, untold], next_cursor: null }),
      'GET /api/v1/workspaces/w1/stakeholders': () => json({ items: [stakeholder], next_cursor: null }),
      'GET /api/v1/workspaces/w1/teams': () => json({ items: [team], next_cursor: null }),
    });
    at(<ConcernsPage />, 'lead', '/w/w1/concerns');
    await screen.findByRole('listitem', { name: /Fixed long ago/ });
    const column = () => screen.getByRole('region', { name: 'Resolved' });
    const texts = () => within(column()).getAllByRole('listitem').map((li) => /Fixed [a-z ]*\d*/.exec(li.textContent ?? '')?.[0]);
    expect(within(column()).getByText('9')).toBeInTheDocument();
    expect(texts()).toEqual(['Fixed long ago', 'Fixed thing 7', 'Fixed thing 6', 'Fixed thing 5', 'Fixed thing 4', 'Fixed thing 3']);
    await userEvent.click(within(column()).getByRole('button', { name: 'Show 3 earlier resolved concerns' }));
    expect(texts()).toHaveLength(9);
    await userEvent.click(within(column()).getByRole('button', { name: 'Show only the latest resolved concerns' }));
    expect(texts()).toHaveLength(6);
    // A search shows every match.
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'fixed thing');
    expect(texts()).toHaveLength(8);
    expect(within(column()).queryByRole('button', { name: /earlier/ })).toBeNull();
  });

  it('counts the concerns that have arrived while a large workspace loads', async () => {
    let release: (response: Response) => void = () => {};
    const second = new Promise<Response>((resolve) => (release = resolve));
    const first = Array.from({ length: 3 }, (_, i) => concernOf({ id: `a${i}`, text: `Early ${i}`, status_history: [] }));
    mockApi({
      'GET /api/v1/workspaces/w1/concerns': (_req, url) =>
        url.searchParams.get('cursor') === 'p2' ? second : json({ items: first, next_cursor: 'p2' }),
      'GET /api/v1/workspaces/w1/stakeholders': () => json({ items: [stakeholder], next_cursor: null }),
      'GET /api/v1/workspaces/w1/teams': () => json({ items: [team], next_cursor: null }),
    });
    at(<ConcernsPage />, 'lead', '/w/w1/concerns');
    expect(await screen.findByText('Loading concerns… 3 so far')).toBeInTheDocument();
    release(json({ items: [concernOf({ id: 'b0', text: 'Late one', status_history: [] })], next_cursor: null }));
    expect(await screen.findByRole('listitem', { name: /Late one/ })).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Open' })).getByText('4')).toBeInTheDocument();
    expect(screen.queryByText(/so far/)).toBeNull();
  });

  it('draws a page of open concerns at a time', async () => {
    const open = Array.from({ length: 60 }, (_, i) =>
      concernOf({ id: `o${i}`, text: `Worry ${i}`, raised_at: `2026-10-01T09:${String(i).padStart(2, '0')}:00Z`, status_history: [] }),
    );
    mockApi({
      'GET /api/v1/workspaces/w1/concerns': () => json({ items: open, next_cursor: null }),
      'GET /api/v1/workspaces/w1/stakeholders': () => json({ items: [stakeholder], next_cursor: null }),
      'GET /api/v1/workspaces/w1/teams': () => json({ items: [team], next_cursor: null }),
    });
    at(<ConcernsPage />, 'lead', '/w/w1/concerns');
    await screen.findByRole('listitem', { name: /Worry 0\b/ });
    const column = () => screen.getByRole('region', { name: 'Open' });
    const cards = () => within(column()).getAllByRole('listitem');
    expect(within(column()).getByText('60')).toBeInTheDocument();
    expect(cards()).toHaveLength(50);
    expect(cards()[49]).toHaveTextContent('Worry 49');
    expect(within(column()).queryByRole('button', { name: /fewer/ })).toBeNull();
    await userEvent.click(within(column()).getByRole('button', { name: 'Show 10 more open concerns' }));
    expect(cards()).toHaveLength(60);
    expect(within(column()).queryByRole('button', { name: /more/ })).toBeNull();
    await userEvent.click(within(column()).getByRole('button', { name: 'Show fewer open concerns' }));
    expect(cards()).toHaveLength(50);
    // A search starts from a page of its matches.
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'worry 1');
    expect(cards().map((li) => /Worry \d+/.exec(li.textContent ?? '')?.[0])).toEqual([
      'Worry 1', ...Array.from({ length: 10 }, (_, i) => `Worry ${10 + i}`),
    ]);
  });

  it('is not shown to viewers', async () => {
    const fetch = mockApi({ 'GET /api/v1/workspaces/w1/teams': () => json({ items: [], next_cursor: null }) });
    at(<ConcernsPage />, 'viewer', '/w/w1/concerns');
    expect(await screen.findByText('Concerns are for the implementation leads')).toBeInTheDocument();
    expect(fetch.mock.calls.some(([r]) => r.url.includes('/concerns'))).toBe(false);
  });
});
