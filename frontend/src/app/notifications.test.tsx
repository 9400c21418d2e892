import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { notifyDone, notifyFailed } from '../features/scores/notify';
import { testQueryClient } from '../test/utils';
import { App } from './App';

afterEach(() => notifications.clean());

function Page() {
  return (
    <>
      {/* What the "Log a conversation" form and most pages do after a save. */}
      <Button onClick={() => notifications.show({ color: 'green', message: 'Saved the conversation with Dr Ada Obi.' })}>Save</Button>
      <Button onClick={() => notifyDone('Marked resolved.')}>Done</Button>
      <Button onClick={() => notifyFailed('Not moved', 'Try again.')}>Fail</Button>
    </>
  );
}

describe('notifications', () => {
  it('have a close button with an accessible name, which closes them', async () => {
    const router = createMemoryRouter([{ path: '/', element: <Page /> }]);
    render(<App router={router} queryClient={testQueryClient()} />);

    for (const name of ['Save', 'Done', 'Fail']) await userEvent.click(await screen.findByRole('button', { name }));
    const toasts = await screen.findAllByRole('alert');
    expect(toasts).toHaveLength(3);
    for (const toast of toasts) {
      // Its only button, and it is named.
      expect(within(toast).getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual(['Dismiss notification']);
    }

    const saved = toasts.find((t) => t.textContent?.includes('Saved the conversation'));
    await userEvent.click(within(saved!).getByRole('button', { name: 'Dismiss notification' }));
    await expect.poll(() => screen.queryByText('Saved the conversation with Dr Ada Obi.')).toBeNull();
  });
});
