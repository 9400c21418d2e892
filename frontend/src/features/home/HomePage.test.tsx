import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { score } from '../../test/scores';
import { json, mockApi, renderRoutes } from '../../test/utils';
import { InWorkspace } from '../../test/workspace';
import { HomePage } from './HomePage';

// ECharts needs a real canvas; this is about what the page shows around the chart.
vi.mock('../../components/charts/LazyChart', () => ({
  LazyChart: ({ label }: { label: string }) => <div role="img" aria-label={label} />,
  preloadCharts: () => undefined,
}));

const due = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    type: 'one_on_one',
    stakeholder_id: `s${i + 1}`,
    name: `Person ${i + 1}`,
    priority: n - i,
    reasons: [{ code: 'R2', message: 'Hesitant, and no one-on-one in the last 30 days' }],
  }));

const READINGS = [
  score({ stakeholder_id: 's1', category: 'supporter', needs_one_on_one: true }),
  score({ stakeholder_id: 's2', category: 'champion' }),
  score({ stakeholder_id: 's3', category: 'hesitant', needs_one_on_one: true }),
];

function server(oneOnOnes: number, readings = READINGS, lapsed: object[] = []) {
  return mockApi({
    'GET /api/v1/workspaces/w1/scores': () => json({ items: readings, next_cursor: null }),
    'GET /api/v1/workspaces/w1/insights/challenges': () => json({ groups: [], focus: null }),
    'GET /api/v1/workspaces/w1/insights/trends': () => json({ weeks: [] }),
    'GET /api/v1/workspaces/w1/insights/next-actions': () =>
      json({ one_on_ones: due(oneOnOnes), lapsed_one_on_ones: lapsed, overdue_commitments: [], loops_to_close: [], resources_to_share: [] }),
  });
}

function home() {
  renderRoutes([{ path: '/w/:workspaceId/*', element: <InWorkspace role="lead"><HomePage /></InWorkspace> }], '/w/w1');
}

describe('<HomePage> for a lead', () => {
  it('links the numbers to the people behind them', async () => {
    server(2);
    home();
    const glance = await screen.findByRole('region', { name: 'At a glance' });
    expect(within(glance).getByRole('link', { name: 'Need a one-on-one: 2' })).toHaveAttribute('href', '/w/w1/stakeholders?needs=yes&sort=-needs_one_on_one');
    expect(within(glance).getByRole('link', { name: 'Supporters: 1' })).toHaveAttribute('href', '/w/w1/stakeholders?category=supporter');
    expect(within(glance).getByRole('link', { name: 'Champions: 1' })).toHaveAttribute('href', '/w/w1/champion-map');
    expect(screen.getByRole('link', { name: 'What the team recorded lately' })).toHaveAttribute('href', '/w/w1/activity');
  });

  it('shows the first eight one-on-ones and links to the rest, most pressing first', async () => {
    server(11);
    home();
    const list = await screen.findByRole('region', { name: 'One-on-ones to hold' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(8);
    expect(within(list).getAllByRole('link').slice(0, 2).map((a) => a.textContent)).toEqual(['Person 1', 'Person 2']);
    expect(list).toHaveTextContent('and 3 more on the stakeholder list');
    expect(within(list).getByRole('link', { name: 'stakeholder list' })).toHaveAttribute('href', '/w/w1/stakeholders?needs=yes&sort=-needs_one_on_one');
  });

  it('has no "more" line when every one-on-one fits', async () => {
    server(8);
    home();
    const list = await screen.findByRole('region', { name: 'One-on-ones to hold' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(8);
    expect(list).not.toHaveTextContent(/more/);
  });
});

describe('booked one-on-ones', () => {
  it('are listed after the lists they keep people off, soonest first, with what they would be due for', async () => {
    server(0, [
      ...READINGS,
      score({ stakeholder_id: 's7', name: 'Zoe Park', one_on_one_scheduled_on: '2026-12-02' }),
      score({
        stakeholder_id: 's8',
        name: 'Mo Reyes',
        category: 'reluctant',
        one_on_one_scheduled_on: '2026-11-30',
        reasons: [{ code: 'R1', message: 'Reluctant, and a concern or resistance was recorded after the last one-on-one' }],
      }),
    ]);
    home();
    const booked = await screen.findByRole('region', { name: 'One-on-ones booked' });
    expect(within(booked).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Mo ReyesNov 30, 2026Would be due otherwise: R1: Reluctant, and a concern or resistance was recorded after the last one-on-one',
      'Zoe ParkDec 2, 2026',
    ]);
    expect(within(booked).getByRole('link', { name: 'Mo Reyes' })).toHaveAttribute('href', '/w/w1/stakeholders/s8');
    expect(screen.queryByText('Nobody needs attention right now.')).toBeNull();
  });

  it('leave the card saying nobody needs attention when there are none and nothing else', async () => {
    server(0);
    home();
    expect(await screen.findByText('Nobody needs attention right now.')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'One-on-ones booked' })).toBeNull();
  });
});

describe('planned one-on-ones that passed', () => {
  afterEach(() => vi.useRealTimers());

  it('are judged on the browser’s own date, late in its evening as well', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 10, 28, 23, 30)); // local time
    const fetch = server(0);
    home();
    const asked = () => fetch.mock.calls.map(([r]) => new URL((r as Request).url)).find((u) => u.pathname.endsWith('/insights/next-actions'));
    await waitFor(() => expect(asked()).toBeDefined());
    expect(asked()?.searchParams.get('today')).toBe('2026-11-28');
  });

  it('are listed, oldest plan first, each with a way to log it', async () => {
    server(0, READINGS, [
      { type: 'lapsed_one_on_one', stakeholder_id: 's4', name: 'Ada Obi', planned_on: '2026-11-18', booked: true },
      { type: 'lapsed_one_on_one', stakeholder_id: 's5', name: 'Ben Cole', planned_on: '2026-11-25', booked: false },
    ]);
    home();
    const lapsed = await screen.findByRole('region', { name: 'Planned one-on-ones that passed' });
    expect(lapsed).toHaveTextContent('Nothing was logged after the day planned: log it if it happened, or plan another.');
    expect(within(lapsed).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Ada Obibooked for Nov 18, 2026Log it',
      'Ben Coleplanned for Nov 25, 2026Log it',
    ]);
    expect(within(lapsed).getByRole('link', { name: 'Ada Obi' })).toHaveAttribute('href', '/w/w1/stakeholders/s4');
    expect(within(lapsed).getByRole('link', { name: 'Log it: the one-on-one with Ben Cole' })).toHaveAttribute('href', '/w/w1/log?stakeholder=s5');
    expect(screen.queryByText('Nobody needs attention right now.')).toBeNull();
  });
});

