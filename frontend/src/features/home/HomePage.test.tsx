import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
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

function server(oneOnOnes: number) {
  mockApi({
    'GET /api/v1/workspaces/w1/scores': () =>
      json({
        items: [
          score({ stakeholder_id: 's1', category: 'supporter', needs_one_on_one: true }),
          score({ stakeholder_id: 's2', category: 'champion' }),
          score({ stakeholder_id: 's3', category: 'hesitant', needs_one_on_one: true }),
        ],
        next_cursor: null,
      }),
    'GET /api/v1/workspaces/w1/insights/challenges': () => json({ groups: [], focus: null }),
    'GET /api/v1/workspaces/w1/insights/trends': () => json({ weeks: [] }),
    'GET /api/v1/workspaces/w1/insights/next-actions': () =>
      json({ one_on_ones: due(oneOnOnes), overdue_commitments: [], loops_to_close: [], resources_to_share: [] }),
  });
  renderRoutes([{ path: '/w/:workspaceId/*', element: <InWorkspace role="lead"><HomePage /></InWorkspace> }], '/w/w1');
}

describe('<HomePage> for a lead', () => {
  it('links the numbers to the people behind them', async () => {
    server(2);
    const glance = await screen.findByRole('region', { name: 'At a glance' });
    expect(within(glance).getByRole('link', { name: 'Need a one-on-one: 2' })).toHaveAttribute('href', '/w/w1/stakeholders?needs=yes&sort=-needs_one_on_one');
    expect(within(glance).getByRole('link', { name: 'Supporters: 1' })).toHaveAttribute('href', '/w/w1/stakeholders?category=supporter');
    expect(within(glance).getByRole('link', { name: 'Champions: 1' })).toHaveAttribute('href', '/w/w1/champion-map');
  });

  it('shows the first eight one-on-ones and links to the rest, most pressing first', async () => {
    server(11);
    const list = await screen.findByRole('region', { name: 'One-on-ones to hold' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(8);
    expect(within(list).getAllByRole('link').slice(0, 2).map((a) => a.textContent)).toEqual(['Person 1', 'Person 2']);
    expect(list).toHaveTextContent('and 3 more on the stakeholder list');
    expect(within(list).getByRole('link', { name: 'stakeholder list' })).toHaveAttribute('href', '/w/w1/stakeholders?needs=yes&sort=-needs_one_on_one');
  });

  it('has no "more" line when every one-on-one fits', async () => {
    server(8);
    const list = await screen.findByRole('region', { name: 'One-on-ones to hold' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(8);
    expect(list).not.toHaveTextContent(/more/);
  });
});
