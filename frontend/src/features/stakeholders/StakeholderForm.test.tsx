import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Stakeholder } from '../../api/types';
import { apiError, json, mockApi, renderPage } from '../../test/utils';
import { StakeholderForm } from './StakeholderForm';
import { changedFields, toBody, valuesFrom } from './form';

const existing: Stakeholder = {
  id: 's1',
  workspace_id: 'w1',
  name: 'Dr Ada Obi',
  title: 'Consultant',
  team_id: null,
  role_type: 'opinion_leader',
  discipline: 'Medicine',
  email: null,
  tags: ['sepsis'],
  influence_manual: null,
  archived: false,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};
const noTeams = () => json({ items: [], next_cursor: null });

describe('stakeholder form values', () => {
  it('turns empty inputs into the nulls the API expects', () => {
    expect(toBody({ ...valuesFrom(), name: ' Sam ', email: ' ', influence_manual: '' })).toMatchObject({
      name: 'Sam',
      email: null,
      influence_manual: null,
      team_id: null,
    });
  });

  it('sends only the changed fields on edit', () => {
    const values = { ...valuesFrom(existing), title: 'Clinical lead', influence_manual: 1.5 };
    expect(changedFields(existing, values)).toEqual({ title: 'Clinical lead', influence_manual: 1.5 });
  });
});

describe('<StakeholderForm>', () => {
  it('shows the API validation errors at their fields', async () => {
    mockApi({
      'GET /api/v1/workspaces/w1/teams': noTeams,
      'POST /api/v1/workspaces/w1/stakeholders': () =>
        apiError(422, 'validation_error', 'Invalid input', [
          { field: 'body.title', message: 'String should have at most 200 characters', type: 'string_too_long' },
          { field: 'body.tags.0', message: 'String should have at most 60 characters', type: 'string_too_long' },
        ]),
    });
    const onDone = vi.fn();
    renderPage(<StakeholderForm workspaceId="w1" onDone={onDone} onCancel={() => {}} />);
    await userEvent.type(screen.getByLabelText(/^Name/), 'Sam Lee');
    await userEvent.click(screen.getByRole('button', { name: 'Create stakeholder' }));

    const title = screen.getByLabelText(/^Title/);
    await waitFor(() => expect(title).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText('String should have at most 200 characters')).toBeInTheDocument();
    expect(screen.getByText('String should have at most 60 characters')).toBeInTheDocument();
    expect(onDone).not.toHaveBeenCalled();
  });

  it('checks the obvious before asking the server', async () => {
    const fetch = mockApi({ 'GET /api/v1/workspaces/w1/teams': noTeams });
    renderPage(<StakeholderForm workspaceId="w1" onDone={() => {}} onCancel={() => {}} />);
    await userEvent.type(screen.getByLabelText(/^Email/), 'not-an-email');
    await userEvent.click(screen.getByRole('button', { name: 'Create stakeholder' }));
    expect(await screen.findByText('Enter a name')).toBeInTheDocument();
    expect(screen.getByText(/valid email address/)).toBeInTheDocument();
    expect(fetch.mock.calls.every(([r]) => r.method === 'GET')).toBe(true);
  });

  it('PATCHes only what changed', async () => {
    const sent: unknown[] = [];
    mockApi({
      'GET /api/v1/workspaces/w1/teams': noTeams,
      'PATCH /api/v1/workspaces/w1/stakeholders/s1': async (req) => {
        const body = await req.json();
        sent.push(body);
        return json({ ...existing, ...body });
      },
    });
    const onDone = vi.fn();
    renderPage(<StakeholderForm workspaceId="w1" stakeholder={existing} onDone={onDone} onCancel={() => {}} />);
    const title = screen.getByLabelText(/^Title/);
    await userEvent.clear(title);
    await userEvent.type(title, 'Clinical lead');
    await userEvent.click(screen.getByRole('button', { name: 'Save stakeholder' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(sent).toEqual([{ title: 'Clinical lead' }]);
  });
});
