import { Alert, Button, Card, Code, Group, Modal, Stack, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { messageOf, toFieldErrors } from '../../api/errors';
import type { Webhook, WebhookCreated, WebhookDelivery } from '../../api/types';
import { ConfirmAction } from '../../components/ConfirmDialog';
import { DataTable } from '../../components/DataTable';
import { FormError } from '../../components/FormError';
import { SecretOnce } from '../../components/SecretOnce';
import { EmptyView, ErrorState, LoadingState } from '../../components/states';
import { formatDateTime } from '../../lib/format';
import { LightBadge } from '../scores/CategoryBadge';
import { useCurrentWorkspace } from '../workspaces/context';
import { DELIVERIES_SHOWN, useCreateWebhook, useDeleteWebhook, useDeliveries, useSendTest, useUpdateWebhook, useWebhooks } from './api';
import { describeSubscription, subscriptionOptions } from './eventTypes';

/** Whether a webhook is sending, and if not, why: the owner paused it or the endpoint failed. */
export function webhookStatus(hook: Pick<Webhook, 'enabled' | 'disabled_reason' | 'failure_count'>): {
  label: string;
  color: string;
  detail: string | null;
} {
  if (hook.enabled) {
    return hook.failure_count > 0
      ? { label: 'Failing', color: 'orange', detail: `${hook.failure_count} failed attempt${hook.failure_count === 1 ? '' : 's'} in a row; retrying` }
      : { label: 'Active', color: 'green', detail: null };
  }
  switch (hook.disabled_reason) {
    case 'consecutive_failures':
      return { label: 'Stopped', color: 'red', detail: 'Stopped after too many failed attempts in a row. Fix the endpoint, then resume.' };
    case 'endpoint_gone':
      return { label: 'Stopped', color: 'red', detail: 'The endpoint answered 410 Gone. Resume once it is back.' };
    default:
      return { label: 'Paused', color: 'gray', detail: 'Events are queued and sent, oldest first, when it resumes.' };
  }
}

export function WebhooksPanel() {
  const { workspace, isOwner } = useCurrentWorkspace();
  const hooks = useWebhooks(workspace.id, isOwner);
  const update = useUpdateWebhook(workspace.id);
  const remove = useDeleteWebhook(workspace.id);
  const sendTest = useSendTest(workspace.id);
  const [created, setCreated] = useState<WebhookCreated | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [viewing, setViewing] = useState<Webhook | null>(null);

  if (!isOwner) {
    return (
      <Alert variant="light" color="gray" title="Owners only" role="note">
        Webhooks send this workspace’s changes to other systems, so only its owners can see and manage them.
      </Alert>
    );
  }

  const toggle = (hook: Webhook) =>
    update.mutate(
      { id: hook.id, body: { enabled: !hook.enabled } },
      {
        onSuccess: (saved) => notifications.show({ message: `${saved.enabled ? 'Resumed' : 'Paused'} deliveries to ${saved.url}.` }),
        onError: (error) => notifications.show({ color: 'red', title: 'Could not change the webhook', message: messageOf(error) }),
      },
    );
  const test = (hook: Webhook) =>
    sendTest.mutate(hook.id, {
      onSuccess: () => {
        notifications.show({ message: `Queued a test event for ${hook.url}. The delivery worker sends it within seconds.` });
        setViewing(hook);
      },
      onError: (error) => notifications.show({ color: 'red', title: 'Could not send a test event', message: messageOf(error) }),
    });

  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed" maw={720}>
        A webhook POSTs each matching change to a URL as it happens, signed with its own secret (Standard Webhooks), and
        retries until the endpoint answers 2xx. See the README’s Webhooks section for verifying the signature.
      </Text>
      {created && (
        <SecretOnce
          title={`Webhook for ${created.url} created`}
          secret={created.secret}
          copyLabel="Copy signing secret"
          testId="webhook-secret"
          onDismiss={() => setCreated(null)}
        >
          <Text size="sm">The endpoint verifies each request’s webhook-signature header with this signing secret.</Text>
        </SecretOnce>
      )}
      <CreateWebhookForm workspaceId={workspace.id} onCreated={setCreated} />
      {hooks.isPending && <LoadingState label="Loading webhooks…" />}
      {hooks.isError && <ErrorState error={hooks.error} onRetry={() => void hooks.refetch()} />}
      {hooks.isSuccess && hooks.data.length === 0 && (
        <EmptyView title="No webhooks" description="Create one above to send this workspace’s changes to another system." />
      )}
      {hooks.isSuccess &&
        hooks.data.map((hook) => {
          const status = webhookStatus(hook);
          const busy = (update.isPending && update.variables?.id === hook.id) || (sendTest.isPending && sendTest.variables === hook.id);
          return (
            <Card key={hook.id} withBorder component="section" aria-label={`Webhook ${hook.url}`}>
              <Stack gap={6}>
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                    <LightBadge color={status.color}>{status.label}</LightBadge>
                    <Text fw={600} style={{ wordBreak: 'break-all' }}>
                      {hook.url}
                    </Text>
                  </Group>
                  <Group gap="xs">
                    <Button size="compact-sm" variant="default" onClick={() => setViewing(hook)}>
                      Deliveries
                    </Button>
                    <Button size="compact-sm" variant="default" onClick={() => test(hook)} disabled={!hook.enabled || busy}>
                      Send a test event
                    </Button>
                    <Button size="compact-sm" variant="default" onClick={() => toggle(hook)} disabled={busy}>
                      {hook.enabled ? 'Pause' : 'Resume'}
                    </Button>
                    <Button size="compact-sm" variant="subtle" color="red" onClick={() => setDeleting(hook)} aria-label={`Delete webhook ${hook.url}`}>
                      Delete
                    </Button>
                  </Group>
                </Group>
                {hook.description && <Text size="sm">{hook.description}</Text>}
                <Text size="sm" c="dimmed">
                  Sends {hook.event_types.map(describeSubscription).join(', ')} · created {formatDateTime(hook.created_at)}
                </Text>
                {status.detail && (
                  <Text size="sm" c={status.color === 'red' ? 'red.9' : undefined}>
                    {status.detail}
                  </Text>
                )}
              </Stack>
            </Card>
          );
        })}
      <DeliveriesDialog workspaceId={workspace.id} hook={viewing} onClose={() => setViewing(null)} />
      <ConfirmAction
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        variables={(d) => d.id}
        done={(d) => `Deleted the webhook for ${d.url}.`}
        title="Delete webhook"
        confirmLabel="Delete webhook"
      >
        {(d) => <>Delete the webhook for {d.url}? Nothing more is sent to it, and its delivery log is deleted too.</>}
      </ConfirmAction>
    </Stack>
  );
}

