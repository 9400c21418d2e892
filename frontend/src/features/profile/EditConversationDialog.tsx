import { useForm } from '@mantine/form';
import type { Conversation } from '../../api/types';
import { ConversationInputs } from '../conversations/ItemFields';
import { conversationChanges, conversationErrors, conversationValuesOf, type ConversationValues } from '../conversations/logForm';
import { useUpdateConversation } from '../scores/api';
import { RecordModal } from './RecordModal';
import { useRecordForm } from './recordForm';

/**
 * Corrects a logged one-on-one: the log form's own fields, and only what changed is sent. A
 * summary kept private by someone else is shown as such and left alone. (Moving it to another
 * person is not offered: delete it and log it again.)
 */
export function EditConversationDialog({ workspaceId, conversation, onClose }: { workspaceId: string; conversation: Conversation; onClose: () => void }) {
  const update = useUpdateConversation(workspaceId);
  const original = conversationValuesOf(conversation);
  const summaryHidden = conversation.private && conversation.summary === null;
  const form = useForm<ConversationValues>({ initialValues: original, validate: (v) => conversationErrors(v, '') });
  const { modal } = useRecordForm(form, {
    send: async (v) => {
      const body = conversationChanges(original, v, summaryHidden);
      if (Object.keys(body).length > 0) await update.mutateAsync({ id: conversation.id, body });
    },
    done: (v) =>
      Object.keys(conversationChanges(original, v, summaryHidden)).length > 0
        ? 'Saved the changes to the one-on-one.'
        : 'Nothing to save: the one-on-one is as it was.',
    errors: {},
    reset: () => undefined,
    onClose,
  });
  return (
    <RecordModal
      {...modal}
      formLabel="Edit the one-on-one"
      submitLabel="Save changes"
      saving={update.isPending}
    >
      <ConversationInputs form={form} path="" summaryHidden={summaryHidden} />
    </RecordModal>
  );
}
