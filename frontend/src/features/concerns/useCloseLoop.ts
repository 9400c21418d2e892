import { messageOf } from '../../api/errors';
import type { Concern } from '../../api/types';
import { useUpdateRecord } from '../scores/api';
import { notifyDone, notifyFailed } from '../scores/notify';
import { moveRequest, whatTheyHear } from './board';

// The "we told them" buttons' label (light teal): Mantine's teal, even its darkest, is too pale
// on the button's teal tint for small text; this one has 6:1 (WCAG AA asks 4.5:1).
export const CLOSE_LOOP_TEXT = '#06634a';

/**
 * Closes the loop on a concern dealt with (they were told what changed, or why not), dated
 * today, from the board or from a profile's card. Awaited, not mutate()'s callbacks: once
 * saved, the concern may leave the list that offered the button.
 */
export function useCloseLoop(workspaceId: string) {
  const update = useUpdateRecord(workspaceId);
  const closeLoop = async (concern: Concern) => {
    try {
      await update.mutateAsync({ type: 'concern', id: concern.id, body: { loop_closed_on: moveRequest(concern, concern.status, { toldThem: true }).loop_closed_on } });
      notifyDone(`Noted: you told them ${whatTheyHear(concern.status)}.`);
    } catch (error) {
      notifyFailed('Could not save', messageOf(error));
    }
  };
  return { closeLoop, saving: update.isPending };
}
