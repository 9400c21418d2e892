import { useForm } from '@mantine/form';
import { ConcernInputs } from '../conversations/ItemFields';
import { concernFields, type ConcernValues } from '../conversations/logForm';
import { useCreateConcern } from '../scores/api';
import { type PersonDialogProps, RecordModal } from './RecordModal';
import { useRecordForm } from './recordForm';

type Values = Omit<ConcernValues, 'key'>;

/** A concern raised outside a logged conversation (in the corridor, by email). */
export function AddConcernDialog({ workspaceId, stakeholderId, name, opened, onClose }: PersonDialogProps) {
  const create = useCreateConcern(workspaceId);
  const form = useForm<Values>({
    initialValues: { text: '', severity: '1', cfir_domain: null, cfir_construct: null },
    validate: { text: (v) => (v.trim() ? null : 'Say what worries them') },
  });
  const { modal } = useRecordForm(form, {
    send: (v) => create.mutateAsync({ stakeholder_id: stakeholderId, ...concernFields(v) }),
    done: () => `Added a concern for ${name}.`,
    errors: { known: ['text', 'severity', 'cfir_domain', 'cfir_construct'] },
    reset: () => form.reset(),
    onClose,
  });
  return (
    <RecordModal
      {...modal}
      title={`Add a concern for ${name}`}
      formLabel="Add a concern"
      submitLabel="Add concern"
      saving={create.isPending}
      opened={opened}
    >
      <ConcernInputs form={form} path="" autoFocus />
    </RecordModal>
  );
}
