import { TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { SignalInputs } from '../conversations/ItemFields';
import { localDateTime, newSignal, signalErrors, signalRequest, type SignalValues, whenError } from '../conversations/logForm';
import { SIGNAL_KIND_LABELS } from '../conversations/vocab';
import { useCreateSignal } from '../scores/api';
import { useStakeholderOptions } from '../stakeholders/api';
import { type PersonDialogProps, RecordModal } from './RecordModal';
import { useRecordForm } from './recordForm';

type Values = SignalValues & { at: string };

const blank = (): Values => ({ ...newSignal(), at: localDateTime() });

/**
 * A signal observed outside a one-on-one: champion behaviour on the ward, a colleague naming
 * them as someone to involve, a readiness survey. The same fields as the log form's signals.
 */
export function SignalDialog({ workspaceId, stakeholderId, name, opened, onClose }: PersonDialogProps) {
  const create = useCreateSignal(workspaceId);
  // Only a peer nomination needs everyone (who nominated them), and only once the dialog opens.
  const people = useStakeholderOptions(workspaceId, opened);
  const form = useForm<Values>({
    initialValues: blank(),
    validate: (v) => {
      const errors: Record<string, string> = signalErrors(v, stakeholderId, '');
      const at = whenError(v.at, 'Enter when it was observed');
      if (at) errors.at = at;
      return errors;
    },
  });
  const { modal } = useRecordForm(form, {
    send: (v) => create.mutateAsync(signalRequest(v, { stakeholderId, occurredAt: new Date(v.at).toISOString() })),
    done: (v) => `Recorded ${SIGNAL_KIND_LABELS[v.kind].toLowerCase()} for ${name}.`,
    errors: { rename: { observed_at: 'at' } },
    reset: () => form.setValues(blank()),
    onClose,
  });
  return (
    <RecordModal
      {...modal}
      title={`Record a signal for ${name}`}
      formLabel="Record a signal"
      submitLabel="Record signal"
      saving={create.isPending}
      opened={opened}
    >
      <SignalInputs form={form} path="" signal={form.values} subjectId={stakeholderId} stakeholders={people.data ?? []} autoFocus />
      <TextInput label="When" type="datetime-local" required {...form.getInputProps('at')} />
    </RecordModal>
  );
}