const SUBSCRIPTIONS = subscriptionOptions();

interface CreateValues {
  url: string;
  description: string;
  event_types: string[];
}

function CreateWebhookForm({ workspaceId, onCreated }: { workspaceId: string; onCreated: (hook: WebhookCreated) => void }) {
  const create = useCreateWebhook(workspaceId);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<CreateValues>({
    initialValues: { url: '', description: '', event_types: ['*'] },
    validate: {
      url: (v) => (/^https?:\/\/\S+$/i.test(v.trim()) ? null : 'Enter the full http:// or https:// address of the endpoint'),
      event_types: (v) => (v.length ? null : 'Choose at least one kind of event'),
    },
  });
  const submit = form.onSubmit((values) => {
    setFormError(null);
    create.mutate(
      { url: values.url.trim(), description: values.description.trim(), event_types: values.event_types },
      {
        onSuccess: (hook) => {
          form.reset();
          onCreated(hook);
        },
        onError: (error) => {
          const mapped = toFieldErrors(error, { known: ['url', 'description', 'event_types'] });
          form.setErrors(mapped.fieldErrors);
          setFormError(mapped.formError);
        },
      },
    );
  });
  return (
    <Card withBorder maw={720}>
      <Title order={2} size="h4" mb="sm">
        Create a webhook
      </Title>
      <form onSubmit={submit} noValidate aria-label="Create a webhook">
        <Stack>
          <TextInput label="Endpoint URL" placeholder="https://hooks.example.org/rapport" required {...form.getInputProps('url')} />
          <TextInput label="Description" description="What receives it, for the next owner" {...form.getInputProps('description')} />
          <TagsInput
            label="Events"
            description={
              <>
                <Code>*</Code> sends everything; <Code>concern.*</Code> every change to concerns; or pick single events
              </>
            }
            data={SUBSCRIPTIONS}
            limit={20}
            clearable
            acceptValueOnBlur
            {...form.getInputProps('event_types')}
          />
          <FormError message={formError} />
          <Group>
            <Button type="submit" loading={create.isPending}>
              Create webhook
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

const column = createColumnHelper<WebhookDelivery>();

function lastAttempt(d: WebhookDelivery): string {
  const last = d.attempts[d.attempts.length - 1];
  if (!last) return 'Not tried yet';
  const answer = last.status_code !== null ? `HTTP ${last.status_code}` : 'no answer';
  return `${answer}, ${last.latency_ms} ms${last.error ? `: ${last.error}` : ''}`;
}

/** A delivery queued over a minute ago and never tried: the worker is not running, most likely. */
export function stalled(items: WebhookDelivery[], now = Date.now()): boolean {
  return items.some((d) => d.status === 'pending' && d.attempt_count === 0 && now - Date.parse(d.created_at) > 60_000);
}

function DeliveriesDialog({ workspaceId, hook, onClose }: { workspaceId: string; hook: Webhook | null; onClose: () => void }) {
  const deliveries = useDeliveries(workspaceId, hook?.id ?? null);
  const columns = useMemo(
    () => [
      column.accessor('event_type', { header: 'Event', cell: (c) => <Code>{c.getValue()}</Code> }),
      column.accessor('created_at', { header: 'Queued', cell: (c) => formatDateTime(c.getValue()) }),
      column.accessor('status', {
        header: 'Status',
        cell: ({ row }) =>
          row.original.status === 'delivered' ? (
            <LightBadge color="green">Delivered</LightBadge>
          ) : (
            <LightBadge color={row.original.attempt_count ? 'orange' : 'gray'}>{row.original.attempt_count ? 'Retrying' : 'Pending'}</LightBadge>
          ),
      }),
      column.accessor('attempt_count', { header: 'Attempts' }),
      column.display({ id: 'last', header: 'Last attempt', cell: ({ row }) => lastAttempt(row.original) }),
      column.accessor('next_attempt_at', {
        header: 'Next try',
        cell: (c) => (c.row.original.status === 'pending' && c.getValue() ? formatDateTime(c.getValue()) : '—'),
      }),
    ],
    [],
  );
  return (
    <Modal opened={hook !== null} onClose={onClose} title={hook ? `Deliveries to ${hook.url}` : ''} size="xl">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            The latest {DELIVERIES_SHOWN}, newest first.
          </Text>
          <Button size="compact-sm" variant="default" onClick={() => void deliveries.refetch()} loading={deliveries.isFetching}>
            Refresh
          </Button>
        </Group>
        {deliveries.isPending && <LoadingState label="Loading deliveries…" />}
        {deliveries.isError && <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />}
        {deliveries.isSuccess && deliveries.data.items.length === 0 && (
          <EmptyView title="Nothing sent yet" description="Matching events are sent here as they happen." />
        )}
        {deliveries.isSuccess && stalled(deliveries.data.items) && (
          <Alert color="yellow" variant="light" role="note" title="Nothing has been tried for over a minute">
            Deliveries are sent by the delivery worker, a process beside the API. Check that <Code>rapport worker</Code> is
            running (<Code>make run</Code> starts one; docker compose runs it as the <Code>worker</Code> service).
          </Alert>
        )}
        {deliveries.isSuccess && deliveries.data.items.length > 0 && (
          <DataTable data={deliveries.data.items} columns={columns} caption="Deliveries" getRowId={(d) => d.id} minWidth={760} dense />
        )}
      </Stack>
    </Modal>
  );
}
