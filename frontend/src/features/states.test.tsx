import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { apiError, json, mockApi, renderRoutes } from '../test/utils';
import { InWorkspace } from '../test/workspace';
import { ChallengesPage } from './challenges/ChallengesPage';
import { ConcernsPage } from './concerns/ConcernsPage';
import { HomePage } from './home/HomePage';
import { ChampionMapPage } from './map/ChampionMapPage';
import { StakeholderProfilePage } from './profile/StakeholderProfilePage';
import { MembersPanel } from './settings/MembersPanel';
import { ScoringPanel } from './settings/ScoringPanel';
import { TokensPanel } from './settings/TokensPanel';
import { StakeholdersPage } from './stakeholders/StakeholdersPage';
import { TeamsPage } from './teams/TeamsPage';

vi.mock('../components/charts/LazyChart', () => ({
  LazyChart: ({ label }: { label: string }) => <div role="img" aria-label={label} />,
  preloadCharts: () => undefined,
}));

const PAGES: [string, ReactElement, string, string?][] = [
  ['home', <HomePage />, '/w/w1'],
  ['champion map', <ChampionMapPage />, '/w/w1/champion-map'],
  ['stakeholders', <StakeholdersPage />, '/w/w1/stakeholders'],
  ['stakeholder profile', <StakeholderProfilePage />, '/w/w1/stakeholders/s1', '/w/:workspaceId/stakeholders/:stakeholderId'],
  ['concerns', <ConcernsPage />, '/w/w1/concerns'],
  ['challenges', <ChallengesPage />, '/w/w1/challenges'],
  ['teams', <TeamsPage />, '/w/w1/teams'],
  ['members', <MembersPanel />, '/w/w1/settings/members'],
  ['API tokens', <TokensPanel />, '/w/w1/settings/tokens'],
  ['scoring settings', <ScoringPanel />, '/w/w1/settings/scoring'],
];

/** Every request waits until `open()`, then fails with a 500. */
function stubServer() {
  let open = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const fetch = vi.fn(async () => {
    await gate;
    return apiError(500, 'internal_error', 'The server had a problem');
  });
  vi.stubGlobal('fetch', fetch);
  return { open, requests: () => fetch.mock.calls.length };
}

describe('every data page', () => {
  it.each(PAGES)('%s: says it is loading, then shows a failure with a retry that asks again', async (_name, page, path, pattern = '/w/:workspaceId/*') => {
    const server = stubServer();
    renderRoutes([{ path: pattern, element: <InWorkspace role="owner">{page}</InWorkspace> }], path);

    // While the data is on its way: a status, not a blank page.
    expect((await screen.findAllByRole('status')).length).toBeGreaterThan(0);

    server.open();
    const alerts = await screen.findAllByRole('alert');
    expect(alerts.map((a) => a.textContent).join(' ')).toContain('The server had a problem');
    expect(screen.queryAllByRole('status').filter((s) => s.textContent?.includes('Loading'))).toEqual([]);

    const asked = server.requests();
    await userEvent.click(screen.getAllByRole('button', { name: 'Try again' })[0]!);
    await waitFor(() => expect(server.requests()).toBeGreaterThan(asked));
  });
});

describe('with nothing recorded yet', () => {
  const noItems = () => json({ items: [], next_cursor: null });

  it('home shows how to get started instead of empty numbers', async () => {
    mockApi({
      'GET /api/v1/workspaces/w1/scores': noItems,
      'GET /api/v1/workspaces/w1/insights/challenges': () => json({ groups: [], focus: null }),
      'GET /api/v1/workspaces/w1/insights/trends': () => json({ weeks: [] }),
    });
    renderRoutes([{ path: '/w/:workspaceId/*', element: <InWorkspace role="lead"><HomePage /></InWorkspace> }], '/w/w1');
    expect(await screen.findByRole('heading', { name: 'Getting started' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Log a conversation' })).toHaveAttribute('href', '/w/w1/log');
    expect(screen.queryByRole('region', { name: 'At a glance' })).toBeNull();
  });

  it('the champion map says who will appear and where to add them', async () => {
    mockApi({
      'GET /api/v1/workspaces/w1/scores': noItems,
      'GET /api/v1/workspaces/w1/teams': noItems,
      'GET /api/v1/workspaces/w1/insights/teams': () => json([]),
    });
    renderRoutes([{ path: '/w/:workspaceId/*', element: <InWorkspace role="lead"><ChampionMapPage /></InWorkspace> }], '/w/w1/champion-map');
    expect(await screen.findByText('No one on the map yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to stakeholders' })).toHaveAttribute('href', '/w/w1/stakeholders');
    expect(screen.queryByRole('img', { name: /Champion map/ })).toBeNull();
  });
});
