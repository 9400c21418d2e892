import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { score } from '../test/scores';
import { json, mockApi, renderPage } from '../test/utils';
import { InWorkspace } from '../test/workspace';
import { MembersPanel } from './settings/MembersPanel';
import { TokensPanel } from './settings/TokensPanel';
import { StakeholdersPage } from './stakeholders/StakeholdersPage';
import { TeamsPage } from './teams/TeamsPage';

const team = { id: 't1', workspace_id: 'w1', name: 'Ward 4', description: '', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' };
const stakeholder = {
  id: 's1', workspace_id: 'w1', name: 'Dr Ada Obi', title: 'Consultant', team_id: 't1', role_type: 'opinion_leader',
  discipline: 'Medicine', email: null, tags: [], influence_manual: null, archived: false,
  created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
};
const member = { id: 'm1', workspace_id: 'w1', user_id: 'u1', email: 'owner@example.org', name: 'Owner', role: 'owner', created_at: '', updated_at: '' };

function api() {
  return mockApi({
    'GET /api/v1/auth/me': () => json({ id: 'u2', email: 'v@example.org', name: 'V', created_at: '' }),
    'GET /api/v1/workspaces/w1/teams': () => json({ items: [team], next_cursor: null }),
    'GET /api/v1/workspaces/w1/stakeholders': () => json({ items: [stakeholder], next_cursor: null }),
    'GET /api/v1/workspaces/w1/members': () => json([member]),
    'GET /api/v1/workspaces/w1/scores': () =>
      json({ items: [score({ reluctance_score: null, trust: null, needs_one_on_one: null, reasons: null, suggestions: null, category: 'supporter' })], next_cursor: null }),
  });
}

describe('viewers see no write controls', () => {
  it('on Teams', async () => {
    api();
    renderPage(<InWorkspace role="viewer"><TeamsPage /></InWorkspace>);
    expect(await screen.findByText('Ward 4')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /New team|Edit|Delete/ })).toBeNull();
  });

  it('on Stakeholders', async () => {
    api();
    renderPage(<InWorkspace role="viewer"><StakeholdersPage /></InWorkspace>);
    expect(await screen.findByText('Dr Ada Obi')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Add stakeholder|Edit/ })).toBeNull();
    // Export is reading, not writing: viewers get the CSV of their (collapsed) view.
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', expect.stringContaining('/export/scores.csv'));
  });

  it('on Members and API tokens', async () => {
    const fetch = api();
    renderPage(<InWorkspace role="viewer"><MembersPanel /><TokensPanel /></InWorkspace>);
    expect(await screen.findByText('owner@example.org')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Add member|Remove/ })).toBeNull();
    expect(screen.queryByRole('combobox', { name: /Role for/ })).toBeNull();
    expect(screen.getByText('Owners only')).toBeInTheDocument();
    expect(fetch.mock.calls.some(([r]) => r.url.includes('/tokens'))).toBe(false);
  });

  it('while leads get them', async () => {
    api();
    renderPage(<InWorkspace role="lead"><TeamsPage /></InWorkspace>);
    expect(await screen.findByText('Ward 4')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'New team' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Edit Ward 4' })).toBeInTheDocument();
  });
});
