import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors';
import { renderPage } from '../test/utils';
import { ConfirmAction } from './ConfirmDialog';

type Team = { id: string; name: string };

/** Deleting "Ward 4" with a mutation that fails with the server's error when `fail` is set. */
function Harness({ fail, calls }: { fail: boolean; calls: string[] }) {
  const [target, setTarget] = useState<Team | null>({ id: 't1', name: 'Ward 4' });
  const remove = useMutation({
    mutationFn: async (id: string) => {
      calls.push(id);
      if (fail) throw new ApiError({ status: 409, code: 'conflict', message: 'Still in use' });
    },
  });
  return (
    <>
      <p>{target ? 'open' : 'closed'}</p>
      <p>{remove.isIdle ? 'idle' : remove.status}</p>
      <ConfirmAction
        target={target}
        onClose={() => setTarget(null)}
        mutation={remove}
        variables={(t) => t.id}
        done={(t) => `Deleted team “${t.name}”.`}
        title="Delete team"
        confirmLabel="Delete team"
      >
        {(t) => <>Delete “{t.name}”?</>}
      </ConfirmAction>
    </>
  );
}

describe('<ConfirmAction>', () => {
  it('runs the mutation for its target, says so and closes', async () => {
    const show = vi.spyOn(notifications, 'show').mockClear();
    const calls: string[] = [];
    renderPage(<Harness fail={false} calls={calls} />);
    const dialog = await screen.findByRole('dialog', { name: 'Delete team' });
    expect(dialog).toHaveTextContent('Delete “Ward 4”?');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete team' }));
    await waitFor(() => expect(screen.getByText('closed')).toBeInTheDocument());
    expect(calls).toEqual(['t1']);
    expect(show).toHaveBeenCalledWith({ message: 'Deleted team “Ward 4”.' });
  });

  it("keeps the dialog open with the server's error, and forgets the error on cancel", async () => {
    const show = vi.spyOn(notifications, 'show').mockClear();
    const calls: string[] = [];
    renderPage(<Harness fail calls={calls} />);
    const dialog = await screen.findByRole('dialog', { name: 'Delete team' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete team' }));
    expect(await within(dialog).findByText('Still in use')).toBeInTheDocument();
    expect(screen.getByText('open')).toBeInTheDocument();
    expect(show).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.getByText('closed')).toBeInTheDocument());
    expect(screen.getByText('idle')).toBeInTheDocument(); // reset: a reopened dialog shows no old error
    expect(calls).toEqual(['t1']);
  });
});
