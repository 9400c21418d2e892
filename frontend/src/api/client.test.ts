import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, json, mockApi } from '../test/utils';
import { api, setUnauthorizedHandler, unwrap } from './client';
import { readCookie } from './csrf';
import { ApiError } from './errors';

const team = { id: 't1', workspace_id: 'w1', name: 'ICU', description: '', created_at: '', updated_at: '' };
const path = { path: { workspace_id: 'w1' } };

afterEach(() => setUnauthorizedHandler(null));

describe('CSRF header', () => {
  it('sends the rapport_csrf cookie as X-CSRF-Token on POST, PATCH and DELETE', async () => {
    document.cookie = 'other=1';
    document.cookie = 'rapport_csrf=tok%2Fen-123';
    const fetch = mockApi({
      'POST /api/v1/workspaces/w1/teams': () => json(team, 201),
      'PATCH /api/v1/workspaces/w1/teams/t1': () => json(team),
      'DELETE /api/v1/workspaces/w1/teams/t1': () => new Response(null, { status: 204 }),
    });
    await unwrap(api.POST('/api/v1/workspaces/{workspace_id}/teams', { params: path, body: { name: 'ICU' } }));
    const teamPath = { path: { workspace_id: 'w1', team_id: 't1' } };
    await unwrap(api.PATCH('/api/v1/workspaces/{workspace_id}/teams/{team_id}', { params: teamPath, body: { name: 'x' } }));
    await unwrap(api.DELETE('/api/v1/workspaces/{workspace_id}/teams/{team_id}', { params: teamPath }));
    const requests = fetch.mock.calls.map(([r]) => r);
    expect(requests.map((r) => r.headers.get('X-CSRF-Token'))).toEqual(['tok/en-123', 'tok/en-123', 'tok/en-123']);
    expect(requests.every((r) => r.credentials === 'include')).toBe(true);
  });

  it('does not send it on GET', async () => {
    document.cookie = 'rapport_csrf=abc';
    const fetch = mockApi({ 'GET /api/v1/workspaces/w1/teams': () => json({ items: [], next_cursor: null }) });
    await unwrap(api.GET('/api/v1/workspaces/{workspace_id}/teams', { params: path }));
    expect(fetch.mock.calls[0]?.[0].headers.has('X-CSRF-Token')).toBe(false);
  });

  it('reads cookies by exact name', () => {
    expect(readCookie('rapport_csrf', 'xrapport_csrf=no; rapport_csrf=yes')).toBe('yes');
    expect(readCookie('rapport_csrf', 'a=b')).toBeNull();
  });
});

describe('401 handling', () => {
  it('calls the one global handler for a 401 from any endpoint', async () => {
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    mockApi({ 'GET /api/v1/workspaces': () => apiError(401, 'unauthenticated', 'Sign in first') });
    await expect(unwrap(api.GET('/api/v1/workspaces'))).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('leaves a failed sign-in to the form', async () => {
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    mockApi({ 'POST /api/v1/auth/login': () => apiError(401, 'unauthenticated', 'Wrong email or password') });
    const call = unwrap(api.POST('/api/v1/auth/login', { body: { email: 'a@b.c', password: 'x' } }));
    await expect(call).rejects.toBeInstanceOf(ApiError);
    expect(handler).not.toHaveBeenCalled();
  });
});
