import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { routes } from '../../app/routes';
import { json, mockApi, renderRoutes, testWorkspace } from '../../test/utils';
import { rememberWorkspace } from './api';
import { sectionOf } from './WorkspaceSwitcher';

const me = () => json({ id: 'u1', email: 'lead@example.org', name: 'Lead', created_at: '' });
const second = { ...testWorkspace('viewer'), id: 'w2', name: 'Falls prevention' };

describe('workspaces', () => {
  it('opens the workspace used last', async () => {
    rememberWorkspace('w2');
    mockApi({
      'GET /api/v1/auth/me': me,
      'GET /api/v1/workspaces': () => json([testWorkspace('owner'), second]),
      'GET /api/v1/workspaces/w2': () => json(second),
    });
    const { router } = renderRoutes(routes, '/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Falls prevention' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/w/w2');
  });

  it('sends a user with no workspace to create one', async () => {
    mockApi({ 'GET /api/v1/auth/me': me, 'GET /api/v1/workspaces': () => json([]) });
    const { router } = renderRoutes(routes, '/');
    expect(await screen.findByText(/not in any workspace yet/)).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/workspaces');
  });

  it('switches workspace and stays on the same page', async () => {
    mockApi({
      'GET /api/v1/auth/me': me,
      'GET /api/v1/workspaces': () => json([testWorkspace('owner'), second]),
      'GET /api/v1/workspaces/w1': () => json(testWorkspace('owner')),
      'GET /api/v1/workspaces/w2': () => json(second),
      'GET /api/v1/workspaces/w1/teams': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/workspaces/w2/teams': () => json({ items: [], next_cursor: null }),
    });
    const { router } = renderRoutes(routes, '/w/w1/teams');
    await userEvent.click(await screen.findByRole('button', { name: /Switch workspace/ }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Falls prevention' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/w/w2/teams'));
    // A viewer there: the write controls are gone.
    expect(await screen.findByText('Nobody has added a team yet.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New team' })).toBeNull();
  });

  it('knows the section of a workspace path', () => {
    expect(sectionOf('/w/abc/settings/tokens')).toBe('/settings');
    expect(sectionOf('/w/abc')).toBe('');
  });
});
