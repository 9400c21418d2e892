import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { json, mockApi, renderRoutes } from '../../test/utils';
import { InWorkspace } from '../../test/workspace';
import { ActivityPage } from './ActivityPage';

const actor = { user_id: 'u1', token_id: null };
const base = { workspace_id: 'w1', actor, resource_id: 'r1' };
const newer = [
  { ...base, seq: 12, id: 'e12', type: 'stakeholder.category_changed', resource_type: 'stakeholder', occurred_at: '2026-11-27T10:05:00Z', payload: { stakeholder_id: 's1', old: 'neutral', new: 'supporter', as_of: '' } },
  { ...base, seq: 11, id: 'e11', type: 'conversation.created', resource_type: 'conversation', occurred_at: '2026-11-27T10:00:00Z', payload: { id: 'c1', stakeholder_id: 's1', summary: 'Keen on the nights pilot' } },
];
const older = [{ ...base, seq: 3, id: 'e3', type: 'concern.created', resource_type: 'concern', occurred_at: '2026-11-20T09:00:00Z', payload: { id: 'k1', stakeholder_id: 's2', text: 'No time for huddles' } }];

function render() {
  const fetch = mockApi({
    'GET /api/v1/workspaces/w1/events': (_, url) =>
      url.searchParams.get('before') === '11' ? json({ items: older, next_cursor: null }) : json({ items: newer, next_cursor: '11' }),
    'GET /api/v1/workspaces/w1/stakeholders': () =>
      json({ items: [{ id: 's1', name: 'Sam Lee', team_id: null }, { id: 's2', name: 'Ada Obi', team_id: null }], next_cursor: null }),
    'GET /api/v1/workspaces/w1/members': () => json([{ user_id: 'u1', name: 'Alex Morgan', email: 'a@x', role: 'lead' }]),
  });
  renderRoutes([{ path: '*', element: <InWorkspace role="lead"><ActivityPage /></InWorkspace> }], '/');
  return fetch;
}

describe('<ActivityPage>', () => {
  // The day after the newest events: their day reads "Yesterday", the older one its date.
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-28T12:00:00'));
  });
  afterAll(() => vi.useRealTimers());

  it('reads the feed newest first, by day, and pages back with the cursor', async () => {
    const fetch = render();
    const yesterday = await screen.findByRole('region', { name: 'Yesterday' });
    const lines = within(yesterday).getAllByRole('listitem');
    expect(lines.map((l) => l.textContent)).toEqual([
      expect.stringContaining('Sam Lee is now supporter (was neutral)'),
      expect.stringContaining('Alex Morgan logged a one-on-one with Sam LeeKeen on the nights pilot'),
    ]);
    expect(within(lines[1]!).getByRole('link', { name: 'Sam Lee' })).toHaveAttribute('href', '/w/w1/stakeholders/s1');
    const first = fetch.mock.calls.map(([r]) => new URL(r.url)).find((u) => u.pathname.endsWith('/events'))!;
    expect(Object.fromEntries(first.searchParams)).toEqual({ order: 'desc', limit: '50' });

    await userEvent.click(screen.getByRole('button', { name: 'Show earlier changes' }));
    const earlier = await screen.findByRole('region', { name: 'Nov 20, 2026' });
    expect(within(earlier).getByRole('listitem')).toHaveTextContent('Alex Morgan recorded a concern raised by Ada ObiNo time for huddles');
    expect(screen.queryByRole('button', { name: 'Show earlier changes' })).toBeNull();
  });

  it('narrows to one kind of change', async () => {
    const fetch = render();
    await screen.findByRole('region', { name: 'Yesterday' });
    await userEvent.click(screen.getByRole('radio', { name: 'Category changes' }));
    await waitFor(() => {
      const asked = fetch.mock.calls.map(([r]) => new URL(r.url)).filter((u) => u.pathname.endsWith('/events'));
      expect(asked.at(-1)?.searchParams.get('type')).toBe('stakeholder.category_changed');
    });
    expect(screen.getByRole('radio', { name: 'Category changes' })).toBeChecked();
    await userEvent.click(screen.getByRole('radio', { name: 'Concerns' }));
    await waitFor(() => {
      const asked = fetch.mock.calls.map(([r]) => new URL(r.url)).filter((u) => u.pathname.endsWith('/events'));
      expect(asked.at(-1)?.searchParams.get('type')).toBe('concern.*');
    });
  });

  it('tells a viewer it is for the leads, and asks the API for nothing about people', async () => {
    const fetch = mockApi({ 'GET /api/v1/workspaces/w1/members': () => json([]) });
    renderRoutes([{ path: '*', element: <InWorkspace role="viewer"><ActivityPage /></InWorkspace> }], '/');
    expect(await screen.findByRole('note')).toHaveTextContent('Activity is for the implementation leads');
    expect(fetch.mock.calls.map(([r]) => new URL(r.url).pathname).filter((p) => !p.endsWith('/members'))).toEqual([]);
  });
});
