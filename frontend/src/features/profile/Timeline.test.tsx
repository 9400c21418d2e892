import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { notifications } from '@mantine/notifications';
import { describe, expect, it, vi } from 'vitest';
import { json, mockApi, renderRoutes } from '../../test/utils';
import { InWorkspace } from '../../test/workspace';
import { Timeline } from './Timeline';

const base = { workspace_id: 'w1', stakeholder_id: 's1', created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z' };
const conversation = {
  type: 'conversation',
  at: '2026-11-11T16:22:00Z',
  record: {
    ...base, id: 'c1', occurred_at: '2026-11-11T16:22:00Z', held_by: null, mode: 'in_person', duration_minutes: 30, summary: 'Talked it through',
    private: false, tone: -2, ratings: { authenticity: null, competence: null, empathy: null }, topics: [], next_contact_on: null,
    next_contact_scheduled: false,
  },
};
const commitment = {
  type: 'commitment',
  at: '2026-11-11T16:22:00Z',
  record: {
    ...base, id: 'm1', conversation_id: 'c1', description: 'Send the flowchart', owner: 'team', due_on: '2026-11-20', status: 'open',
    status_changed_at: '2026-11-11T16:22:00Z',
  },
};
const concern = {
  type: 'concern',
  at: '2026-11-10T09:00:00Z',
  record: {
    ...base, id: 'k1', conversation_id: null, raised_at: '2026-11-10T09:00:00Z', text: 'Too much paperwork', severity: 1, cfir_domain: 'inner_setting',
    cfir_construct: null, status: 'open', status_changed_at: '2026-11-10T09:00:00Z', resolution_note: '', loop_closed_on: null,
  },
};
// Logged in the one-on-one too, but on an older page of the timeline than the one loaded.
const olderConcern = { ...concern.record, id: 'k9', conversation_id: 'c1', text: 'Night shift cover' };
const acknowledgement = {
  type: 'acknowledgement',
  at: '2026-11-09T15:45:00Z',
  record: { ...base, id: 'a1', acknowledged_at: '2026-11-09T15:45:00Z', area: 'Run chrts', setting: 'team_meeting', acknowledged_by: null, note: '' },
};
const readiness = {
  type: 'signal',
  at: '2026-11-08T12:00:00Z',
  record: { ...base, id: 'g2', observed_at: '2026-11-08T12:00:00Z', source: 'survey', note: '', kind: 'readiness_check', commitment: 3, efficacy: 2.5 },
};
const signal = {
  type: 'signal',
  at: '2026-11-08T11:31:00Z',
  record: { ...base, id: 'g1', observed_at: '2026-11-08T11:31:00Z', source: 'observed', note: '', kind: 'quick_win' },
};

function render() {
  const fetch = mockApi({
    'GET /api/v1/workspaces/w1/stakeholders/s1/timeline': () => json({ items: [conversation, commitment, concern, acknowledgement, readiness, signal], next_cursor: null }),
    'GET /api/v1/workspaces/w1/concerns': (_, url) =>
      json({ items: [concern.record, olderConcern].filter((k) => k.conversation_id === url.searchParams.get('conversation_id')), next_cursor: null }),
    'GET /api/v1/workspaces/w1/commitments': (_, url) =>
      json({ items: [commitment.record].filter((m) => m.conversation_id === url.searchParams.get('conversation_id')), next_cursor: null }),
    'DELETE /api/v1/workspaces/w1/conversations/c1': () => new Response(null, { status: 204 }),
    'PATCH /api/v1/workspaces/w1/conversations/c1': () => json({ ...conversation.record, tone: 1 }),
    'PATCH /api/v1/workspaces/w1/commitments/m1': () => json({ ...commitment.record, due_on: '2026-12-04' }),
    'PATCH /api/v1/workspaces/w1/concerns/k1': () => json(concern.record),
    'PATCH /api/v1/workspaces/w1/acknowledgements/a1': () => json(acknowledgement.record),
    'PATCH /api/v1/workspaces/w1/signals/g2': () => json(readiness.record),
    'GET /api/v1/workspaces/w1/stakeholders': (_, url) =>
      json({
        items: [
          { id: 's1', name: 'Sam Lee', title: 'Charge nurse', team_id: null },
          { id: 's2', name: 'Sam Leigh', title: 'Pharmacist', team_id: null },
          ...(url.searchParams.get('archived') === 'false' ? [] : [{ id: 's0', name: 'Archived Person', title: null, team_id: null }]),
        ],
        next_cursor: null,
      }),
  });
  renderRoutes([{ path: '*', element: <InWorkspace role="lead"><Timeline workspaceId="w1" stakeholderId="s1" /></InWorkspace> }], '/');
  return fetch;
}

describe('<Timeline>', () => {
  it('deletes a record logged by mistake, after saying what stays', async () => {
    const show = vi.spyOn(notifications, 'show').mockClear();
    const fetch = render();
    const button = await screen.findByRole('button', { name: /^Delete the one-on-one of Nov 11, 2026/ });
    expect(screen.getByRole('button', { name: /^Delete the quick win shared of Nov 8, 2026/ })).toBeInTheDocument();
    await userEvent.click(button);
    const dialog = await screen.findByRole('dialog', { name: 'Delete this record' });
    expect(dialog).toHaveTextContent(
      'Delete the one-on-one of Nov 11, 2026? Concerns and commitments logged with it stay, no longer linked to it. Their scores are worked out again without it, and the change feed keeps a record of the deletion.',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(fetch.mock.calls.some(([r]) => r.method === 'DELETE')).toBe(true));
    const sent = fetch.mock.calls.map(([r]) => r).filter((r) => r.method === 'DELETE');
    expect(sent.map((r) => new URL(r.url).pathname)).toEqual(['/api/v1/workspaces/w1/conversations/c1']);
    await waitFor(() => expect(show).toHaveBeenCalledWith({ message: 'Deleted the one-on-one of Nov 11, 2026.' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('edits a logged one-on-one, sending only what changed', async () => {
    const show = vi.spyOn(notifications, 'show').mockClear();
    const fetch = render();
    await userEvent.click(await screen.findByRole('button', { name: /^Edit the one-on-one of Nov 11, 2026/ }));
    const form = await screen.findByRole('form', { name: 'Edit the one-on-one' });
    expect(within(form).getByRole('textbox', { name: 'Summary notes' })).toHaveValue('Talked it through');
    expect(within(form).getByRole('radio', { name: '−2 Hostile' })).toBeChecked();
    await userEvent.click(within(form).getByRole('radio', { name: '+1 Warm' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(fetch.mock.calls.some(([r]) => r.method === 'PATCH')).toBe(true));
    const patch = fetch.mock.calls.map(([r]) => r).find((r) => r.method === 'PATCH')!;
    expect(new URL(patch.url).pathname).toBe('/api/v1/workspaces/w1/conversations/c1');
    expect(new URL(patch.url).search).toBe(''); // nothing moves
    expect(await patch.clone().json()).toEqual({ tone: 1 });
    await waitFor(() => expect(show).toHaveBeenCalledWith({ color: 'teal', message: 'Saved the changes to the one-on-one.' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Edit the one-on-one' })).toBeNull());
  });

  it('moves a renegotiated commitment’s due date, sending only that', async () => {
    const fetch = render();
    await userEvent.click(await screen.findByRole('button', { name: /^Edit the commitment of Nov 11, 2026/ }));
    const form = await screen.findByRole('form', { name: 'Edit the commitment' });
    expect(within(form).getByRole('textbox', { name: /What was promised/ })).toHaveValue('Send the flowchart');
    const due = within(form).getByLabelText('Due on');
    await userEvent.clear(due);
    await userEvent.type(due, '2026-12-04');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(fetch.mock.calls.some(([r]) => r.method === 'PATCH')).toBe(true));
    const patch = fetch.mock.calls.map(([r]) => r).find((r) => r.method === 'PATCH')!;
    expect(new URL(patch.url).pathname).toBe('/api/v1/workspaces/w1/commitments/m1');
    expect(await patch.clone().json()).toEqual({ due_on: '2026-12-04' });
  });

  async function patched(fetch: ReturnType<typeof render>, form: HTMLElement) {
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(fetch.mock.calls.some(([r]) => r.method === 'PATCH')).toBe(true));
    const patch = fetch.mock.calls.map(([r]) => r).find((r) => r.method === 'PATCH')!;
    return { path: new URL(patch.url).pathname, body: await patch.clone().json() };
  }

  it('rewords a concern and corrects its severity; its status stays for the board', async () => {
    const fetch = render();
    await userEvent.click(await screen.findByRole('button', { name: /^Edit the concern of Nov 10, 2026/ }));
    const form = await screen.findByRole('form', { name: 'Edit the concern' });
    const text = within(form).getByRole('textbox', { name: /What worries them/ });
    expect(text).toHaveValue('Too much paperwork');
    expect(within(form).getByRole('combobox', { name: 'CFIR domain' })).toHaveValue('Inner setting');
    await userEvent.clear(text);
    await userEvent.type(text, 'Too much paperwork on night shifts');
    await userEvent.click(within(form).getByRole('radio', { name: /^3/ }));
    expect(await patched(fetch, form)).toEqual({
      path: '/api/v1/workspaces/w1/concerns/k1',
      body: { text: 'Too much paperwork on night shifts', severity: 3 },
    });
  });

  it('corrects an acknowledgement’s wording without sending back the time it showed', async () => {
    const show = vi.spyOn(notifications, 'show').mockClear();
    const fetch = render();
    await userEvent.click(await screen.findByRole('button', { name: /^Edit the acknowledgement of Nov 9, 2026/ }));
    const form = await screen.findByRole('form', { name: 'Edit the acknowledgement' });
    const area = within(form).getByRole('textbox', { name: /Expertise acknowledged/ });
    await userEvent.clear(area);
    await userEvent.type(area, 'Run charts');
    expect(await patched(fetch, form)).toEqual({ path: '/api/v1/workspaces/w1/acknowledgements/a1', body: { area: 'Run charts' } });
    await waitFor(() => expect(show).toHaveBeenCalledWith({ color: 'teal', message: 'Saved the changes to the acknowledgement.' }));
  });

  it('corrects a readiness check’s scores; the kind of a signal cannot change', async () => {
    const fetch = render();
    await userEvent.click(await screen.findByRole('button', { name: /^Edit the readiness check \(commitment and efficacy\) of Nov 8, 2026/ }));
    const form = await screen.findByRole('form', { name: 'Edit the signal' });
    expect(within(form).getByRole('combobox', { name: 'Kind' })).toBeDisabled();
    const commitmentScore = within(form).getByRole('textbox', { name: /Commitment/ });
    expect(commitmentScore).toHaveValue('3');
    expect(within(form).getByRole('textbox', { name: /Efficacy/ })).toHaveValue('2.5');
    await userEvent.clear(commitmentScore);
    await userEvent.type(commitmentScore, '4');
    expect(await patched(fetch, form)).toEqual({ path: '/api/v1/workspaces/w1/signals/g2', body: { commitment: 4 } });
  });

  it('says so, and sends nothing, when an edit changed nothing', async () => {
    const show = vi.spyOn(notifications, 'show').mockClear();
    const fetch = render();
    await userEvent.click(await screen.findByRole('button', { name: /^Edit the quick win shared of Nov 8, 2026/ }));
    const form = await screen.findByRole('form', { name: 'Edit the signal' });
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(show).toHaveBeenCalledWith({ color: 'teal', message: 'Nothing to save: the signal is as it was.' }));
    expect(fetch.mock.calls.some(([r]) => r.method === 'PATCH')).toBe(false);
  });

  /** In an edit dialog: the record is about Sam Lee; choose Sam Leigh instead. */
  async function moveToSamLeigh(form: HTMLElement) {
    const about = within(form).getByRole('combobox', { name: 'About' });
    await waitFor(() => expect(about).toHaveValue('Sam Lee (Charge nurse)'));
    await userEvent.click(about);
    await userEvent.click(await screen.findByRole('option', { name: 'Sam Leigh (Pharmacist)' }));
  }

  it('moves a record logged against the wrong person, and says to whom', async () => {
    const show = vi.spyOn(notifications, 'show').mockClear();
    const fetch = render();
    await userEvent.click(await screen.findByRole('button', { name: /^Edit the acknowledgement of Nov 9, 2026/ }));
    const form = await screen.findByRole('form', { name: 'Edit the acknowledgement' });
    await moveToSamLeigh(form);
    expect(await patched(fetch, form)).toEqual({ path: '/api/v1/workspaces/w1/acknowledgements/a1', body: { stakeholder_id: 's2' } });
    await waitFor(() => expect(show).toHaveBeenCalledWith({ color: 'teal', message: 'Moved the acknowledgement to Sam Leigh.' }));
  });

  it('moves a one-on-one with what was logged in it, and says so', async () => {
    const show = vi.spyOn(notifications, 'show').mockClear();
    const fetch = render();
    await userEvent.click(await screen.findByRole('button', { name: /^Edit the one-on-one of Nov 11, 2026/ }));
    const form = await screen.findByRole('form', { name: 'Edit the one-on-one' });
    expect(within(form).getByText('Logged against the wrong person? Choose the right one.')).toBeInTheDocument();
    await moveToSamLeigh(form);
    // Counted by the API: the commitment on the timeline and a concern on a page not yet
    // loaded were logged in it; the concern on the timeline was not.
    expect(await within(form).findByText('What was logged in it moves with it: 1 concern and 1 commitment.')).toBeInTheDocument();
    const asked = fetch.mock.calls.map(([r]) => new URL(r.url)).filter((u) => u.searchParams.has('conversation_id'));
    expect(asked.map((u) => [u.pathname, u.searchParams.get('conversation_id')]).sort()).toEqual([
      ['/api/v1/workspaces/w1/commitments', 'c1'],
      ['/api/v1/workspaces/w1/concerns', 'c1'],
    ]);
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(fetch.mock.calls.some(([r]) => r.method === 'PATCH')).toBe(true));
    const patch = fetch.mock.calls.map(([r]) => r).find((r) => r.method === 'PATCH')!;
    const url = new URL(patch.url);
    expect([url.pathname, url.search]).toEqual(['/api/v1/workspaces/w1/conversations/c1', '?move_linked=true']);
    expect(await patch.clone().json()).toEqual({ stakeholder_id: 's2' });
    await waitFor(() =>
      expect(show).toHaveBeenCalledWith({ color: 'teal', message: 'Moved the one-on-one and the 1 concern and 1 commitment logged in it to Sam Leigh.' }),
    );
  });

  it('detaches a commitment from its one-on-one when it moves to someone else', async () => {
    const fetch = render();
    await userEvent.click(await screen.findByRole('button', { name: /^Edit the commitment of Nov 11, 2026/ }));
    const form = await screen.findByRole('form', { name: 'Edit the commitment' });
    await moveToSamLeigh(form);
    expect(within(form).getByText('Moving it detaches it from the one-on-one it was logged in.')).toBeInTheDocument();
    expect(await patched(fetch, form)).toEqual({
      path: '/api/v1/workspaces/w1/commitments/m1',
      body: { stakeholder_id: 's2', conversation_id: null },
    });
  });
});
