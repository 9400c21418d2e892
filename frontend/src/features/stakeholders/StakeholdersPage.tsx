import { Anchor, Badge, Button, Group, Modal, Select, Stack, Switch, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { messageOf } from '../../api/errors';
import type { Stakeholder } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { EmptyView, ErrorState, LoadingState } from '../../components/states';
import { downloadCsv, toCsv } from '../../lib/csv';
import { useTeams } from '../teams/api';
import { useCurrentWorkspace } from '../workspaces/context';
import { fetchAllStakeholders, useStakeholderPage, type StakeholderFilters } from './api';
import { stakeholderCsvColumns } from './export';
import { isRoleType, ROLE_TYPE_LABELS, ROLE_TYPE_OPTIONS } from './labels';
import { StakeholderForm } from './StakeholderForm';

const column = createColumnHelper<Stakeholder>();
const PAGE_SIZES = ['25', '50', '100', '200'];

type Editing = { mode: 'new' } | { mode: 'edit'; stakeholder: Stakeholder } | null;

export function StakeholdersPage() {
  const { workspace, canWrite } = useCurrentWorkspace();
  const [params, setParams] = useSearchParams();
  const teams = useTeams(workspace.id);

  // The view lives in the URL, so it can be shared, bookmarked and restored with Back.
  const roleParam = params.get('role');
  const filters: StakeholderFilters = useMemo(
    () => ({
      q: params.get('q') ?? '',
      teamId: params.get('team'),
      roleType: isRoleType(roleParam) ? roleParam : null,
      includeArchived: params.get('archived') === 'include',
    }),
    [params, roleParam],
  );
  const limit = PAGE_SIZES.includes(params.get('limit') ?? '') ? Number(params.get('limit')) : 50;
  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const [search, setSearch] = useState(filters.q);
  const [debounced] = useDebouncedValue(search, 300);
  useEffect(() => {
    if (debounced !== (params.get('q') ?? '')) setParam('q', debounced.trim() ? debounced : null);
    // setParam is stable in effect: it only reads `prev`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  // Cursor paging: a stack of cursors, reset whenever the filters change.
  const viewKey = JSON.stringify([filters, limit]);
  const [paging, setPaging] = useState<{ key: string; cursors: (string | undefined)[] }>({ key: viewKey, cursors: [undefined] });
  const cursors = paging.key === viewKey ? paging.cursors : [undefined];
  const pageIndex = cursors.length - 1;
  const page = useStakeholderPage(workspace.id, filters, limit, cursors[pageIndex]);

  const [editing, setEditing] = useState<Editing>(null);
  const [exporting, setExporting] = useState(false);

  const teamName = useMemo(() => new Map((teams.data ?? []).map((t) => [t.id, t.name])), [teams.data]);
  const columns = useMemo(
    () => [
      column.accessor('name', {
        header: 'Name',
        cell: ({ row }) => (
          <Group gap={6} wrap="nowrap">
            <Anchor component={Link} to={`/w/${workspace.id}/stakeholders/${row.original.id}`} fw={500} size="sm" style={{ whiteSpace: 'nowrap' }}>
              {row.original.name}
            </Anchor>
            {row.original.archived && (
              <Badge size="xs" color="gray" variant="light">
                Archived
              </Badge>
            )}
          </Group>
        ),
      }),
      column.accessor('title', { header: 'Title', cell: (c) => c.getValue() || '—' }),
      column.accessor('team_id', { header: 'Team', cell: (c) => (c.getValue() ? (teamName.get(c.getValue() ?? '') ?? '…') : '—') }),
      column.accessor('role_type', { header: 'Role type', cell: (c) => ROLE_TYPE_LABELS[c.getValue()] }),
      column.accessor('discipline', { header: 'Discipline', cell: (c) => c.getValue() || '—' }),
      column.accessor('email', { header: 'Email', cell: (c) => c.getValue() || '—' }),
      column.accessor('tags', {
        header: 'Tags',
        cell: (c) =>
          c.getValue().length ? (
            <Group gap={4}>
              {c.getValue().map((tag) => (
                <Badge key={tag} size="sm" variant="outline">
                  {tag}
                </Badge>
              ))}
            </Group>
          ) : (
            '—'
          ),
      }),
      column.accessor('influence_manual', { header: 'Manual influence', cell: (c) => c.getValue()?.toFixed(2) ?? '—' }),
      ...(canWrite
        ? [
            column.display({
              id: 'actions',
              header: () => <VisuallyHidden>Actions</VisuallyHidden>,
              cell: ({ row }) => (
                <Group gap="xs" wrap="nowrap" justify="flex-end">
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    component={Link}
                    to={`/w/${workspace.id}/log?stakeholder=${row.original.id}`}
                    aria-label={`Log a conversation with ${row.original.name}`}
                  >
                    Log
                  </Button>
                  <Button
                    size="compact-sm"
                    variant="light"
                    onClick={() => setEditing({ mode: 'edit', stakeholder: row.original })}
                    aria-label={`Edit ${row.original.name}`}
                  >
                    Edit
                  </Button>
                </Group>
              ),
            }),
          ]
        : []),
    ],
    [canWrite, teamName, workspace.id],
  );

  const exportCsv = async () => {
    setExporting(true);
    try {
      const rows = await fetchAllStakeholders(workspace.id, filters);
      const day = new Date().toISOString().slice(0, 10);
      downloadCsv(`stakeholders-${day}.csv`, toCsv(rows, stakeholderCsvColumns(teams.data ?? [])));
      notifications.show({ message: `Exported ${rows.length} stakeholder${rows.length === 1 ? '' : 's'}.` });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Export failed', message: messageOf(error) });
    } finally {
      setExporting(false);
    }
  };

  const filtered = Boolean(filters.q || filters.teamId || filters.roleType || filters.includeArchived);
  const rows = page.data?.items ?? [];
  const addButton = canWrite && <Button onClick={() => setEditing({ mode: 'new' })}>Add stakeholder</Button>;

  return (
    <>
      <PageHeader
        title="Stakeholders"
        description="The people whose trust the change depends on."
        actions={
          <>
            <Button
              variant="default"
              onClick={() => void exportCsv()}
              loading={exporting}
              disabled={!page.isSuccess || rows.length === 0}
              title="Every stakeholder that matches the current search and filters, on all pages"
            >
              Export CSV
            </Button>
            {addButton}
          </>
        }
      />
      <Stack gap="md">
        <Group align="flex-end" gap="sm" wrap="wrap" role="search" aria-label="Filter stakeholders">
          <TextInput
            label="Search by name"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={220}
          />
          <Select
            label="Team"
            placeholder="All teams"
            data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
            value={filters.teamId}
            onChange={(v) => setParam('team', v)}
            clearable
            searchable
            w={200}
          />
          <Select
            label="Role type"
            placeholder="All role types"
            data={ROLE_TYPE_OPTIONS}
            value={filters.roleType}
            onChange={(v) => setParam('role', v)}
            clearable
            w={220}
          />
          <Switch
            label="Include archived"
            checked={filters.includeArchived}
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
              description={canWrite ? 'Add the people whose trust the change depends on.' : 'Nobody has added a stakeholder yet.'}
              action={addButton}
            />
          )
        )}
        {page.isSuccess && (rows.length > 0 || pageIndex > 0) && (
          <>
            <div aria-busy={page.isFetching} style={{ opacity: page.isPlaceholderData ? 0.6 : 1 }}>
              <DataTable data={rows} columns={columns} caption="Stakeholders" getRowId={(s) => s.id} minWidth={900} />
            </div>
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
        title={editing?.mode === 'edit' ? `Edit ${editing.stakeholder.name}` : 'Add stakeholder'}
        size="lg"
      >
        {editing && (
          <StakeholderForm
            workspaceId={workspace.id}
            stakeholder={editing.mode === 'edit' ? editing.stakeholder : undefined}
            onCancel={() => setEditing(null)}
            onDone={(s) => {
              setEditing(null);
              notifications.show({ color: 'green', message: `Saved ${s.name}.` });
            }}
          />
        )}
      </Modal>
    </>
  );
}
