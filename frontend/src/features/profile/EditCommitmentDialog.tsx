import { useForm } from '@mantine/form';
import type { Commitment, CommitmentUpdate } from '../../api/types';
import { CommitmentInputs } from '../conversations/ItemFields';
import { useUpdateCommitment } from '../scores/api';
import { RecordModal } from './RecordModal';
import { useRecordForm } from './recordForm';

interface Values {
  description: string;
  owner: Commitment['owner'];
  due_on: string;
}

/** What changed, as the PATCH sends it (nothing else is rewritten). */
export function commitmentChanges(before: Commitment, after: Values): CommitmentUpdate {
  const changes: CommitmentUpdate = {};
  const description = after.description.trim();
  if (description !== before.description) changes.description = description;
  if (after.owner !== before.owner) changes.owner = after.owner;
  const due = after.due_on || null;
  if (due !== before.due_on) changes.due_on = due;
  return changes;
}

/**
 * Corrects a commitment: what was promised, by whom, and by when. Moving the due date when a
 * promise is renegotiated keeps it from counting as broken once it is a week overdue.
 */
export function EditCommitmentDialog({ workspaceId, commitment, onClose }: { workspaceId: string; commitment: Commitment; onClose: () => void }) {
  const update = useUpdateCommitment(workspaceId);
  const form = useForm<Values>({
    initialValues: { description: commitment.description, owner: commitment.owner, due_on: commitment.due_on ?? '' },
    validate: { description: (v) => (v.trim() ? null : 'Say what was promised') },
  });
  const { modal } = useRecordForm(form, {
    send: async (v) => {
      const body = commitmentChanges(commitment, v);
      if (Object.keys(body).length > 0) await update.mutateAsync({ id: commitment.id, body });
    },
    done: (v) => (Object.keys(commitmentChanges(commitment, v)).length > 0 ? 'Saved the changes to the commitment.' : 'Nothing to save: the commitment is as it was.'),
    errors: { known: ['description', 'owner', 'due_on'] },
    reset: () => undefined,
    onClose,
  });
  return (
    <RecordModal
      {...modal}
      formLabel="Edit the commitment"
      submitLabel="Save changes"
      saving={update.isPending}
    >
      <CommitmentInputs form={form} path="" />
    </RecordModal>
  );
}
