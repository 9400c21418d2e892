import { notifications } from '@mantine/notifications';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { json, mockApi, renderPage } from '../../test/utils';
import { localDateTime } from '../conversations/logForm';
import { AcknowledgeDialog } from './AcknowledgeDialog';

function open(answer: () => Response) {
  const onClose = vi.fn();
  const fetch = mockApi({ 'POST /api/v1/workspaces/w1/acknowledgements': answer });
  renderPage(<AcknowledgeDialog workspaceId="w1" stakeholderId="s1" name="Ada Obi" opened onClose={onClose} />);
  return { fetch, onClose };
}

const form = () => screen.getByRole('form', { name: 'Acknowledge expertise' });

describe('<AcknowledgeDialog>', () => {
  it('acknowledges expertise given outside a one-on-one, at a team meeting by default', async () => {
    const show = vi.spyOn(notifications, 'show').mockClear();
    const { fetch, onClose } = open(() => json({ id: 'a1' }, 201));
    await userEvent.type(screen.getByRole('textbox', { name: /Expertise acknowledged/ }), ' QI: run charts ');
    const when = screen.getByLabelText(/When/);
    await userEvent.clear(when);
    await userEvent.type(when, '2026-11-20T09:30');
    await userEvent.type(screen.getByRole('textbox', { name: 'Note' }), 'Thanked at the huddle');
    await userEvent.click(screen.getByRole('button', { name: 'Acknowledge' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const [request] = fetch.mock.calls[0] ?? [];
    expect(await request!.json()).toEqual({
      stakeholder_id: 's1',
      area: 'QI: run charts',
      setting: 'team_meeting',
      acknowledged_at: new Date('2026-11-20T09:30').toISOString(),
      note: 'Thanked at the huddle',
    });
    expect(show).toHaveBeenCalledWith({ color: 'teal', message: 'Acknowledged Ada Obi’s expertise: QI: run charts.' });
  });

  it('asks for the expertise and a time not in the future before sending anything', async () => {
    const { fetch } = open(() => json({}, 201));
    const when = screen.getByLabelText(/When/);
    await userEvent.clear(when);
    const later = new Date(Date.now() + 2 * 86_400_000);
    await userEvent.type(when, localDateTime(later));
    await userEvent.click(screen.getByRole('button', { name: 'Acknowledge' }));
    expect(await screen.findByText('Name the expertise, e.g. “QI: run charts”')).toBeInTheDocument();
    expect(screen.getByText('Cannot be in the future')).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();
    expect(form()).toBeInTheDocument();
  });

  it('shows the server’s refusal on the field it names', async () => {
    const { onClose } = open(() =>
      json(
        {
          error: {
            code: 'validation_error',
            message: 'Invalid input',
            details: [{ field: 'body.acknowledged_at', message: 'Value error, must not be in the future', type: 'value_error' }],
          },
        },
        422,
      ),
    );
    await userEvent.type(screen.getByRole('textbox', { name: /Expertise acknowledged/ }), 'Fishbone diagrams');
    await userEvent.click(screen.getByRole('button', { name: 'Acknowledge' }));
    expect(await screen.findByText('Value error, must not be in the future')).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  });
});
