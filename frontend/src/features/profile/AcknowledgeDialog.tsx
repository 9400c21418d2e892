import { useForm } from '@mantine/form';
import type { AcknowledgementCreate } from '../../api/types';
import { AcknowledgementInputs } from '../conversations/ItemFields';
import { localDateTime, whenError } from '../conversations/logForm';
import { useCreateAcknowledgement } from '../scores/api';
import { type PersonDialogProps, RecordModal } from './RecordModal';
import { useRecordForm } from './recordForm';

interface Values {
  area: string;
  setting: AcknowledgementCreate['setting'];
  at: string;
  note: string;
}

/**
 * Expertise acknowledged outside a one-on-one: credit given at a team meeting, advice asked
 * for, a thank-you in public. Those are the usual places for it, so they need no conversation.
 */
export function AcknowledgeDialog({ workspaceId, stakeholderId, name, opened, onClose }: PersonDialogProps) {
  const create = useCreateAcknowledgement(workspaceId);
  const form = useForm<Values>({
    initialValues: { area: '', setting: 'team_meeting', at: localDateTime(), note: '' },
    validate: {
      area: (v) => (v.trim() ? null : 'Name the expertise, e.g. “QI: run charts”'),
      at: (v) => whenError(v, 'Enter when it happened'),
    },
  });
  const { modal } = useRecordForm(form, {
    send: (v) =>
      create.mutateAsync({
        stakeholder_id: stakeholderId,
        area: v.area.trim(),
        setting: v.setting,
        acknowledged_at: new Date(v.at).toISOString(),
        note: v.note.trim(),
      }),
    done: (v) => `Acknowledged ${name}’s expertise: ${v.area.trim()}.`,
    errors: { known: ['area', 'setting', 'at', 'note'], rename: { acknowledged_at: 'at' } },
    reset: () => form.setValues({ area: '', setting: 'team_meeting', at: localDateTime(), note: '' }),
    onClose,
  });
  return (
    <RecordModal
      {...modal}
      title={`Acknowledge ${name}’s expertise`}
      formLabel="Acknowledge expertise"
      submitLabel="Acknowledge"
      saving={create.isPending}
      opened={opened}
    >
      <AcknowledgementInputs form={form} path="" autoFocus withTime />
    </RecordModal>
  );
}
