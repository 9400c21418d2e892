import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { MemberCreate, Role, TokenCreate } from '../../api/types';
import { fetchAllPages, MAX_LIMIT } from '../../lib/pagination';
import { workspaceKey, workspacesKey } from '../workspaces/api';

export const membersKey = (ws: string) => ['ws', ws, 'members'] as const;
export const tokensKey = (ws: string) => ['ws', ws, 'tokens'] as const;

const wsPath = (ws: string) => ({ path: { workspace_id: ws } });

export function useMembers(ws: string) {
  return useQuery({
    queryKey: membersKey(ws),
    queryFn: () => unwrap(api.GET('/api/v1/workspaces/{workspace_id}/members', { params: wsPath(ws) })),
  });
}

function useMemberMutation<T, R>(ws: string, fn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: membersKey(ws) }),
        // The caller's own role may have changed.
        queryClient.invalidateQueries({ queryKey: workspaceKey(ws) }),
        queryClient.invalidateQueries({ queryKey: workspacesKey }),
      ]),
  });
}

export function useAddMember(ws: string) {
  return useMemberMutation(ws, (body: MemberCreate) =>
    unwrap(api.POST('/api/v1/workspaces/{workspace_id}/members', { params: wsPath(ws), body })),
  );
}

export function useChangeRole(ws: string) {
  return useMemberMutation(ws, ({ userId, role }: { userId: string; role: Role }) =>
    unwrap(
      api.PATCH('/api/v1/workspaces/{workspace_id}/members/{user_id}', {
        params: { path: { workspace_id: ws, user_id: userId } },
        body: { role },
      }),
    ),
  );
}

export function useRemoveMember(ws: string) {
  return useMemberMutation(ws, (userId: string) =>
    unwrap(
      api.DELETE('/api/v1/workspaces/{workspace_id}/members/{user_id}', {
        params: { path: { workspace_id: ws, user_id: userId } },
      }),
    ),
  );
}

export function useTokens(ws: string, enabled: boolean) {
  return useQuery({
    queryKey: tokensKey(ws),
    enabled,
    queryFn: () =>
      fetchAllPages((cursor) =>
        unwrap(
          api.GET('/api/v1/workspaces/{workspace_id}/tokens', {
            params: { ...wsPath(ws), query: { limit: MAX_LIMIT, cursor } },
          }),
        ),
      ),
  });
}

export function useCreateToken(ws: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TokenCreate) =>
      unwrap(api.POST('/api/v1/workspaces/{workspace_id}/tokens', { params: wsPath(ws), body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey(ws) }),
  });
}

export function useRevokeToken(ws: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) =>
      unwrap(
        api.DELETE('/api/v1/workspaces/{workspace_id}/tokens/{token_id}', {
          params: { path: { workspace_id: ws, token_id: tokenId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey(ws) }),
  });
}
