import { Button, Menu } from '@mantine/core';
import { messageOf } from '../../api/errors';
import { useUpdateRecord } from '../scores/api';
import { notifyDone, notifyFailed } from '../scores/notify';

type Outcome = 'kept' | 'broken' | 'cancelled';

/** What each way of closing a commitment means, said for whoever owned it. */
export function outcomeLabels(owner: 'team' | 'stakeholder'): Record<Outcome, string> {
  const who = owner === 'team' ? 'we' : 'they';
  return {
    kept: `Kept: ${who} did it`,
    broken: `Broken: ${who} did not`,
    cancelled: 'Cancelled: no longer needed',
  };
}

/**
 * Closes an open commitment from wherever it is listed. A kept or broken promise by the
 * implementation team moves the person's trust (competence), and an open one past its due date
 * counts as broken after a week, so recording what happened matters.
 */
export function CommitmentStatusMenu({
  workspaceId,
  commitment,
}: {
  workspaceId: string;
  commitment: { id: string; description: string; owner: 'team' | 'stakeholder' };
}) {
  const update = useUpdateRecord(workspaceId);
  const labels = outcomeLabels(commitment.owner);
  // Awaited rather than mutate()'s callbacks: once saved, the commitment leaves the list and
  // this menu unmounts, and React Query drops the callbacks of an unmounted caller.
  const mark = async (status: Outcome) => {
    try {
      await update.mutateAsync({ type: 'commitment', id: commitment.id, body: { status } });
      notifyDone(`Marked “${commitment.description}” as ${status}.`);
    } catch (error) {
      notifyFailed('Could not save the commitment', messageOf(error));
    }
  };
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button size="compact-xs" variant="light" loading={update.isPending} aria-label={`Mark “${commitment.description}” as done or not`}>
          Mark…
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>What happened?</Menu.Label>
        {(Object.keys(labels) as Outcome[]).map((status) => (
          <Menu.Item key={status} onClick={() => void mark(status)}>
            {labels[status]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
