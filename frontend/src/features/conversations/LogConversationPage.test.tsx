import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, json, mockApi, renderPage } from '../../test/utils';
import { InWorkspace } from '../../test/workspace';
import { LogConversationPage, logDraftStore } from './LogConversationPage';

const stakeholder = {
  id: 's1', workspace_id: 'w1', name: 'Dr Ada Obi', title: '', team_id: null, role_type: 'other', discipline: '',
  email: null, tags: [], influence_manual: null, archived: false, created_at: '', updated_at: '',
};

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
