import { notifications, Notifications } from '@mantine/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Webhook, WebhookDelivery } from '../../api/types';
import { apiError, json, mockApi, renderRoutes } from '../../test/utils';
import { InWorkspace } from '../../test/workspace';
import { formatDateTime } from '../../lib/format';
import { describeSubscription, EVENT_TYPES, subscriptionOptions } from './eventTypes';
import { stalled, webhookStatus, WebhooksPanel } from './WebhooksPanel';

afterEach(() => notifications.clean());

const hook = (over: Partial<Webhook> = {}): Webhook => ({
  id: 'h1',
  workspace_id: 'w1',
  url: 'https://hooks.example.org/rapport',
  description: 'Data warehouse',
  event_types: ['concern.*', 'stakeholder.created'],
  enabled: true,
  disabled_at: null,
  disabled_reason: null,
  failure_count: 0,
  created_at: '2026-11-01T09:00:00Z',
  updated_at: '2026-11-01T09:00:00Z',
  ...over,
});

const delivery = (over: Partial<WebhookDelivery>): WebhookDelivery => ({
  id: 'd1',
  webhook_id: 'h1',
  event_id: 'e1',
  event_type: 'concern.created',
  event_seq: 1,
  status: 'delivered',
  attempt_count: 1,
  next_attempt_at: null,
  delivered_at: '2026-11-02T10:00:01Z',
  attempts: [],
  created_at: '2026-11-02T10:00:00Z',
  updated_at: '2026-11-02T10:00:01Z',
  ...over,
});

const page = (items: unknown[]) => json({ items, next_cursor: null });

function setup(role: 'owner' | 'lead', handlers: Parameters<typeof mockApi>[0]) {
  document.cookie = 'rapport_csrf=tok-1';
  const fetch = mockApi(handlers);
  renderRoutes(
    [
      {
        path: '/w/:workspaceId/*',
        element: (
          <>
            <Notifications />
            <InWorkspace role={role}>
              <WebhooksPanel />
            </InWorkspace>
          </>
        ),
      },
    ],
    '/w/w1/settings/webhooks',
  );
  const calls = (method: string) => fetch.mock.calls.map(([r]) => r).filter((r) => r.method === method);
  return { fetch, calls };
}

