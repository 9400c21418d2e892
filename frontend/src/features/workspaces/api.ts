import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { WorkspaceCreate } from '../../api/types';

export const workspacesKey = ['workspaces'] as const;
export const workspaceKey = (id: string) => ['workspace', id] as const;

export function useWorkspaces() {
  return useQuery({ queryKey: workspacesKey, queryFn: () => unwrap(api.GET('/api/v1/workspaces')) });
}

export function useWorkspace(workspaceId: string) {
  return useQuery({
    queryKey: workspaceKey(workspaceId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/workspaces/{workspace_id}', { params: { path: { workspace_id: workspaceId } } })),
  });
}

export function useCreateWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: WorkspaceCreate) => unwrap(api.POST('/api/v1/workspaces', { body })),
    onSuccess: (ws) => {
      queryClient.setQueryData(workspaceKey(ws.id), ws);
      return queryClient.invalidateQueries({ queryKey: workspacesKey });
    },
  });
}

const LAST_KEY = 'rapport:last-workspace';

export function rememberWorkspace(id: string): void {
  try {
    localStorage.setItem(LAST_KEY, id);
  } catch {
    // storage disabled: we only lose the convenience
  }
}

export function lastWorkspace(): string | null {
  try {
    return localStorage.getItem(LAST_KEY);
  } catch {
    return null;
  }
}
