import { Anchor, Badge, Button, Group, Modal, Select, Stack, Switch, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { createColumnHelper, type SortingState } from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { Score } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { ScoreDisclaimer } from '../../components/ScoreDisclaimer';
import { EmptyView, ErrorState, LoadingState } from '../../components/states';
import { NO_TEAM } from '../map/points';
import { useStakeholder } from '../scores/api';
import { CategoryBadge, LightBadge } from '../scores/CategoryBadge';
import { categoriesFor, categoryLabel, percent, points as fmt } from '../scores/categories';
import { useTeams } from '../teams/api';
import { useCurrentWorkspace } from '../workspaces/context';
import { useArchivedStakeholderIds, useScoreTablePage } from './api';
import { formatDate, formatDayMonth } from '../../lib/format';
import { ROLE_TYPE_LABELS } from './labels';
import { exportHref, isFiltered, joinSort, PAGE_SIZES, pageSizeFromParams, splitSort, viewFromParams, type SortKey } from './scoreView';
import { PlaceInTeam } from './PlaceInTeam';
import { StakeholderForm } from './StakeholderForm';
import { useUrlParams } from '../../lib/urlParams';

const column = createColumnHelper<Score>();

const NEEDS_OPTIONS = [
  { value: 'yes', label: 'Needs a one-on-one' },
  { value: 'no', label: 'Does not need one' },
];

type Editing = { mode: 'new' } | { mode: 'edit'; id: string; name: string } | null;

export function StakeholdersPage() {
  const { workspace, canWrite, role } = useCurrentWorkspace();
  const viewer = role === 'viewer';
  const { params, setParam, setParams } = useUrlParams();
  const teams = useTeams(workspace.id);

  // The view lives in the URL, so it can be shared, bookmarked and restored with Back.
  const view = useMemo(() => viewFromParams(params, viewer), [params, viewer]);
  // The scores list does not say who is archived: only asked for when archived people are shown.
  const archived = useArchivedStakeholderIds(workspace.id, view.includeArchived);
  const limit = pageSizeFromParams(params);

  const [search, setSearch] = useState(view.q);
  const [debounced] = useDebouncedValue(search, 300);
  useEffect(() => {
    if (debounced !== (params.get('q') ?? '')) setParam('q', debounced.trim() ? debounced : null);
    // setParam is stable in effect: it only reads `prev`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  // Cursor paging: a stack of cursors, reset whenever the filters or the sort change.
  const viewKey = JSON.stringify([view, limit]);
  const [paging, setPaging] = useState<{ key: string; cursors: (string | undefined)[] }>({ key: viewKey, cursors: [undefined] });
  const cursors = paging.key === viewKey ? paging.cursors : [undefined];
  const pageIndex = cursors.length - 1;
  const page = useScoreTablePage(workspace.id, view, limit, cursors[pageIndex]);

  const [editing, setEditing] = useState<Editing>(null);

  const sorting: SortingState = useMemo(() => {
    const { key, desc } = splitSort(view.sort);
    return [{ id: key, desc }];
  }, [view.sort]);
  const onSort = (next: SortingState) => {
    const first = next[0];
    setParam('sort', first ? joinSort(first.id as SortKey, first.desc) : null);
  };

  const teamList = teams.data;
  const teamName = useMemo(() => new Map((teamList ?? []).map((t) => [t.id, t.name])), [teamList]);
  const archivedIds = archived.data;
  const columns = useMemo(() => {
    // Scores read highest first on the first click; names A to Z.
    const score = { sortDescFirst: true } as const;
    return [
      column.accessor('name', {
        header: 'Name',
        sortDescFirst: false,
        cell: ({ row }) => (
          <Stack gap={0}>
            <Group gap={6} wrap="nowrap">
              <Anchor component={Link} to={`/w/${workspace.id}/stakeholders/${row.original.stakeholder_id}`} fw={500} size="sm" style={{ whiteSpace: 'nowrap' }}>
                {row.original.name}
              </Anchor>
              {archivedIds?.has(row.original.stakeholder_id) && (
                <Badge size="xs" color="gray" variant="light">
                  Archived
                </Badge>
              )}
            </Group>
            {/* The role type under the name: the scores need the width. */}
            <Text size="xs" c="dimmed">
              {ROLE_TYPE_LABELS[row.original.role_type]}
            </Text>
          </Stack>
        ),
      }),
      column.accessor('team_id', {
        header: 'Team',
        enableSorting: false,
        cell: ({ getValue, row }) => {
          const id = getValue();
          if (id) return teamName.get(id) ?? '…';
          return canWrite && teamList ? (
            <PlaceInTeam workspaceId={workspace.id} stakeholderId={row.original.stakeholder_id} name={row.original.name} teams={teamList} />
          ) : (
            '—'
          );
        },
      }),
      column.accessor('category', {
        header: 'Category',
        enableSorting: false,
        // A squeezed column would cut the badge's label short ("REL…").
        cell: (c) => (
          <div style={{ minWidth: 'max-content' }}>
            <CategoryBadge category={c.getValue()} />
          </div>
        ),
      }),
      column.accessor('champion_score', { header: 'Champion', ...score, cell: (c) => fmt(c.getValue()) }),
      column.accessor((s) => s.champion_interval[0], {
        id: 'champion_lower_bound',
        header: '80% interval',
        ...score,
        cell: ({ row }) => (
          <span style={{ whiteSpace: 'nowrap' }}>
            {fmt(row.original.champion_interval[0])}–{fmt(row.original.champion_interval[1])}
          </span>
        ),
      }),
      // Viewers get no reluctance, trust or one-on-one flag from the API, and may not sort by them.
      ...(viewer ? [] : [column.accessor('reluctance_score', { header: 'Reluctance', ...score, cell: (c) => fmt(c.getValue()) })]),
      column.accessor('confidence', { header: 'Confidence', ...score, cell: (c) => percent(c.getValue()) }),
      column.accessor('influence', { header: 'Influence', ...score, cell: (c) => c.getValue().toFixed(2) }),
      ...(viewer
        ? []
        : [
            column.accessor((s) => s.trust?.score ?? null, { id: 'trust', header: 'Trust', ...score, cell: (c) => fmt(c.getValue(), 0) }),
            // The API sorts this by how pressing the one-on-one is (reluctance × influence).
            column.accessor('needs_one_on_one', {
              header: 'One-on-one',
              ...score,
              cell: (c) =>
                c.getValue() ? (
                  // Whole, as the category badge: a squeezed column cut it to "NEE…".
                  <div style={{ minWidth: 'max-content' }}>
                    <LightBadge color="orange" size="sm">
                      Needed
                    </LightBadge>
                  </div>
                ) : c.row.original.one_on_one_scheduled_on ? (
                  // Booked within the window: that is why the rules do not flag them.
                  <Text span size="sm" c="dimmed" title={`A one-on-one is booked for ${formatDate(c.row.original.one_on_one_scheduled_on)}`}>
                    Booked <span style={{ whiteSpace: 'nowrap' }}>{formatDayMonth(c.row.original.one_on_one_scheduled_on)}</span>
                  </Text>
                ) : (
                  <Text span size="sm" c="dimmed">
                    Not needed
                  </Text>
                ),
            }),
          ]),
      ...(canWrite
        ? [
            column.display({
              id: 'actions',
              header: () => <VisuallyHidden>Actions</VisuallyHidden>,
              cell: ({ row }) => (
                // One above the other: the rows are two lines tall anyway, and the scores need the width.
                <Stack gap={4} align="flex-end">
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    component={Link}
                    to={`/w/${workspace.id}/log?stakeholder=${row.original.stakeholder_id}`}
                    aria-label={`Log a conversation with ${row.original.name}`}
                  >
                    Log
                  </Button>
                  <Button
                    size="compact-sm"
                    variant="light"
                    onClick={() => setEditing({ mode: 'edit', id: row.original.stakeholder_id, name: row.original.name })}
                    aria-label={`Edit ${row.original.name}`}
                  >
                    Edit
                  </Button>
                </Stack>
              ),
            }),
          ]
        : []),
    ];
  }, [canWrite, viewer, teamName, teamList, archivedIds, workspace.id]);

  const filtered = isFiltered(view);
  const rows = page.data?.items ?? [];
  const hasRows = page.isSuccess && (rows.length > 0 || pageIndex > 0);
  const addButton = canWrite && <Button onClick={() => setEditing({ mode: 'new' })}>Add stakeholder</Button>;
  const exportTitle = 'Every stakeholder that matches the current search and filters, on all pages, in this order';

  return (
    <>
      <PageHeader
        title="Stakeholders"
        description="The people whose trust the change depends on, with their current readings."
        actions={
          <>
            {hasRows ? (
              <Button
                component="a"
                variant="default"
                href={exportHref(workspace.id, view)}
                // The server names the file (Content-Disposition wins over a name given here).
                download
                title={exportTitle}
              >
                Export CSV
              </Button>
            ) : (
              <Button variant="default" disabled title={exportTitle}>
                Export CSV
              </Button>
            )}
            {addButton}
          </>
        }
      />
      <Stack gap="md">
        <ScoreDisclaimer />
        <Group align="flex-end" gap="sm" wrap="wrap" role="search" aria-label="Filter stakeholders">
          <TextInput label="Search by name" type="search" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={200} />
          <Select
            label="Team"
            placeholder="All teams"
            data={[...(teams.data ?? []).map((t) => ({ value: t.id, label: t.name })), { value: NO_TEAM, label: 'No team' }]}
            value={view.teamId}
            onChange={(v) => setParam('team', v)}
            clearable
            searchable
            w={180}
          />
          <Select
            label="Category"
            placeholder="All categories"
            data={categoriesFor(viewer).map((c) => ({ value: c, label: categoryLabel(c) }))}
            value={view.category}
            onChange={(v) => setParam('category', v)}
            clearable
            w={170}
          />
          {!viewer && (
            <Select
              label="One-on-one"
              placeholder="Anyone"
              data={NEEDS_OPTIONS}
              value={view.needsOneOnOne === null ? null : view.needsOneOnOne ? 'yes' : 'no'}
              onChange={(v) => setParam('needs', v)}
              clearable
              w={210}
            />
          )}
          <Switch
            label="Include archived"
            checked={view.includeArchived}
            onChange={(e) => setParam('archived', e.currentTarget.checked ? 'include' : null)}
            mb={8}
          />
        </Group>

        {page.isPending && <LoadingState label="Loading stakeholders…" />}
        {page.isError && <ErrorState error={page.error} onRetry={() => void page.refetch()} />}
        {page.isSuccess && rows.length === 0 && pageIndex === 0 && (
          filtered ? (
            <EmptyView
              title="No stakeholders match"
              description="Try another name or clear the filters."
              action={
                <Button
                  variant="default"
                  onClick={() => {
                    setSearch('');
                    setParams(new URLSearchParams(), { replace: true });
                  }}
                >
                  Clear filters
                </Button>
              }
            />
          ) : (
            <EmptyView
              title="No stakeholders yet"
              description={
                canWrite
                  ? 'Add the people whose trust the change depends on, or bring them in from the spreadsheet you keep them in.'
                  : 'Nobody has added a stakeholder yet.'
              }
              action={
                canWrite && (
                  <Group gap="sm">
                    {addButton}
                    <Button component={Link} to={`/w/${workspace.id}/import`} variant="default">
                      Import from a spreadsheet
                    </Button>
                  </Group>
                )
              }
            />
          )
        )}
        {hasRows && (
          <>
            <div aria-busy={page.isFetching} style={{ opacity: page.isPlaceholderData ? 0.6 : 1 }}>
              <DataTable
                data={rows}
                columns={columns}
                caption="Stakeholders"
                getRowId={(s) => s.stakeholder_id}
                minWidth={viewer ? 760 : 960}
                serverSort={{ sorting, onChange: onSort }}
                dense
              />
            </div>
            {view.includeArchived && archived.isError && (
              <Group gap="xs">
                <Text size="sm" c="dimmed">
                  Archived marks could not be loaded.
                </Text>
                <Button size="compact-xs" variant="default" onClick={() => void archived.refetch()}>
                  Load them again
                </Button>
              </Group>
            )}
            <Group justify="space-between" wrap="wrap">
              <Group gap="xs">
                <Button
                  variant="default"
                  size="xs"
                  disabled={pageIndex === 0}
                  onClick={() => setPaging({ key: viewKey, cursors: cursors.slice(0, -1) })}
                >
                  Previous page
                </Button>
                <Text size="sm" aria-live="polite">
                  Page {pageIndex + 1}
                  {rows.length > 0 && ` · ${rows.length} shown`}
                </Text>
                <Button
                  variant="default"
                  size="xs"
                  disabled={!page.data.next_cursor || page.isPlaceholderData}
                  onClick={() => setPaging({ key: viewKey, cursors: [...cursors, page.data.next_cursor ?? undefined] })}
                >
                  Next page
                </Button>
              </Group>
              <Select
                label="Rows per page"
                data={PAGE_SIZES}
                value={String(limit)}
                onChange={(v) => setParam('limit', v === '50' ? null : v)}
                allowDeselect={false}
                w={130}
                size="xs"
              />
            </Group>
          </>
        )}
      </Stack>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.mode === 'edit' ? `Edit ${editing.name}` : 'Add stakeholder'}
        size="lg"
      >
        {editing?.mode === 'new' && (
          <StakeholderForm
            workspaceId={workspace.id}
            onCancel={() => setEditing(null)}
            onDone={(s) => {
              setEditing(null);
              notifications.show({ color: 'green', message: `Saved ${s.name}.` });
            }}
          />
        )}
        {editing?.mode === 'edit' && (
          <EditStakeholder
            workspaceId={workspace.id}
            id={editing.id}
            onCancel={() => setEditing(null)}
            onDone={(name) => {
              setEditing(null);
              notifications.show({ color: 'green', message: `Saved ${name}.` });
            }}
          />
        )}
      </Modal>
    </>
  );
}

/** The form over the stakeholder as stored now: the scores list carries only name, team and role type. */
function EditStakeholder({ workspaceId, id, onCancel, onDone }: { workspaceId: string; id: string; onCancel: () => void; onDone: (name: string) => void }) {
  const stakeholder = useStakeholder(workspaceId, id);
  if (stakeholder.isPending) return <LoadingState label="Loading the stakeholder…" />;
  if (stakeholder.isError) return <ErrorState error={stakeholder.error} onRetry={() => void stakeholder.refetch()} />;
  return <StakeholderForm workspaceId={workspaceId} stakeholder={stakeholder.data} onCancel={onCancel} onDone={(s) => onDone(s.name)} />;
}