describe('our overdue commitments', () => {
  const overdue = {
    type: 'overdue_commitment',
    stakeholder_id: 's1',
    name: 'Ada Obi',
    record_id: 'm1',
    due_on: '2026-11-02',
    description: 'Send the flowchart',
    reasons: [],
  };

  function withOverdue(role: 'lead' | 'owner') {
    const fetch = mockApi({
      'GET /api/v1/workspaces/w1/scores': () => json({ items: READINGS, next_cursor: null }),
      'GET /api/v1/workspaces/w1/insights/challenges': () => json({ groups: [], focus: null }),
      'GET /api/v1/workspaces/w1/insights/trends': () => json({ weeks: [] }),
      'GET /api/v1/workspaces/w1/insights/next-actions': () =>
        json({ one_on_ones: [], lapsed_one_on_ones: [], overdue_commitments: [overdue], loops_to_close: [], resources_to_share: [] }),
      'PATCH /api/v1/workspaces/w1/commitments/m1': () => json({ id: 'm1', status: 'broken' }),
    });
    renderRoutes([{ path: '/w/:workspaceId/*', element: <InWorkspace role={role}><HomePage /></InWorkspace> }], '/w/w1');
    return fetch;
  }

  it('can be marked kept, broken or cancelled where they are listed', async () => {
    const fetch = withOverdue('lead');
    const list = await screen.findByRole('region', { name: 'Our overdue commitments' });
    await userEvent.click(within(list).getByRole('button', { name: 'Mark “Send the flowchart” as done or not' }));
    const menu = await screen.findByRole('menu');
    expect(within(menu).getAllByRole('menuitem').map((i) => i.textContent)).toEqual(['Kept: we did it', 'Broken: we did not', 'Cancelled: no longer needed']);
    await userEvent.click(within(menu).getByRole('menuitem', { name: 'Broken: we did not' }));
    await waitFor(() => expect(fetch.mock.calls.some(([r]) => r.method === 'PATCH')).toBe(true));
    const patch = fetch.mock.calls.map(([r]) => r).find((r) => r.method === 'PATCH');
    expect(new URL(patch!.url).pathname).toBe('/api/v1/workspaces/w1/commitments/m1');
    expect(await patch!.clone().json()).toEqual({ status: 'broken' });
  });
});

describe('<HomePage> for a viewer', () => {
  it('offers no way into the records about named people', async () => {
    mockApi({
      'GET /api/v1/workspaces/w1/scores': () => json({ items: [score({ category: 'champion', reluctance_score: null, trust: null })], next_cursor: null }),
      'GET /api/v1/workspaces/w1/insights/challenges': () => json({ groups: [], focus: null }),
      'GET /api/v1/workspaces/w1/insights/trends': () => json({ weeks: [] }),
    });
    renderRoutes([{ path: '/w/:workspaceId/*', element: <InWorkspace role="viewer"><HomePage /></InWorkspace> }], '/w/w1');
    expect(await screen.findByText(/is for the implementation leads/)).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'All challenges by CFIR domain' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'What the team recorded lately' })).toBeNull();
  });
});
