import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { json, mockApi, renderPage } from '../../test/utils';
import { SignalDialog } from './SignalDialog';

const person = (id: string, name: string) => ({
  id, workspace_id: 'w1', name, title: '', team_id: null, role_type: 'other', discipline: '', email: null, tags: [],
  influence_manual: null, archived: false, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
});

function open() {
  const onClose = vi.fn();
  const fetch = mockApi({
    'GET /api/v1/workspaces/w1/stakeholders': () => json({ items: [person('s1', 'Ada Obi'), person('s2', 'Ben Hale')], next_cursor: null }),
    'POST /api/v1/workspaces/w1/signals': () => json({ id: 'g1' }, 201),
  });
  renderPage(<SignalDialog workspaceId="w1" stakeholderId="s1" name="Ada Obi" opened onClose={onClose} />);
  return { fetch, onClose };
}

// Mantine's dropdown animates in; jsdom never runs the transition, so its options count as hidden.
async function choose(label: RegExp, option: string) {
  await userEvent.click(screen.getByRole('combobox', { name: label }));
  await userEvent.click(await screen.findByRole('option', { name: option, hidden: true }));
}

describe('<SignalDialog>', () => {
  it('records champion behaviour seen outside a one-on-one', async () => {
    const { fetch, onClose } = open();
    await userEvent.click(screen.getByRole('button', { name: 'Record signal' }));
    expect(await screen.findByText('Choose a facet')).toBeInTheDocument();
    await choose(/^Facet/, 'Involving others');
    const when = screen.getByLabelText(/When/);
    await userEvent.clear(when);
    await userEvent.type(when, '2026-11-20T09:30');
    await userEvent.click(screen.getByRole('button', { name: 'Record signal' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const post = fetch.mock.calls.map(([r]) => r).find((r) => r.method === 'POST')!;
    expect(await post.json()).toEqual({
      stakeholder_id: 's1',
      observed_at: new Date('2026-11-20T09:30').toISOString(),
      source: 'observed',
      note: '',
      kind: 'champion_behavior',
      facet: 'involving_others',
      intensity: 2,
    });
  });

  it('records a peer nomination by anyone but the person themselves', async () => {
    const { fetch } = open();
    await choose(/^Kind/, 'Peer nomination');
    await userEvent.click(screen.getByRole('combobox', { name: /Nominated by/ }));
    const listbox = await screen.findByRole('listbox', { name: /Nominated by/, hidden: true });
    const options = within(listbox).getAllByRole('option', { hidden: true });
    expect(options.map((o) => o.textContent)).toEqual(['Ben Hale']);
    await userEvent.click(options[0]!);
    await userEvent.click(screen.getByRole('button', { name: 'Record signal' }));
    await waitFor(() => expect(fetch.mock.calls.some(([r]) => r.method === 'POST')).toBe(true));
    const post = fetch.mock.calls.map(([r]) => r).find((r) => r.method === 'POST')!;
    expect(await post.json()).toMatchObject({ kind: 'peer_nomination', nominated_by_id: 's2', stakeholder_id: 's1' });
  });
});
