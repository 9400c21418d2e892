import { Button, Group, Modal, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { messageOf } from '../../api/errors';
import type { Team } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { EmptyView, ErrorState, LoadingState } from '../../components/states';
import { formatDate } from '../../lib/format';
import { useCurrentWorkspace } from '../workspaces/context';
import { useDeleteTeam, useTeams } from './api';
import { TeamForm } from './TeamForm';

const column = createColumnHelper<Team>();

type Editing = { mode: 'new' } | { mode: 'edit'; team: Team } | null;

export function TeamsPage() {
  const { workspace, canWrite } = useCurrentWorkspace();
  const teams = useTeams(workspace.id);
  const remove = useDeleteTeam(workspace.id);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);

  const columns = useMemo(
    () => [
      column.accessor('name', { header: 'Name', cell: (c) => <Text fw={500}>{c.getValue()}</Text> }),
      column.accessor('description', { header: 'Description', cell: (c) => c.getValue() || '—' }),
      column.accessor('updated_at', { header: 'Updated', cell: (c) => formatDate(c.getValue()) }),
      ...(canWrite
        ? [
            column.display({
              id: 'actions',
              header: () => <VisuallyHidden>Actions</VisuallyHidden>,
              cell: ({ row }) => (
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  <Button size="compact-sm" variant="light" onClick={() => setEditing({ mode: 'edit', team: row.original })} aria-label={`Edit ${row.original.name}`}>
                    Edit
                  </Button>
                  <Button size="compact-sm" variant="subtle" color="red" onClick={() => setDeleting(row.original)} aria-label={`Delete ${row.original.name}`}>
                    Delete
                  </Button>
                </Group>
              ),
            }),
          ]
        : []),
    ],
    [canWrite],
  );

  const newButton = canWrite && <Button onClick={() => setEditing({ mode: 'new' })}>New team</Button>;

  return (
    <>
      <PageHeader title="Teams" description="The units and departments taking part in the change." actions={newButton} />
      {teams.isPending && <LoadingState label="Loading teams…" />}
      {teams.isError && <ErrorState error={teams.error} onRetry={() => void teams.refetch()} />}
      {teams.isSuccess && teams.data.length === 0 && (
        <EmptyView
          title="No teams yet"
          description={canWrite ? 'Add the units or departments taking part, then place stakeholders in them.' : 'Nobody has added a team yet.'}
          action={newButton}
        />
      )}
      {teams.isSuccess && teams.data.length > 0 && (
        <DataTable data={teams.data} columns={columns} caption="Teams" getRowId={(t) => t.id} minWidth={560} sortable />
      )}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing?.mode === 'edit' ? 'Edit team' : 'New team'}>
        {editing && (
          <TeamForm
            workspaceId={workspace.id}
            team={editing.mode === 'edit' ? editing.team : undefined}
            onCancel={() => setEditing(null)}
            onDone={(team) => {
              setEditing(null);
              notifications.show({ message: `Saved team “${team.name}”.`, color: 'green' });
            }}
          />
        )}
      </Modal>
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete team"
        confirmLabel="Delete team"
        loading={remove.isPending}
        error={remove.error ? messageOf(remove.error) : null}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifications.show({ message: `Deleted team “${deleting.name}”.` });
              setDeleting(null);
            },
          })
        }
      >
        Delete “{deleting?.name}”? Its stakeholders stay, with no team.
      </ConfirmDialog>
    </>
  );
}
