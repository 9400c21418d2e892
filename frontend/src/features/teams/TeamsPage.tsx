import { Anchor, Button, Group, Modal, Stack, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { Team, TeamInsight } from '../../api/types';
import { ConfirmAction } from '../../components/ConfirmDialog';
import { DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { EmptyView, ErrorState, LoadingState } from '../../components/states';
import { formatDate, noBreakHyphens } from '../../lib/format';
import { NO_TEAM } from '../map/points';
import { useTeamInsights } from '../scores/api';
import { LightBadge } from '../scores/CategoryBadge';
import { points } from '../scores/categories';
import { useCurrentWorkspace } from '../workspaces/context';
import { useDeleteTeam, useTeams } from './api';
import { CategoryMix, CategoryMixLegend, mixInWords } from './CategoryMix';
import { TeamForm } from './TeamForm';

/** A team with where its people stand (absent while the readings load or if they fail). */
type TeamRow = Team & { insight?: TeamInsight };

const column = createColumnHelper<TeamRow>();

type Editing = { mode: 'new' } | { mode: 'edit'; team: Team } | null;

export function TeamsPage() {
  const { workspace, role, canWrite } = useCurrentWorkspace();
  const viewer = role === 'viewer';
  const teams = useTeams(workspace.id);
  const insights = useTeamInsights(workspace.id);
  const rows = useMemo<TeamRow[]>(() => {
    const byTeam = new Map((insights.data ?? []).map((t) => [t.team_id, t]));
    return (teams.data ?? []).map((team) => ({ ...team, insight: byTeam.get(team.id) }));
  }, [teams.data, insights.data]);

  const remove = useDeleteTeam(workspace.id);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);

  const columns = useMemo(
    () => [
      column.accessor('name', { header: 'Name', cell: (c) => <Text fw={500}>{c.getValue()}</Text> }),
      column.accessor('description', { header: 'Description', cell: (c) => c.getValue() || '—' }),
      column.accessor((t) => t.insight?.stakeholders ?? -1, {
        id: 'people',
        header: 'People',
        cell: ({ row }) =>
          row.original.insight ? (
            <Anchor component={Link} to={`/w/${workspace.id}/stakeholders?team=${row.original.id}`} aria-label={`${row.original.insight.stakeholders} ${row.original.insight.stakeholders === 1 ? 'person' : 'people'} in ${row.original.name}`}>
              {row.original.insight.stakeholders}
            </Anchor>
          ) : (
            '—'
          ),
      }),
      column.display({
        id: 'mix',
        header: 'Where they stand',
        cell: ({ row }) => (row.original.insight ? <CategoryMix counts={row.original.insight.counts} viewer={viewer} /> : '—'),
      }),
      column.accessor((t) => (t.insight ? t.insight.champions.length : -1), {
        id: 'champions',
        header: 'Champions',
        cell: ({ row }) => {
          const insight = row.original.insight;
          if (!insight) return '—';
          if (!insight.champion_gap) return insight.champions.length;
          const supporters = insight.counts.supporter ?? 0;
          const many = `${supporters} ${supporters === 1 ? 'supporter' : 'supporters'}`;
          return (
            <Stack gap={2} align="flex-start">
              <LightBadge color="red" size="sm" style={{ minWidth: 'max-content' }}>
                Champion gap
              </LightBadge>
              {/* Where a gap closes from: the team's supporters, strongest evidence first. */}
              {supporters > 0 && (
                <Anchor
                  component={Link}
                  size="xs"
                  to={`/w/${workspace.id}/stakeholders?team=${row.original.id}&category=supporter`}
                  aria-label={`${row.original.name}: ${many} who could become champions`}
                >
                  {many} to grow
                </Anchor>
              )}
            </Stack>
          );
        },
      }),
      ...(viewer
        ? []
        : [
            column.accessor((t) => t.insight?.needing_one_on_one ?? -1, {
              id: 'one-on-one',
              header: noBreakHyphens('Need a one-on-one'),
              cell: ({ row }) => {
                const n = row.original.insight?.needing_one_on_one;
                if (n === undefined || n === null) return '—';
                if (n === 0) return 0;
                // Who they are, most pressing first.
                return (
                  <Anchor
                    component={Link}
                    to={`/w/${workspace.id}/stakeholders?team=${row.original.id}&needs=yes&sort=-needs_one_on_one`}
                    aria-label={`${row.original.name}: ${n} ${n === 1 ? 'person needs' : 'people need'} a one-on-one`}
                  >
                    {n}
                  </Anchor>
                );
              },
            }),
          ]),
      column.accessor((t) => t.insight?.mean_trust ?? -1, {
        id: 'trust',
        header: 'Mean trust',
        cell: ({ row }) => points(row.original.insight?.mean_trust, 0),
      }),
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
    [canWrite, viewer, workspace.id],
  );

  const newButton = canWrite && <Button onClick={() => setEditing({ mode: 'new' })}>New team</Button>;

  return (
    <>
      <PageHeader
        title="Teams"
        description="The units and departments taking part in the change, and where their people stand. A team with people but no champion has a champion gap."
        actions={newButton}
      />
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
        <>
          {insights.isError && <ErrorState error={insights.error} onRetry={() => void insights.refetch()} />}
          <DataTable data={rows} columns={columns} caption="Teams" getRowId={(t) => t.id} minWidth={900} sortable dense />
          {insights.isSuccess && <CategoryMixLegend viewer={viewer} />}
          {insights.data && <Teamless insights={insights.data} viewer={viewer} canWrite={canWrite} workspaceId={workspace.id} />}
        </>
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
      <ConfirmAction
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        variables={(d) => d.id}
        done={(d) => `Deleted team “${d.name}”.`}
        title="Delete team"
        confirmLabel="Delete team"
      >
        {(d) => <>Delete “{d.name}”? Its stakeholders stay, with no team.</>}
      </ConfirmAction>
    </>
  );
}

/** People in no team (the readings have a row for them when there are any): not a team,
 * so not a row of the table, but counted on the map and worth placing. */
function Teamless({ insights, viewer, canWrite, workspaceId }: { insights: TeamInsight[]; viewer: boolean; canWrite: boolean; workspaceId: string }) {
  const teamless = insights.find((t) => t.team_id === null && t.stakeholders > 0);
  if (!teamless) return null;
  return (
    <Text size="sm" mt="md" data-testid="teamless">
      {teamless.stakeholders === 1 ? '1 person is' : `${teamless.stakeholders} people are`} in no team yet ({mixInWords(teamless.counts, viewer)}).{' '}
      {canWrite ? (
        <>
          Place them in a team from the list:{' '}
          <Anchor inherit component={Link} to={`/w/${workspaceId}/stakeholders?team=${NO_TEAM}`}>
            see who they are
          </Anchor>
          .
        </>
      ) : (
        <>
          They count in the champion map but in no team above (
          <Anchor inherit component={Link} to={`/w/${workspaceId}/stakeholders?team=${NO_TEAM}`}>
            see who they are
          </Anchor>
          ).
        </>
      )}
    </Text>
  );
}
