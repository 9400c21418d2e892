import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { WebhookCreate, WebhookUpdate } from '../../api/types';
import { fetchAllPages, MAX_LIMIT } from '../../lib/pagination';

export const webhooksKey = (ws: string) => ['ws', ws, 'webhooks'] as const;
export const deliveriesKey = (ws: string, hook: string) => ['ws', ws, 'webhooks', hook, 'deliveries'] as const;

/** Deliveries shown per webhook: the most recent page. */
export const DELIVERIES_SHOWN = 50;

const hookPath = (ws: string, hook: string) => ({ path: { workspace_id: ws, webhook_id: hook } });

export function useWebhooks(ws: string, enabled: boolean) {
  return useQuery({
    queryKey: webhooksKey(ws),
    enabled,
    queryFn: () =>
      fetchAllPages((cursor) =>
        unwrap(
          api.GET('/api/v1/workspaces/{workspace_id}/webhooks', {
            params: { path: { workspace_id: ws }, query: { limit: MAX_LIMIT, cursor } },
          }),
        ),
      ),
  });
}

function useWebhookMutation<T, R>(ws: string, fn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKey(ws) }) });
}

export function useCreateWebhook(ws: string) {
  return useWebhookMutation(ws, (body: WebhookCreate) =>
    unwrap(api.POST('/api/v1/workspaces/{workspace_id}/webhooks', { params: { path: { workspace_id: ws } }, body })),
  );
}

export function useUpdateWebhook(ws: string) {
  return useWebhookMutation(ws, ({ id, body }: { id: string; body: WebhookUpdate }) =>
    unwrap(api.PATCH('/api/v1/workspaces/{workspace_id}/webhooks/{webhook_id}', { params: hookPath(ws, id), body })),
  );
}

export function useDeleteWebhook(ws: string) {
  return useWebhookMutation(ws, (id: string) =>
    unwrap(api.DELETE('/api/v1/workspaces/{workspace_id}/webhooks/{webhook_id}', { params: hookPath(ws, id) })),
  );
}

export function useSendTest(ws: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST('/api/v1/workspaces/{workspace_id}/webhooks/{webhook_id}/test', { params: hookPath(ws, id) })),
    onSuccess: (_, id) => queryClient.invalidateQueries({ queryKey: deliveriesKey(ws, id) }),
  });
}

/** The most recent deliveries, newest first. */
export function useDeliveries(ws: string, hook: string | null) {
  return useQuery({
    queryKey: deliveriesKey(ws, hook ?? ''),
    enabled: hook !== null,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/workspaces/{workspace_id}/webhooks/{webhook_id}/deliveries', {
          params: { ...hookPath(ws, hook ?? ''), query: { limit: DELIVERIES_SHOWN, order: 'newest' } },
        }),
      ),
  });
}
