import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { RoleType, StakeholderCreate, StakeholderUpdate } from '../../api/types';
import { fetchAllPages, MAX_LIMIT } from '../../lib/pagination';

export interface StakeholderFilters {
  q: string;
  teamId: string | null;
  roleType: RoleType | null;
  /** false: active only (the default view); true: archived and active. */
  includeArchived: boolean;
}

export const stakeholdersKey = (workspaceId: string) => ['ws', workspaceId, 'stakeholders'] as const;

function query(filters: StakeholderFilters) {
  return {
    q: filters.q.trim() || undefined,
    team_id: filters.teamId ?? undefined,
    role_type: filters.roleType ?? undefined,
    archived: filters.includeArchived ? undefined : false,
  };
}

function fetchPage(workspaceId: string, filters: StakeholderFilters, limit: number, cursor: string | undefined) {
  return unwrap(
    api.GET('/api/v1/workspaces/{workspace_id}/stakeholders', {
      params: { path: { workspace_id: workspaceId }, query: { ...query(filters), limit, cursor } },
    }),
  );
}

export function useStakeholderPage(workspaceId: string, filters: StakeholderFilters, limit: number, cursor: string | undefined) {
  return useQuery({
    queryKey: [...stakeholdersKey(workspaceId), 'page', filters, limit, cursor ?? null],
    queryFn: () => fetchPage(workspaceId, filters, limit, cursor),
    // Keep the old rows on screen while the next page or a new search loads.
    placeholderData: keepPreviousData,
  });
}

/** Every stakeholder that matches the filters, across pages (for the CSV export). */
export function fetchAllStakeholders(workspaceId: string, filters: StakeholderFilters) {
  return fetchAllPages((cursor) => fetchPage(workspaceId, filters, MAX_LIMIT, cursor));
}

export function useSaveStakeholder(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; body: StakeholderUpdate } | { id?: undefined; body: StakeholderCreate }) =>
      input.id !== undefined
        ? unwrap(
            api.PATCH('/api/v1/workspaces/{workspace_id}/stakeholders/{stakeholder_id}', {
              params: { path: { workspace_id: workspaceId, stakeholder_id: input.id } },
              body: input.body,
            }),
          )
        : unwrap(
            api.POST('/api/v1/workspaces/{workspace_id}/stakeholders', {
              params: { path: { workspace_id: workspaceId } },
              body: input.body,
            }),
          ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: stakeholdersKey(workspaceId) }),
  });
}

/** Active stakeholders as picker options, whole (a few hundred at most per initiative). */
export function useStakeholderOptions(workspaceId: string) {
  return useQuery({
    queryKey: [...stakeholdersKey(workspaceId), 'options'],
    queryFn: () => fetchAllStakeholders(workspaceId, { q: '', teamId: null, roleType: null, includeArchived: false }),
    select: (items) => items.map((s) => ({ value: s.id, label: s.title ? `${s.name} (${s.title})` : s.name })),
  });
}
