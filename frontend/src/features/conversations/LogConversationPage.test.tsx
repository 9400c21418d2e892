import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, json, mockApi, renderPage } from '../../test/utils';
import { InWorkspace } from '../../test/workspace';
import { LogConversationPage, logDraftStore } from './LogConversationPage';

const stakeholder = {
  id: 's1', workspace_id: 'w1', name: 'Dr Ada Obi', title: '', team_id: null, role_type: 'other', discipline: '',
  email: null, tags: [], influence_manual: null, archived: false, created_at: '', updated_at: '',
};

const noActions = { one_on_ones: [], lapsed_one_on_ones: [], overdue_commitments: [], loops_to_close: [], resources_to_share: [] };

const page = () => (
  <InWorkspace role="lead">
    <LogConversationPage />
  </InWorkspace>
);

describe('<LogConversationPage>', () => {
  it('keeps a draft through a reload and through a failed save, with the error at the field', async () => {
    let fail = true;
    mockApi({
      'GET /api/v1/auth/me': () => json({ id: 'u1', email: 'lead@example.org', name: 'Lead', created_at: '' }),
      'GET /api/v1/workspaces/w1/stakeholders': () => json({ items: [stakeholder], next_cursor: null }),
      'GET /api/v1/workspaces/w1/insights/next-actions': () => json(noActions),
      'POST /api/v1/workspaces/w1/conversations': () =>
        fail
          ? apiError(422, 'validation_error', 'Invalid input', [
              { field: 'body.summary', message: 'Remove the control characters', type: 'string_pattern_mismatch' },
            ])
          : json({ id: 'c1' }, 201),
      'POST /api/v1/workspaces/w1/concerns': () => json({ id: 'x1' }, 201),
    });

    const first = renderPage(page(), '/w/w1/log?stakeholder=s1');
    await userEvent.type(await screen.findByLabelText('Summary notes'), 'Worried about night cover');
    await userEvent.click(screen.getByRole('button', { name: 'Add concern' }));
    await userEvent.type(screen.getByLabelText(/What worries them/), 'Rota gaps');
    await waitFor(() => expect(logDraftStore('u1', 'w1').load()?.values.concerns[0]?.text).toBe('Rota gaps'), { timeout: 2000 });
    first.unmount();

    // "Reload": a new mount finds the draft.
    renderPage(page(), '/w/w1/log');
    expect(await screen.findByText('Draft restored')).toBeInTheDocument();
    expect(await screen.findByLabelText('Summary notes')).toHaveValue('Worried about night cover');
    // Another user on the same computer does not get it.
    expect(logDraftStore('u2', 'w1').load()).toBeNull();
    expect(screen.getByLabelText(/What worries them/)).toHaveValue('Rota gaps');

    await userEvent.click(screen.getByRole('button', { name: 'Save conversation' }));
    expect(await screen.findByText('Remove the control characters')).toBeInTheDocument();
    expect(screen.getByLabelText('Summary notes')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent('Could not save the conversation.');
    expect(logDraftStore('u1', 'w1').load()?.values.conversation.summary).toBe('Worried about night cover');

    fail = false;
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    expect(await screen.findByText(/Saved the conversation with Dr Ada Obi and 1 record from it/)).toBeInTheDocument();
    expect(screen.queryByText('Draft restored')).toBeNull();
    await waitFor(() => expect(logDraftStore('u1', 'w1').load()).toBeNull(), { timeout: 2000 });
  }, 30_000);

  it('offers the people due a one-on-one first, then everyone else A to Z', async () => {
    const person = (id: string, name: string) => ({ ...stakeholder, id, name });
    mockApi({
      'GET /api/v1/auth/me': () => json({ id: 'u1', email: 'lead@example.org', name: 'Lead', created_at: '' }),
      'GET /api/v1/workspaces/w1/stakeholders': () =>
        json({ items: [person('s1', 'Zoe Park'), person('s2', 'Ada Obi'), person('s3', 'Mo Reyes'), person('s4', 'Ben Hale')], next_cursor: null }),
      'GET /api/v1/workspaces/w1/insights/next-actions': () =>
        json({ ...noActions, one_on_ones: ['s3', 's1'].map((id) => ({ type: 'one_on_one', stakeholder_id: id, name: '', priority: 1, reasons: [] })) }),
    });
    renderPage(page(), '/w/w1/log');
    const picker = await screen.findByRole('combobox', { name: 'With' });
    await userEvent.click(picker);
    const listbox = await screen.findByRole('listbox');
    await waitFor(() => expect(within(listbox).getAllByRole('option').map((o) => o.textContent)).toEqual(['Mo Reyes', 'Zoe Park', 'Ada Obi', 'Ben Hale']));
    expect(within(listbox).getByText('Due a one-on-one')).toBeInTheDocument();
    expect(within(listbox).getByText('Everyone else')).toBeInTheDocument();
  });

  it('is closed to viewers', () => {
    renderPage(
      <InWorkspace role="viewer">
        <LogConversationPage />
      </InWorkspace>,
    );
    expect(screen.getByText(/Viewers cannot log conversations/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save conversation' })).toBeNull();
  });
});
