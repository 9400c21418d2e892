import { Alert, Anchor, Button, Card, Group, Kbd, Select, Stack, Text, Title } from '@mantine/core';
import { useForm, type FormArrayElement } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { messageOf } from '../../api/errors';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { createDraftStore, useDraft } from '../../lib/draft';
import { ErrorState, LoadingState } from '../../components/states';
import { useMe } from '../auth/api';
import { useNextActions } from '../scores/api';
import { useStakeholderOptions } from '../stakeholders/api';
import { useCurrentWorkspace } from '../workspaces/context';
import { AcknowledgementFields, CommitmentFields, ConcernFields, ConversationInputs, SignalFields } from './ItemFields';
import {
  emptyLog,
  emptyProgress,
  isBlank,
  newAcknowledgement,
  newCommitment,
  newConcern,
  newSignal,
  personChoices,
  validateLog,
  type ItemList,
  type LogValues,
  type Progress,
} from './logForm';
import { LogSaveError, saveLog } from './save';

interface Draft {
  values: LogValues;
  progress: Progress;
}


/** Per user and workspace: on a shared computer nobody else is shown your notes. */
export function logDraftStore(userId: string, workspaceId: string) {
  return createDraftStore<Draft>(`log-conversation:${userId}:${workspaceId}`, 2);
}

/** The implementation lead's main form: one conversation and everything raised in it. */
export function LogConversationPage() {
  const { workspace, canWrite } = useCurrentWorkspace();
  const me = useMe();
  if (!canWrite) {
    return (
      <>
        <PageHeader title="Log a conversation" />
        <Alert color="gray" variant="light" role="note">
          Viewers cannot log conversations. Ask an owner of “{workspace.name}” for the lead role.
        </Alert>
      </>
    );
  }
  if (me.isPending) return <LoadingState />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  return <LogConversationForm key={`${me.data.id}:${workspace.id}`} userId={me.data.id} workspaceId={workspace.id} />;
}

