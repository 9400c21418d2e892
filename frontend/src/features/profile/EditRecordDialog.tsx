import { Select, TextInput } from '@mantine/core';
import { type FormValidateInput, useForm, type UseFormReturnType } from '@mantine/form';
import { type ReactNode, useState } from 'react';
import type { MapOptions } from '../../api/errors';
import type { TimelineItem } from '../../api/types';
import { AcknowledgementInputs, CommitmentInputs, ConcernInputs, ConversationInputs, SignalInputs } from '../conversations/ItemFields';
import { conversationChanges, conversationErrors, conversationValuesOf, signalErrors, whenError } from '../conversations/logForm';
import { type RecordUpdate, useLoggedIn, usePeople, useUpdateRecord } from '../scores/api';
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

/** How many concerns and commitments were logged in a one-on-one. */
export interface LoggedIn {
  concerns: number;
  commitments: number;
}

/** "2 concerns and 1 commitment"; null for none. */
export function loggedInText({ concerns, commitments }: LoggedIn): string | null {
  const parts = [
    concerns ? `${concerns} ${concerns === 1 ? 'concern' : 'concerns'}` : null,
    commitments ? `${commitments} ${commitments === 1 ? 'commitment' : 'commitments'}` : null,
  ].filter((part) => part !== null);
  return parts.length ? parts.join(' and ') : null;
}

/**
 * Corrects a record on the timeline with the fields it was logged with (the log form's own
 * inputs), or moves it to the person it is really about. Only what changed is sent; the
 * confirmation says whether anything did.
 */
export function EditRecordDialog({ item, ...props }: Props & { item: TimelineItem }) {
  switch (item.type) {
    case 'conversation':
      return <EditConversation {...props} conversation={item.record} />;
    case 'concern': {
      const original = concernValuesOf(item.record);
      return (
        <EditForm
          {...props}
          type="concern"
          id={item.record.id}
          person={{ id: item.record.stakeholder_id, linked: item.record.conversation_id !== null }}
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
          person={{ id: item.record.stakeholder_id, linked: false }}
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
          person={{ id: item.record.stakeholder_id, linked: item.record.conversation_id !== null }}
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

function EditConversation({ conversation: c, ...props }: Props & { conversation: Extract<TimelineItem, { type: 'conversation' }>['record'] }) {
  // Asked of the API rather than counted on the timeline: some of it may sit on a page not
  // yet shown.
  const loggedIn = useLoggedIn(props.workspaceId, c.id);
  // A summary kept private by someone else is shown as such and never sent.
  const summaryHidden = c.private && c.summary === null;
  const original = conversationValuesOf(c);
  return (
    <EditForm
      {...props}
      type="conversation"
      id={c.id}
      person={{ id: c.stakeholder_id, linked: false, carries: loggedIn.data ?? null }}
      noun="one-on-one"
      initialValues={original}
      validate={(v) => conversationErrors(v, '')}
      changes={(v) => conversationChanges(original, v, summaryHidden)}
    >
      {(form) => <ConversationInputs form={form} path="" summaryHidden={summaryHidden} />}
    </EditForm>
  );
}

function EditSignal({ signal, ...props }: Props & { signal: Extract<TimelineItem, { type: 'signal' }>['record'] }) {
  // Everyone, for who nominated them (the same list the dialog's "About" offers).
  const people = useStakeholderOptions(props.workspaceId);
  const original = signalValuesOf(signal);
  return (
    <EditForm
      {...props}
      type="signal"
      id={signal.id}
      person={{ id: signal.stakeholder_id, linked: false }}
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

/** The form and frame every record's edit dialog shares, with whom the record is about. */
function EditForm<V extends object>({
  workspaceId,
  type,
  id,
  person,
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
  /** Whom it is about; `linked`: a concern or commitment logged in a one-on-one, which a move
   * detaches from it (the API keeps a record and its conversation with one person); `carries`:
   * for a one-on-one, what was logged in it, which a move takes along (null while it is being
   * counted). */
  person: { id: string; linked: boolean; carries?: LoggedIn | null };
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
  const [about, setAbout] = useState(person.id);
  const { options, nameOf } = usePersonOptions(workspaceId, person.id);
  const moved = about !== person.id;
  const carried = moved && person.carries ? loggedInText(person.carries) : null;
  const body = (values: V) => ({ ...changes(values), ...(moved ? { stakeholder_id: about, ...(person.linked ? { conversation_id: null } : {}) } : {}) });
  const changed = (values: V) => Object.keys(body(values)).length > 0;
  const { modal } = useRecordForm(form, {
    send: async (values) => {
      const moveLinked = moved && person.carries !== undefined;
      if (changed(values)) await update.mutateAsync({ type, id, body: body(values), ...(moveLinked ? { moveLinked } : {}) } as RecordUpdate);
    },
    done: (values) =>
      moved
        ? `Moved the ${noun}${carried ? ` and the ${carried} logged in it` : ''} to ${nameOf(about)}.`
        : changed(values)
          ? `Saved the changes to the ${noun}.`
          : `Nothing to save: the ${noun} is as it was.`,
    errors,
    reset: () => undefined,
    onClose,
  });
  return (
    <RecordModal {...modal} formLabel={`Edit the ${noun}`} submitLabel="Save changes" saving={update.isPending}>
      <Select
        label="About"
        description={
          moved && person.linked
            ? 'Moving it detaches it from the one-on-one it was logged in.'
            : carried
              ? `What was logged in it moves with it: ${carried}.`
              : moved && person.carries === null
                ? 'What was logged in it moves with it.'
                : 'Logged against the wrong person? Choose the right one.'
        }
        data={options}
        value={about}
        onChange={(v) => setAbout(v ?? person.id)}
        allowDeselect={false}
        searchable
      />
      {children(form)}
    </RecordModal>
  );
}

/** Everyone a record can be moved to (the active people), with its own person even if they
 * have since been archived, and their names. */
function usePersonOptions(workspaceId: string, current: string) {
  const active = useStakeholderOptions(workspaceId);
  const people = usePeople(workspaceId);
  const nameOf = (id: string) => people.data?.get(id)?.name ?? 'them';
  const options = active.data ?? [];
  return {
    options: options.some((o) => o.value === current) ? options : [{ value: current, label: nameOf(current) }, ...options],
    nameOf,
  };
}
