import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { apiError, json, mockApi, renderRoutes } from '../test/utils';
import { routes } from './routes';
import { installUnauthorizedRedirect } from './unauthorized';

const user = { id: 'u1', email: 'lead@example.org', name: 'Lead', created_at: '2026-01-01T00:00:00Z' };
const workspace = {
  id: 'w1',
  name: 'Sepsis bundle',
  description: '',
  role: 'owner',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};
const team = { ...workspace, workspace_id: 'w1', id: 't1', name: 'Ward 4', role: undefined };

let uninstall: (() => void) | undefined;
afterEach(() => uninstall?.());

describe('a 401 anywhere', () => {
  it('sends the user to sign-in, then back to where they were', async () => {
    let signedIn = false;
    const guard = (body: () => Response) => () => (signedIn ? body() : apiError(401, 'unauthenticated', 'Sign in first'));
    mockApi({
      'GET /api/v1/auth/me': guard(() => json(user)),
      'POST /api/v1/auth/login': () => {
        signedIn = true;
        return json(user);
      },
      'GET /api/v1/workspaces/w1': guard(() => json(workspace)),
      'GET /api/v1/workspaces': guard(() => json([workspace])),
      'GET /api/v1/workspaces/w1/teams': guard(() => json({ items: [team], next_cursor: null })),
    });
    const { router, queryClient } = renderRoutes(routes, '/w/w1/teams?x=1');
    uninstall = installUnauthorizedRedirect(router, queryClient);

    expect(await screen.findByRole('heading', { name: 'Sign in to Rapport' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/signin');
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/w/w1/teams?x=1')}`);

    await userEvent.type(screen.getByLabelText(/Email/), 'lead@example.org');
    await userEvent.type(screen.getByLabelText(/Password/), 'secret-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Teams' })).toBeInTheDocument();
    expect(await screen.findByText('Ward 4')).toBeInTheDocument();
    expect(router.state.location.pathname + router.state.location.search).toBe('/w/w1/teams?x=1');
  });

  it('takes a page without a session to sign-in by itself, even when the global handler stands aside', async () => {
    // The handler skips a 401 while the router still says /signin (Back just after signing
    // out); the page must not then wait for it forever.
    mockApi({ 'GET /api/v1/auth/me': () => apiError(401, 'unauthenticated', 'Sign in first') });
    const { router } = renderRoutes(routes, '/w/w1/teams?x=1');

    expect(await screen.findByRole('heading', { name: 'Sign in to Rapport' })).toBeInTheDocument();
    expect(router.state.location.pathname + router.state.location.search).toBe(
      `/signin?next=${encodeURIComponent('/w/w1/teams?x=1')}`,
    );
  });

  it('shows a wrong password at the form instead of redirecting', async () => {
    mockApi({ 'POST /api/v1/auth/login': () => apiError(401, 'unauthenticated', 'Wrong email or password') });
    const { router, queryClient } = renderRoutes(routes, '/signin?next=%2Fw%2Fw1');
    uninstall = installUnauthorizedRedirect(router, queryClient);
    await userEvent.type(await screen.findByLabelText(/Email/), 'lead@example.org');
    await userEvent.type(screen.getByLabelText(/Password/), 'nope');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password');
    await waitFor(() => expect(router.state.location.search).toBe('?next=%2Fw%2Fw1'));
  });
});
