import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { TeamCreate, TeamUpdate } from '../../api/types';
import { fetchAllPages, MAX_LIMIT } from '../../lib/pagination';
import { teamInsightsKey } from '../scores/api';

export const teamsKey = (workspaceId: string) => ['ws', workspaceId, 'teams'] as const;

/** All teams of a workspace: a few dozen at most, needed whole by pickers and filters. */
export function useTeams(workspaceId: string) {
  return useQuery({
    queryKey: teamsKey(workspaceId),
    queryFn: () =>
      fetchAllPages((cursor) =>
        unwrap(
          api.GET('/api/v1/workspaces/{workspace_id}/teams', {
            params: { path: { workspace_id: workspaceId }, query: { limit: MAX_LIMIT, cursor } },
          }),
        ),
      ),
  });
}

export function useSaveTeam(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: TeamCreate | TeamUpdate }) =>
      id
        ? unwrap(
            api.PATCH('/api/v1/workspaces/{workspace_id}/teams/{team_id}', {
              params: { path: { workspace_id: workspaceId, team_id: id } },
              body,
            }),
          )
        : unwrap(
            api.POST('/api/v1/workspaces/{workspace_id}/teams', {
              params: { path: { workspace_id: workspaceId } },
              body: body as TeamCreate,
            }),
          ),
    // A new team joins the per-team readings (the Teams page and the map's coverage) too.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: teamsKey(workspaceId) }),
        queryClient.invalidateQueries({ queryKey: teamInsightsKey(workspaceId) }),
      ]),
  });
}

export function useDeleteTeam(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE('/api/v1/workspaces/{workspace_id}/teams/{team_id}', {
          params: { path: { workspace_id: workspaceId, team_id: id } },
        }),
      ),
    // Stakeholders of a deleted team lose their team: refresh both.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['ws', workspaceId] }),
  });
}
