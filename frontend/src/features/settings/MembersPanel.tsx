import { Alert, Button, Card, Group, Select, Stack, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { messageOf, toFieldErrors } from '../../api/errors';
import type { Member, Role } from '../../api/types';
import { ConfirmAction } from '../../components/ConfirmDialog';
import { DataTable } from '../../components/DataTable';
import { FormError } from '../../components/FormError';
import { EmptyView, ErrorState, LoadingState } from '../../components/states';
import { useMe } from '../auth/api';
import { useCurrentWorkspace } from '../workspaces/context';
import { ROLE_HELP, ROLE_LABELS } from '../workspaces/roles';
import { useAddMember, useChangeRole, useMembers, useRemoveMember } from './api';

const column = createColumnHelper<Member>();
const ROLE_OPTIONS = (Object.keys(ROLE_LABELS) as Role[]).map((value) => ({ value, label: ROLE_LABELS[value] }));
const isRole = (v: string | null): v is Role => v !== null && v in ROLE_LABELS;

export function MembersPanel() {
  const { workspace, isOwner } = useCurrentWorkspace();
  const me = useMe();
  const members = useMembers(workspace.id);
  const changeRole = useChangeRole(workspace.id);
  const remove = useRemoveMember(workspace.id);
  const [removing, setRemoving] = useState<Member | null>(null);

  const columns = useMemo(
    () => [
      column.accessor('name', { header: 'Name', cell: (c) => c.getValue() || '—' }),
      column.accessor('email', { header: 'Email' }),
      column.accessor('role', {
        header: 'Role',
        cell: ({ row }) =>
          isOwner ? (
            <Select
              aria-label={`Role for ${row.original.email}`}
              data={ROLE_OPTIONS}
              value={row.original.role}
              allowDeselect={false}
              size="xs"
              w={120}
              disabled={changeRole.isPending}
              onChange={(role) =>
                isRole(role) &&
                role !== row.original.role &&
                changeRole.mutate(
                  { userId: row.original.user_id, role },
                  {
                    onSuccess: () => notifications.show({ message: `${row.original.email} is now ${ROLE_LABELS[role].toLowerCase()}.` }),
                    onError: (e) => notifications.show({ color: 'red', title: 'Role not changed', message: messageOf(e) }),
                  },
                )
              }
            />
          ) : (
            ROLE_LABELS[row.original.role]
          ),
      }),
      ...(isOwner
        ? [
            column.display({
              id: 'actions',
              header: () => <VisuallyHidden>Actions</VisuallyHidden>,
              cell: ({ row }) => {
                const label = row.original.user_id === me.data?.id ? 'Leave' : 'Remove';
                return (
                  <Button size="compact-sm" variant="subtle" color="red" onClick={() => setRemoving(row.original)} aria-label={`${label} ${row.original.email}`}>
                    {label}
                  </Button>
                );
              },
            }),
          ]
        : []),
    ],
    [isOwner, changeRole, me.data?.id],
  );

  return (
    <Stack gap="lg">
      {!isOwner && (
        <Alert variant="light" color="gray" role="note">
          Only owners can add members or change roles.
        </Alert>
      )}
      {members.isPending && <LoadingState label="Loading members…" />}
      {members.isError && <ErrorState error={members.error} onRetry={() => void members.refetch()} />}
      {members.isSuccess && members.data.length === 0 && <EmptyView title="No members" />}
      {members.isSuccess && members.data.length > 0 && (
        <DataTable data={members.data} columns={columns} caption="Members" getRowId={(m) => m.id} minWidth={560} sortable />
      )}
      {isOwner && <AddMemberForm workspaceId={workspace.id} />}
      <ConfirmAction
        target={removing}
        onClose={() => setRemoving(null)}
        mutation={remove}
        variables={(r) => r.user_id}
        done={(r) => `Removed ${r.email}.`}
        title="Remove member"
        confirmLabel="Remove"
      >
        {(r) => <>Remove {r.email} from “{workspace.name}”? They lose access at once; the records they wrote stay.</>}
      </ConfirmAction>
    </Stack>
  );
}

function AddMemberForm({ workspaceId }: { workspaceId: string }) {
  const add = useAddMember(workspaceId);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<{ email: string; role: Role }>({
    initialValues: { email: '', role: 'lead' },
    validate: { email: (v) => (/^[^@\s]+@[^@\s]+$/.test(v.trim()) ? null : 'Enter an email address') },
  });
  const submit = form.onSubmit((values) => {
    setFormError(null);
    add.mutate(
      { email: values.email.trim(), role: values.role },
      {
        onSuccess: (m) => {
          form.reset();
          notifications.show({ color: 'green', message: `Added ${m.email} as ${ROLE_LABELS[m.role].toLowerCase()}.` });
        },
        onError: (error) => {
          const mapped = toFieldErrors(error, { known: ['email', 'role'] });
          form.setErrors(mapped.fieldErrors);
          setFormError(mapped.formError);
        },
      },
    );
  });
  return (
    <Card withBorder maw={640}>
      <Title order={2} size="h4" mb={4}>
        Add a member
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        They need a Rapport account already; add them by the email they sign in with.
      </Text>
      <form onSubmit={submit} noValidate aria-label="Add a member">
        <Stack>
          <Group align="flex-start" wrap="wrap">
            <TextInput label="Email" type="email" required w={260} {...form.getInputProps('email')} />
            <Select
              label="Role"
              data={ROLE_OPTIONS}
              allowDeselect={false}
              w={140}
              {...form.getInputProps('role')}
              onChange={(v) => isRole(v) && form.setFieldValue('role', v)}
            />
          </Group>
          <Text size="xs" c="dimmed">
            {ROLE_LABELS[form.values.role]}: {ROLE_HELP[form.values.role]}.
          </Text>
          <FormError message={formError} />
          <Group>
            <Button type="submit" loading={add.isPending}>
              Add member
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
