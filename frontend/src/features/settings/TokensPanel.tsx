import { Alert, Badge, Button, Card, Code, Group, Radio, Stack, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { toFieldErrors } from '../../api/errors';
import type { Token, TokenCreated, TokenScope } from '../../api/types';
import { ConfirmAction } from '../../components/ConfirmDialog';
import { DataTable } from '../../components/DataTable';
import { FormError } from '../../components/FormError';
import { SecretOnce } from '../../components/SecretOnce';
import { EmptyView, ErrorState, LoadingState } from '../../components/states';
import { formatDateTime } from '../../lib/format';
import { useCurrentWorkspace } from '../workspaces/context';
import { useCreateToken, useRevokeToken, useTokens } from './api';

const column = createColumnHelper<Token>();

export function TokensPanel() {
  const { workspace, isOwner } = useCurrentWorkspace();
  const tokens = useTokens(workspace.id, isOwner);
  const revoke = useRevokeToken(workspace.id);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const [created, setCreated] = useState<TokenCreated | null>(null);

  const columns = useMemo(
    () => [
      column.accessor('name', { header: 'Name' }),
      column.accessor('prefix', { header: 'Starts with', cell: (c) => <Code>{c.getValue()}…</Code> }),
      column.accessor('scope', { header: 'Scope', cell: (c) => (c.getValue() === 'write' ? 'Read and write' : 'Read only') }),
      column.accessor('created_at', { header: 'Created', cell: (c) => formatDateTime(c.getValue()) }),
      column.accessor('last_used_at', { header: 'Last used', cell: (c) => (c.getValue() ? formatDateTime(c.getValue()) : 'Never') }),
      column.accessor('revoked_at', {
        header: 'Status',
        cell: (c) =>
          c.getValue() ? (
            <Badge color="gray" variant="light">
              Revoked
            </Badge>
          ) : (
            <Badge color="green" variant="light">
              Active
            </Badge>
          ),
      }),
      column.display({
        id: 'actions',
        header: () => <VisuallyHidden>Actions</VisuallyHidden>,
        cell: ({ row }) =>
          row.original.revoked_at ? null : (
            <Button size="compact-sm" variant="subtle" color="red" onClick={() => setRevoking(row.original)} aria-label={`Revoke ${row.original.name}`}>
              Revoke
            </Button>
          ),
      }),
    ],
    [],
  );

  if (!isOwner) {
    return (
      <Alert variant="light" color="gray" title="Owners only" role="note">
        API tokens let integrations read or change this workspace, so only its owners can see and manage them.
      </Alert>
    );
  }

  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed" maw={720}>
        Integrations send a token as <Code>Authorization: Bearer &lt;token&gt;</Code>. A read token may call every GET of
        this workspace; a write token may also create, change and delete records.
      </Text>
      {created && (
        <SecretOnce
          title={`Token “${created.name}” created`}
          secret={created.token}
          copyLabel="Copy token"
          testId="token-secret"
          onDismiss={() => setCreated(null)}
        />
      )}
      <CreateTokenForm workspaceId={workspace.id} onCreated={setCreated} />
      {tokens.isPending && <LoadingState label="Loading tokens…" />}
      {tokens.isError && <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />}
      {tokens.isSuccess && tokens.data.length === 0 && <EmptyView title="No API tokens" description="Create one above for an integration." />}
      {tokens.isSuccess && tokens.data.length > 0 && (
        <DataTable data={tokens.data} columns={columns} caption="API tokens" getRowId={(t) => t.id} minWidth={720} />
      )}
      <ConfirmAction
        target={revoking}
        onClose={() => setRevoking(null)}
        mutation={revoke}
        variables={(r) => r.id}
        done={(r) => `Revoked “${r.name}”.`}
        title="Revoke token"
        confirmLabel="Revoke token"
      >
        {(r) => <>Revoke “{r.name}”? Anything using it stops working immediately. This cannot be undone.</>}
      </ConfirmAction>
    </Stack>
  );
}

function CreateTokenForm({ workspaceId, onCreated }: { workspaceId: string; onCreated: (t: TokenCreated) => void }) {
  const create = useCreateToken(workspaceId);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<{ name: string; scope: TokenScope }>({
    initialValues: { name: '', scope: 'read' },
    validate: { name: (v) => (v.trim() ? null : 'Name the token after what will use it') },
  });
  const submit = form.onSubmit((values) => {
    setFormError(null);
    create.mutate(
      { name: values.name.trim(), scope: values.scope },
      {
        onSuccess: (token) => {
          form.reset();
          onCreated(token);
        },
        onError: (error) => {
          const mapped = toFieldErrors(error, { known: ['name', 'scope'] });
          form.setErrors(mapped.fieldErrors);
          setFormError(mapped.formError);
        },
      },
    );
  });
  return (
    <Card withBorder maw={640}>
      <Title order={2} size="h4" mb="sm">
        Create a token
      </Title>
      <form onSubmit={submit} noValidate aria-label="Create a token">
        <Stack>
          <TextInput label="Name" description="What will use it, e.g. “Data warehouse nightly pull”" required {...form.getInputProps('name')} />
          <Radio.Group label="Scope" {...form.getInputProps('scope')}>
            <Stack gap={6} mt={6}>
              <Radio value="read" label="Read only" description="GET requests only" />
              <Radio value="write" label="Read and write" description="Also create, change and delete records" />
            </Stack>
          </Radio.Group>
          <FormError message={formError} />
          <Group>
            <Button type="submit" loading={create.isPending}>
              Create token
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
