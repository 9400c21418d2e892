import { TextInput } from '@mantine/core';
import { type FormValidateInput, useForm, type UseFormReturnType } from '@mantine/form';
import type { ReactNode } from 'react';
import type { MapOptions } from '../../api/errors';
import type { TimelineItem } from '../../api/types';
import { AcknowledgementInputs, CommitmentInputs, ConcernInputs, ConversationInputs, SignalInputs } from '../conversations/ItemFields';
import { conversationChanges, conversationErrors, conversationValuesOf, signalErrors, whenError } from '../conversations/logForm';
import { type RecordUpdate, useUpdateRecord } from '../scores/api';
import { useStakeholderOptions } from '../stakeholders/api';
import { RecordModal } from './RecordModal';
import {
  acknowledgementChanges,
  acknowledgementValuesOf,
  commitmentChanges,
  commitmentValuesOf,
  concernChanges,
  concernValuesOf,
  signalChanges,
  signalValuesOf,
} from './recordEdits';
import { useRecordForm } from './recordForm';

interface Props {
  workspaceId: string;
  onClose: () => void;
}

/**
 * Corrects a record on the timeline with the fields it was logged with (the log form's own
 * inputs). Only what changed is sent; the confirmation says whether anything did. (Moving a
 * record to another person is not offered: delete it and log it again.)
 */
export function EditRecordDialog({ item, ...props }: Props & { item: TimelineItem }) {
  switch (item.type) {
    case 'conversation': {
      const c = item.record;
      // A summary kept private by someone else is shown as such and never sent.
      const summaryHidden = c.private && c.summary === null;
      const original = conversationValuesOf(c);
      return (
        <EditForm
          {...props}
          type="conversation"
          id={c.id}
          noun="one-on-one"
          initialValues={original}
          validate={(v) => conversationErrors(v, '')}
          changes={(v) => conversationChanges(original, v, summaryHidden)}
        >
          {(form) => <ConversationInputs form={form} path="" summaryHidden={summaryHidden} />}
        </EditForm>
      );
    }
    case 'concern': {
      const original = concernValuesOf(item.record);
      return (
        <EditForm
          {...props}
          type="concern"
          id={item.record.id}
          noun="concern"
          initialValues={original}
          validate={{ text: (v) => (v.trim() ? null : 'Say what worries them') }}
          changes={(v) => concernChanges(original, v)}
          errors={{ known: ['text', 'severity', 'cfir_domain', 'cfir_construct'] }}
        >
          {(form) => <ConcernInputs form={form} path="" autoFocus />}
        </EditForm>
      );
    }
    case 'acknowledgement': {
      const original = acknowledgementValuesOf(item.record);
      return (
        <EditForm
          {...props}
          type="acknowledgement"
          id={item.record.id}
          noun="acknowledgement"
          initialValues={original}
          validate={{ area: (v) => (v.trim() ? null : 'Name the expertise, e.g. “QI: run charts”'), at: (v) => whenError(v, 'Enter when it happened') }}
          changes={(v) => acknowledgementChanges(original, v)}
          errors={{ known: ['area', 'setting', 'at', 'note'], rename: { acknowledged_at: 'at' } }}
        >
          {(form) => <AcknowledgementInputs form={form} path="" autoFocus withTime />}
        </EditForm>
      );
    }
    case 'signal':
      return <EditSignal {...props} signal={item.record} />;
    case 'commitment': {
      const original = commitmentValuesOf(item.record);
      return (
        <EditForm
          {...props}
          type="commitment"
          id={item.record.id}
          noun="commitment"
          initialValues={original}
          validate={{ description: (v) => (v.trim() ? null : 'Say what was promised') }}
          changes={(v) => commitmentChanges(original, v)}
          errors={{ known: ['description', 'owner', 'due_on'] }}
        >
          {(form) => <CommitmentInputs form={form} path="" autoFocus />}
        </EditForm>
      );
    }
  }
}

function EditSignal({ signal, ...props }: Props & { signal: Extract<TimelineItem, { type: 'signal' }>['record'] }) {
  // Everyone, for who nominated them: only a peer nomination shows it.
  const people = useStakeholderOptions(props.workspaceId, signal.kind === 'peer_nomination');
  const original = signalValuesOf(signal);
  return (
    <EditForm
      {...props}
      type="signal"
      id={signal.id}
      noun="signal"
      initialValues={original}
      validate={(v) => {
        const errors: Record<string, string> = signalErrors(v, signal.stakeholder_id, '');
        const at = whenError(v.at, 'Enter when it was observed');
        if (at) errors.at = at;
        return errors;
      }}
      changes={(v) => signalChanges(signal.stakeholder_id, original, v)}
      errors={{ rename: { observed_at: 'at' } }}
    >
      {(form) => (
        <>
          <SignalInputs form={form} path="" signal={form.values} subjectId={signal.stakeholder_id} stakeholders={people.data ?? []} kindFixed />
          <TextInput label="When" type="datetime-local" required {...form.getInputProps('at')} />
        </>
      )}
    </EditForm>
  );
}

/** The form and frame every record's edit dialog shares. */
function EditForm<V extends object>({
  workspaceId,
  type,
  id,
  noun,
  initialValues,
  validate,
  changes,
  errors = {},
  onClose,
  children,
}: Props & {
  type: RecordUpdate['type'];
  id: string;
  /** The record in a word or two: "Edit the …", "Saved the changes to the …". */
  noun: string;
  initialValues: V;
  validate: FormValidateInput<V>;
  /** The PATCH for the edited values: only what changed. */
  changes: (values: V) => object;
  errors?: MapOptions;
  children: (form: UseFormReturnType<V>) => ReactNode;
}) {
  const update = useUpdateRecord(workspaceId);
  const form = useForm<V>({ initialValues, validate });
  const changed = (values: V) => Object.keys(changes(values)).length > 0;
  const { modal } = useRecordForm(form, {
    send: async (values) => {
      if (changed(values)) await update.mutateAsync({ type, id, body: changes(values) } as RecordUpdate);
    },
    done: (values) => (changed(values) ? `Saved the changes to the ${noun}.` : `Nothing to save: the ${noun} is as it was.`),
    errors,
    reset: () => undefined,
    onClose,
  });
  return (
    <RecordModal {...modal} formLabel={`Edit the ${noun}`} submitLabel="Save changes" saving={update.isPending}>
      {children(form)}
    </RecordModal>
  );
}