describe('webhooks settings', () => {
  it('creates a webhook and shows its signing secret once', async () => {
    let hooks: Webhook[] = [];
    const bodies: unknown[] = [];
    const { calls } = setup('owner', {
      'GET /api/v1/workspaces/w1/webhooks': () => page(hooks),
      'POST /api/v1/workspaces/w1/webhooks': async (request) => {
        const body = await request.json();
        bodies.push(body);
        hooks = [hook({ url: body.url, description: body.description, event_types: body.event_types })];
        return json({ ...hooks[0], secret: 'whsec_c2VjcmV0' }, 201);
      },
    });
    expect(await screen.findByText('No webhooks')).toBeInTheDocument();
    const form = screen.getByRole('form', { name: 'Create a webhook' });
    await userEvent.type(within(form).getByLabelText(/Endpoint URL/), ' https://hooks.example.org/rapport ');
    await userEvent.type(within(form).getByLabelText('Description'), 'Data warehouse');
    await userEvent.click(within(form).getByRole('button', { name: 'Create webhook' }));

    await waitFor(() => expect(calls('POST')).toHaveLength(1));
    const sent = calls('POST')[0]!;
    expect(sent.headers.get('X-CSRF-Token')).toBe('tok-1');
    expect(bodies).toEqual([{
      url: 'https://hooks.example.org/rapport',
      description: 'Data warehouse',
      event_types: ['*'],
    }]);
    expect(await screen.findByTestId('webhook-secret')).toHaveTextContent('whsec_c2VjcmV0');
    const card = await screen.findByRole('region', { name: 'Webhook https://hooks.example.org/rapport' });
    expect(card).toHaveTextContent('Active');
    expect(card).toHaveTextContent('Sends every event');
    await userEvent.click(screen.getByRole('button', { name: 'I have stored it' }));
    expect(screen.queryByTestId('webhook-secret')).toBeNull();
  });

  it('checks the URL before sending, and shows the server’s refusal at the field', async () => {
    const { calls } = setup('owner', {
      'GET /api/v1/workspaces/w1/webhooks': () => page([]),
      'POST /api/v1/workspaces/w1/webhooks': () =>
        apiError(422, 'validation_error', 'Invalid input', [
          { field: 'body.url', message: 'resolves to a private or loopback address', type: 'value_error' },
        ]),
    });
    const form = await screen.findByRole('form', { name: 'Create a webhook' });
    const url = within(form).getByLabelText(/Endpoint URL/);
    await userEvent.type(url, 'hooks.example.org');
    await userEvent.click(within(form).getByRole('button', { name: 'Create webhook' }));
    expect(await within(form).findByText('Enter the full http:// or https:// address of the endpoint')).toBeInTheDocument();
    expect(calls('POST')).toHaveLength(0);

    await userEvent.clear(url);
    await userEvent.type(url, 'http://localhost:9000/hook');
    await userEvent.click(within(form).getByRole('button', { name: 'Create webhook' }));
    expect(await within(form).findByText('resolves to a private or loopback address')).toBeInTheDocument();
    expect(calls('POST')).toHaveLength(1);
  });

  it('pauses and resumes deliveries', async () => {
    let current = hook();
    const sent: unknown[] = [];
    const { calls } = setup('owner', {
      'GET /api/v1/workspaces/w1/webhooks': () => page([current]),
      'PATCH /api/v1/workspaces/w1/webhooks/h1': async (request) => {
        const { enabled } = await request.json();
        sent.push({ enabled });
        current = hook({ enabled, disabled_reason: enabled ? null : 'manual' });
        return json(current);
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Pause' }));
    await waitFor(() => expect(calls('PATCH')).toHaveLength(1));
    expect(sent).toEqual([{ enabled: false }]);
    const card = screen.getByRole('region', { name: 'Webhook https://hooks.example.org/rapport' });
    await waitFor(() => expect(card).toHaveTextContent('Paused'));
    expect(within(card).getByRole('button', { name: 'Send a test event' })).toBeDisabled();

    await userEvent.click(within(card).getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(calls('PATCH')).toHaveLength(2));
    expect(sent).toEqual([{ enabled: false }, { enabled: true }]);
    await waitFor(() => expect(card).toHaveTextContent('Active'));
  });

  it('sends a test event and shows the latest deliveries, newest first', async () => {
    const { calls } = setup('owner', {
      'GET /api/v1/workspaces/w1/webhooks': () => page([hook()]),
      'POST /api/v1/workspaces/w1/webhooks/h1/test': () =>
        json(delivery({ id: 'd3', event_type: 'webhook.test', status: 'pending', attempt_count: 0 }), 202),
      'GET /api/v1/workspaces/w1/webhooks/h1/deliveries': () =>
        page([
          delivery({ id: 'd3', event_type: 'webhook.test', status: 'pending', attempt_count: 0, delivered_at: null }),
          delivery({
            id: 'd2',
            event_type: 'concern.updated',
            status: 'pending',
            attempt_count: 2,
            delivered_at: null,
            next_attempt_at: '2026-11-02T10:05:00Z',
            attempts: [
              { attempt: 1, status_code: 500, latency_ms: 120, error: 'HTTP 500', succeeded: false, attempted_at: '2026-11-02T10:00:00Z' },
              { attempt: 2, status_code: null, latency_ms: 10000, error: 'timed out', succeeded: false, attempted_at: '2026-11-02T10:00:35Z' },
            ],
          }),
          delivery({
            id: 'd1',
            attempts: [{ attempt: 1, status_code: 204, latency_ms: 35, error: null, succeeded: true, attempted_at: '2026-11-02T10:00:01Z' }],
          }),
        ]),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Send a test event' }));
    await waitFor(() => expect(calls('POST')).toHaveLength(1));

    const table = await screen.findByRole('table', { name: 'Deliveries' });
    const log = calls('GET').find((r) => r.url.includes('/deliveries'))!;
    expect(Object.fromEntries(new URL(log.url).searchParams)).toEqual({ limit: '50', order: 'newest' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(rows.map((r) => [r[0], r[2], r[3], r[4]])).toEqual([
      ['webhook.test', 'Pending', '0', 'Not tried yet'],
      ['concern.updated', 'Retrying', '2', 'no answer, 10000 ms: timed out'],
      ['concern.created', 'Delivered', '1', 'HTTP 204, 35 ms'],
    ]);
    expect(rows.map((r) => r[5])).toEqual(['—', formatDateTime('2026-11-02T10:05:00Z'), '—']);
  });

  it('deletes a webhook after asking', async () => {
    let hooks = [hook()];
    const { calls } = setup('owner', {
      'GET /api/v1/workspaces/w1/webhooks': () => page(hooks),
      'DELETE /api/v1/workspaces/w1/webhooks/h1': () => {
        hooks = [];
        return new Response(null, { status: 204 });
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Delete webhook https://hooks.example.org/rapport' }));
    expect(calls('DELETE')).toHaveLength(0);
    await userEvent.click(await screen.findByRole('button', { name: 'Delete webhook' }));
    await waitFor(() => expect(calls('DELETE')).toHaveLength(1));
    expect(await screen.findByText('No webhooks')).toBeInTheDocument();
  });

  it('is for owners only, and asks the server nothing otherwise', () => {
    const { fetch } = setup('lead', {});
    expect(screen.getByRole('note')).toHaveTextContent('Owners only');
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('webhook wording', () => {
  it('says why a webhook is not sending', () => {
    expect(webhookStatus({ enabled: true, disabled_reason: null, failure_count: 0 })).toEqual({ label: 'Active', color: 'green', detail: null });
    expect(webhookStatus({ enabled: true, disabled_reason: null, failure_count: 1 }).detail).toBe('1 failed attempt in a row; retrying');
    expect(webhookStatus({ enabled: false, disabled_reason: 'manual', failure_count: 0 }).label).toBe('Paused');
    expect(webhookStatus({ enabled: false, disabled_reason: 'consecutive_failures', failure_count: 10 }).label).toBe('Stopped');
    expect(webhookStatus({ enabled: false, disabled_reason: 'endpoint_gone', failure_count: 1 }).detail).toMatch(/410 Gone/);
  });

  it('suspects a stopped worker only when a delivery waited over a minute untried', () => {
    const now = Date.parse('2026-11-02T10:01:00Z');
    const queued = (created_at: string, over: Partial<WebhookDelivery> = {}) =>
      delivery({ status: 'pending', attempt_count: 0, delivered_at: null, created_at, ...over });
    expect(stalled([queued('2026-11-02T10:00:00Z')], now)).toBe(false);
    expect(stalled([queued('2026-11-02T09:59:59Z')], now)).toBe(true);
    expect(stalled([queued('2026-11-02T09:00:00Z', { attempt_count: 3 })], now)).toBe(false);
    expect(stalled([delivery({ created_at: '2026-11-02T09:00:00Z' })], now)).toBe(false);
  });

  it('offers everything, each resource, then each event type', () => {
    expect(subscriptionOptions()).toEqual([
      '*',
      'acknowledgement.*',
      'commitment.*',
      'concern.*',
      'conversation.*',
      'focus_challenge.*',
      'import.*',
      'member.*',
      'readings.*',
      'scoring_settings.*',
      'signal.*',
      'stakeholder.*',
      'team.*',
      'webhook.*',
      'workspace.*',
      ...EVENT_TYPES,
    ]);
    expect(describeSubscription('*')).toBe('every event');
    expect(describeSubscription('focus_challenge.*')).toBe('every focus challenge event');
    expect(describeSubscription('concern.updated')).toBe('concern.updated');
  });
});