function LogConversationForm({ userId, workspaceId }: { userId: string; workspaceId: string }) {
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const stakeholders = useStakeholderOptions(workspaceId);
  // Only to order the picker: the form works without it.
  const nextActions = useNextActions(workspaceId);
  const people = useMemo(
    () => personChoices(stakeholders.data ?? [], nextActions.data?.one_on_ones.map((a) => a.stakeholder_id)),
    [stakeholders.data, nextActions.data],
  );
  const store = useMemo(() => logDraftStore(userId, workspaceId), [userId, workspaceId]);
  const [restored] = useState(() => store.load());
  const [showRestored, setShowRestored] = useState(() => Boolean(restored && !isBlank(restored.values)));
  const [progress, setProgress] = useState<Progress>(restored?.progress ?? emptyProgress());
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [lastAdded, setLastAdded] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const form = useForm<LogValues>({
    initialValues: restored?.values ?? withStakeholder(emptyLog(), params.get('stakeholder')),
    validate: (values) => validateLog(values),
  });
  const draftValue = useMemo(() => ({ values: form.values, progress }), [form.values, progress]);
  const draft = useDraft(store, draftValue, {
    isEmpty: (d) => isBlank(d.values) && !d.progress.conversationId,
  });

  const add = <L extends ItemList>(list: L, item: FormArrayElement<LogValues, L>) => {
    form.insertListItem(list, item);
    setLastAdded(item.key);
  };
  const remove = (list: ItemList, index: number) => form.removeListItem(list, index);
  const isSaved = (key: string) => Boolean(progress.saved[key]);

  const discard = () => {
    setShowRestored(false);
    draft.clear();
    form.setValues(emptyLog());
    form.clearErrors();
    setProgress(emptyProgress());
    setFormError(null);
  };

  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    setDone(null);
    setSaving(true);
    let current = progress;
    try {
      await saveLog(workspaceId, values, current, (update) => {
        current = {
          conversationId: update.conversationId ?? current.conversationId,
          saved: update.key && update.id ? { ...current.saved, [update.key]: update.id } : current.saved,
        };
        setProgress(current);
      });
      const records = values.concerns.length + values.commitments.length + values.acknowledgements.length + values.signals.length;
      const who = stakeholders.data?.find((s) => s.value === values.conversation.stakeholder_id)?.label ?? 'the stakeholder';
      const summary = `Saved the conversation with ${who}${records ? ` and ${records} record${records === 1 ? '' : 's'} from it` : ''}.`;
      setShowRestored(false);
      draft.clear();
      form.setValues(emptyLog());
      form.resetDirty();
      setProgress(emptyProgress());
      setDone(summary);
      notifications.show({ color: 'green', message: summary });
      void queryClient.invalidateQueries({ queryKey: ['ws', workspaceId] });
    } catch (error) {
      if (error instanceof LogSaveError) {
        form.setErrors(error.mapped.fieldErrors);
        const savedSome = Boolean(current.conversationId);
        setFormError(
          [
            `Could not save ${error.part}.`,
            error.mapped.formError ?? 'Fix the fields marked in red and save again.',
            savedSome ? 'Everything before it is saved; saving again sends only the rest.' : '',
          ]
            .filter(Boolean)
            .join(' '),
        );
      } else {
        setFormError(messageOf(error));
      }
    } finally {
      setSaving(false);
    }
  });

  const conversationSaved = Boolean(progress.conversationId);
  const c = 'conversation';

  return (
    <>
      <PageHeader
        title="Log a conversation"
        description="The one-on-one, and the concerns, commitments, acknowledgements and signals that came out of it."
      />
      <form
        onSubmit={submit}
        noValidate
        aria-label="Log a conversation"
        onKeyDown={(event) => {
          if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
            event.preventDefault();
            event.currentTarget.requestSubmit();
          }
        }}
      >
        <Stack gap="lg" maw={900}>
          {showRestored && (
            <Alert color="blue" variant="light" title="Draft restored" role="status">
              <Group justify="space-between" gap="xs">
                <Text size="sm">Your unsaved entry from this device is back where you left it.</Text>
                <Button size="compact-sm" variant="default" onClick={discard}>
                  Discard draft
                </Button>
              </Group>
            </Alert>
          )}
          {done && (
            <Alert color="green" variant="light" role="status">
              {done}{' '}
              <Anchor inherit component={Link} to={`/w/${workspaceId}/stakeholders`}>
                Back to stakeholders
              </Anchor>
            </Alert>
          )}

          {stakeholders.isSuccess && stakeholders.data.length === 0 && (
            <Alert color="yellow" variant="light" role="note" title="No stakeholders yet">
              A conversation is with a stakeholder.{' '}
              <Anchor inherit component={Link} to={`/w/${workspaceId}/stakeholders`}>
                Add the people you talk to first
              </Anchor>
              .
            </Alert>
          )}
          <Card withBorder component="section" aria-labelledby="log-conversation">
            <Title order={2} size="h4" id="log-conversation" mb="sm">
              Conversation {conversationSaved && <Text span c="green" size="sm">(saved)</Text>}
            </Title>
            <fieldset disabled={conversationSaved} style={{ border: 0, padding: 0, margin: 0 }}>
              <Stack gap="sm">
                <ConversationInputs
                  form={form}
                  path={c}
                  first={
                  <Select
                    label="With"
                    placeholder={stakeholders.isPending ? 'Loading stakeholders…' : 'Search by name'}
                    data={people}
                    searchable
                    required
                    autoFocus={!restored}
                    nothingFoundMessage="No stakeholder by that name"
                    error={stakeholders.isError ? 'Could not load stakeholders' : undefined}
                    {...form.getInputProps(`${c}.stakeholder_id`)}
                  />
                  }
                />
              </Stack>
            </fieldset>
          </Card>

          <ItemSection title="Concerns raised" empty="No concerns logged." addLabel="Add concern" onAdd={() => add('concerns', newConcern())}>
            {form.values.concerns.map((item, i) => (
              <ConcernFields key={item.key} form={form} index={i} saved={isSaved(item.key)} autoFocus={item.key === lastAdded} onRemove={() => remove('concerns', i)} />
            ))}
          </ItemSection>
          <ItemSection title="Commitments made" empty="No commitments logged." addLabel="Add commitment" onAdd={() => add('commitments', newCommitment())}>
            {form.values.commitments.map((item, i) => (
              <CommitmentFields key={item.key} form={form} index={i} saved={isSaved(item.key)} autoFocus={item.key === lastAdded} onRemove={() => remove('commitments', i)} />
            ))}
          </ItemSection>
          <ItemSection
            title="Expertise acknowledged"
            empty="No acknowledgements logged."
            addLabel="Add acknowledgement"
            onAdd={() => add('acknowledgements', newAcknowledgement())}
          >
            {form.values.acknowledgements.map((item, i) => (
              <AcknowledgementFields key={item.key} form={form} index={i} saved={isSaved(item.key)} autoFocus={item.key === lastAdded} onRemove={() => remove('acknowledgements', i)} />
            ))}
          </ItemSection>
          <ItemSection title="Signals observed" empty="No signals logged." addLabel="Add signal" onAdd={() => add('signals', newSignal())}>
            {form.values.signals.map((item, i) => (
              <SignalFields
                key={item.key}
                form={form}
                index={i}
                saved={isSaved(item.key)}
                autoFocus={item.key === lastAdded}
                onRemove={() => remove('signals', i)}
                stakeholders={stakeholders.data ?? []}
              />
            ))}
          </ItemSection>

          <FormError message={formError} />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              A draft is kept on this device until it is saved. <Kbd>Ctrl</Kbd> + <Kbd>Enter</Kbd> saves.
            </Text>
            <Group gap="xs">
              {!isBlank(form.values) && (
                <Button variant="default" onClick={discard} disabled={saving}>
                  {conversationSaved ? 'Discard what is not saved' : 'Discard'}
                </Button>
              )}
              <Button type="submit" loading={saving}>
                {conversationSaved ? 'Save the rest' : 'Save conversation'}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </>
  );
}

function withStakeholder(values: LogValues, stakeholderId: string | null): LogValues {
  return stakeholderId ? { ...values, conversation: { ...values.conversation, stakeholder_id: stakeholderId } } : values;
}

function ItemSection({ title, empty, addLabel, onAdd, children }: { title: string; empty: string; addLabel: string; onAdd: () => void; children: ReactNode[] }) {
  const id = `section-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section aria-labelledby={id}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        <Button variant="light" size="xs" onClick={onAdd}>
          {addLabel}
        </Button>
      </Group>
      {children.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Stack gap="sm">{children}</Stack>
      )}
    </section>
  );
}
