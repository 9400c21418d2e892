import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { apiError, json, mockApi, renderPage } from '../../test/utils';
import { AddConcernDialog } from './AddConcernDialog';

function open(answer: () => Response) {
  const onClose = vi.fn();
  const fetch = mockApi({ 'POST /api/v1/workspaces/w1/concerns': answer });
  renderPage(<AddConcernDialog workspaceId="w1" stakeholderId="s1" name="Ada Obi" opened onClose={onClose} />);
  return { fetch, onClose };
}

describe('<AddConcernDialog>', () => {
  it('adds a concern raised outside a conversation', async () => {
    const { fetch, onClose } = open(() => json({ id: 'k1' }, 201));
    expect(screen.getByRole('dialog', { name: 'Add a concern for Ada Obi' })).toBeInTheDocument();
    await userEvent.type(screen.getByRole('textbox', { name: /What worries them/ }), '  Night cover is too thin ');
    await userEvent.click(screen.getByRole('radio', { name: '3 Blocking' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add concern' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const [request] = fetch.mock.calls[0] ?? [];
    expect(await request!.json()).toEqual({
      stakeholder_id: 's1',
      text: 'Night cover is too thin',
      severity: 3,
      cfir_domain: null,
      cfir_construct: null,
    });
  });

  it('asks for the text first, and keeps the dialog open on the server’s refusal', async () => {
    const { fetch, onClose } = open(() => apiError(422, 'validation_error', 'Invalid input', [{ field: 'body.text', message: 'Too long', type: 'string_too_long' }]));
    await userEvent.click(screen.getByRole('button', { name: 'Add concern' }));
    expect(await screen.findByText('Say what worries them')).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();
    await userEvent.type(screen.getByRole('textbox', { name: /What worries them/ }), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Add concern' }));
    expect(await screen.findByText('Too long')).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('keeps what was typed through Escape; Cancel discards it', async () => {
    const { onClose } = open(() => json({ id: 'k1' }, 201));
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1)); // nothing typed yet: it closes
    await userEvent.type(screen.getByRole('textbox', { name: /What worries them/ }), 'Night cover');
    await userEvent.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('textbox', { name: /What worries them/ })).toHaveValue('Night cover');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
