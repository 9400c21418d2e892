import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { StakeholderCreate, StakeholderUpdate } from '../../api/types';
import { fetchAllPages, MAX_LIMIT } from '../../lib/pagination';
import { scoresKey } from '../scores/api';
import { scoreQuery, type ScoreView } from './scoreView';

export const stakeholdersKey = (workspaceId: string) => ['ws', workspaceId, 'stakeholders'] as const;

/**
 * One page of the stakeholders table: each person's reading, filtered and sorted by the API.
 * Under the scores key, so a new record or a new scoring settings version refreshes it.
 */
export function useScoreTablePage(workspaceId: string, view: ScoreView, limit: number, cursor: string | undefined) {
  const query = scoreQuery(view);
  return useQuery({
    queryKey: [...scoresKey(workspaceId), 'table', query, limit, cursor ?? null],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/workspaces/{workspace_id}/scores', {
          params: { path: { workspace_id: workspaceId }, query: { ...query, limit, cursor } },
        }),
      ),
    // Keep the old rows on screen while the next page, a new sort or a new search loads.
    placeholderData: keepPreviousData,
  });
}

/** Every active stakeholder, across pages (for pickers). */
function fetchActiveStakeholders(workspaceId: string) {
  return fetchAllPages((cursor) =>
    unwrap(
      api.GET('/api/v1/workspaces/{workspace_id}/stakeholders', {
        params: { path: { workspace_id: workspaceId }, query: { archived: false, limit: MAX_LIMIT, cursor } },
      }),
    ),
  );
}

const idSet = (items: { id: string }[]) => new Set(items.map((s) => s.id));

/**
 * The ids of archived stakeholders, for the table's "Archived" badge: the scores list carries
 * role types but not the archived flag. Only archived people are fetched (usually few), and
 * only while `enabled`, that is while the table includes them.
 */
export function useArchivedStakeholderIds(workspaceId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...stakeholdersKey(workspaceId), 'archived'],
    queryFn: () =>
      fetchAllPages((cursor) =>
        unwrap(
          api.GET('/api/v1/workspaces/{workspace_id}/stakeholders', {
            params: { path: { workspace_id: workspaceId }, query: { archived: true, limit: MAX_LIMIT, cursor } },
          }),
        ),
      ),
    enabled,
    select: idSet,
  });
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
    // A new person or a new name or team shows in the scores too (the table, the map).
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: stakeholdersKey(workspaceId) }),
        queryClient.invalidateQueries({ queryKey: scoresKey(workspaceId) }),
      ]),
  });
}

/** Active stakeholders as picker options, whole (a few hundred at most per initiative). */
export function useStakeholderOptions(workspaceId: string, enabled = true) {
  return useQuery({
    queryKey: [...stakeholdersKey(workspaceId), 'options'],
    enabled,
    queryFn: () => fetchActiveStakeholders(workspaceId),
    select: (items) => items.map((s) => ({ value: s.id, label: s.title ? `${s.name} (${s.title})` : s.name })),
  });
}
