import { notifications, Notifications } from '@mantine/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { savedVersionCheck } from '../scores/api';
import { apiError, json, mockApi, renderRoutes } from '../../test/utils';
import { InWorkspace } from '../../test/workspace';
import { ScoringPanel } from './ScoringPanel';

const defaultCheck = { ...savedVersionCheck };
afterEach(() => {
  notifications.clean();
  Object.assign(savedVersionCheck, defaultCheck);
});

const settings = {
  version: 2,
  values: { champion_behavior_weight: 1.5, stance_half_life_days: 60 },
  defaults: { champion_behavior_weight: 1, stance_half_life_days: 60 },
};

const saved = (preview: boolean) => ({
  version: preview ? 2 : 3,
  values: settings.values,
  preview,
  stakeholders: 10,
  category_changes: 1,
  changes: [{ stakeholder_id: 's1', old: 'champion', new: 'neutral' }],
});

const progress = (step: string, fraction: number) => ({ type: 'progress', step, done: 1, total: 3, fraction });

/** An NDJSON body the test writes to line by line. */
function ndjsonBody() {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  return {
    response: () => new Response(stream, { headers: { 'Content-Type': 'application/x-ndjson' } }),
    send: (...lines: unknown[]) => controller.enqueue(encoder.encode(lines.map((l) => `${JSON.stringify(l)}\n`).join(''))),
    /** A raw piece of text, e.g. half a line. */
    sendRaw: (text: string) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
  };
}

function setup(
  put: (request: Request) => Response | Promise<Response>,
  get: () => Response | Promise<Response> = () => json(settings),
) {
  document.cookie = 'rapport_csrf=tok-1';
  const fetch = mockApi({
    'GET /api/v1/workspaces/w1/scoring-settings': get,
    'GET /api/v1/workspaces/w1/stakeholders': () =>
      json({ items: [{ id: 's1', name: 'Dr Ada Obi', team_id: null }], next_cursor: null }),
    'PUT /api/v1/workspaces/w1/scoring-settings': put,
  });
  renderRoutes(
    [
      {
        path: '/w/:workspaceId/*',
        element: (
          <>
            <Notifications />
            <InWorkspace role="owner">
              <ScoringPanel />
            </InWorkspace>
          </>
        ),
      },
    ],
    '/w/w1/settings/scoring',
  );
  const puts = () => fetch.mock.calls.map(([r]) => r).filter((r) => r.method === 'PUT');
  const gets = () => fetch.mock.calls.map(([r]) => r).filter((r) => r.method === 'GET' && r.url.endsWith('/scoring-settings'));
  return { puts, gets };
}

const buttons = () => ['Preview effect', 'Save settings', 'Reset to defaults'].map((name) => screen.getByRole('button', { name }));

describe('scoring settings: progress while recomputing', () => {
  it('shows the server’s steps and percent, then the saved notification', async () => {
    const body = ndjsonBody();
    const { puts } = setup(body.response);
    await userEvent.click(await screen.findByRole('button', { name: 'Save settings' }));

    await waitFor(() => expect(puts()).toHaveLength(1));
    const request = puts()[0]!;
    expect(request.headers.get('Accept')).toBe('application/x-ndjson');
    expect(request.headers.get('X-CSRF-Token')).toBe('tok-1');
    expect(request.credentials).toBe('include');
    expect(new URL(request.url).searchParams.get('preview')).toBe('false');
    expect(await request.clone().json()).toEqual({ values: { champion_behavior_weight: 1.5 } });

    const bar = await screen.findByRole('progressbar', { name: 'Recomputing readings' });
    for (const b of buttons()) expect(b).toBeDisabled();

    body.send(progress('Reading the records', 0.21));
    expect(await screen.findByText('Reading the records — 21%')).toBeInTheDocument();
    expect(bar).toHaveAttribute('aria-valuenow', '21');

    // A line split across two chunks.
    const line = JSON.stringify(progress('Storing the readings', 0.64));
    body.sendRaw(line.slice(0, 20));
    body.sendRaw(`${line.slice(20)}\n`);
    expect(await screen.findByText('Storing the readings — 64%')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Recomputing readings' })).toHaveAttribute('aria-valuenow', '64');
    expect(screen.queryByText(/Saved version/)).toBeNull();

    body.send({ type: 'result', result: saved(false) });
    body.close();
    expect(await screen.findByText('Saved version 3. 1 of 10 people changed category.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('progressbar', { name: 'Recomputing readings' })).toBeNull());
  });

  it('shows an error line as the form’s error, and claims nothing', async () => {
    const body = ndjsonBody();
    const { puts } = setup(body.response);
    await userEvent.click(await screen.findByRole('button', { name: 'Preview effect' }));
    await waitFor(() => expect(puts()).toHaveLength(1));
    expect(new URL(puts()[0]!.url).searchParams.get('preview')).toBe('true');

    body.send(progress('Computing every reading', 0.4));
    expect(await screen.findByText('Computing every reading — 40%')).toBeInTheDocument();
    body.send({ type: 'error', status: 500, error: { code: 'internal_error', message: 'The recompute failed. Nothing was saved.' } });
    body.close();

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The recompute failed. Nothing was saved.');
    expect(screen.queryByRole('progressbar', { name: 'Recomputing readings' })).toBeNull();
    expect(screen.queryByTestId('scoring-preview')).toBeNull();
    expect(screen.queryByText(/Saved version/)).toBeNull();
    for (const b of buttons()) expect(b).toBeEnabled();
  });

  it('shows a stream that breaks off as an error once no saved version shows up', async () => {
    Object.assign(savedVersionCheck, { everyMs: 5, tries: 2 });
    const body = ndjsonBody();
    setup(body.response);
    await userEvent.click(await screen.findByRole('button', { name: 'Save settings' }));
    body.send(progress('Reading the records', 0.1));
    body.sendRaw('{"type": "resu');
    body.close();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('could not be read');
    expect(alert).toHaveTextContent('No new version has appeared since');
    expect(screen.queryByText(/Saved version/)).toBeNull();
  });

  it('still works with a server that answers plain JSON', async () => {
    setup(() => json(saved(true)));
    await userEvent.click(await screen.findByRole('button', { name: 'Preview effect' }));
    const preview = await screen.findByTestId('scoring-preview');
    expect(preview).toHaveTextContent('1 of 10 would change category');
    expect(within(preview).getByText('Dr Ada Obi')).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('shows a validation error found before any work at its field', async () => {
    setup(() =>
      apiError(422, 'validation_error', 'Invalid input', [
        { field: 'body.values.champion_behavior_weight', message: 'Must be at most 10', type: 'less_than_equal' },
      ]),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Must be at most 10')).toBeInTheDocument();
    expect(screen.queryByText(/Saved version/)).toBeNull();
    for (const b of buttons()) expect(b).toBeEnabled();
  });

  describe('when the connection drops mid-save', () => {
    it('finds the version the server saved anyway, and says so', async () => {
      Object.assign(savedVersionCheck, { everyMs: 5, tries: 10 });
      let saves = 0;
      const body = ndjsonBody();
      // The page's own load, then two checks before the server's save shows up.
      const { gets } = setup(body.response, () => json({ ...settings, version: ++saves > 3 ? 3 : 2 }));
      await userEvent.click(await screen.findByRole('button', { name: 'Save settings' }));
      body.send(progress('Reading the records', 0.3));
      body.close(); // no result line: the answer was cut off
      expect(await screen.findByText('The connection dropped, but the save went through: version 3.')).toBeInTheDocument();
      expect(gets()).toHaveLength(5); // the page's load, three checks, then the refresh a new version brings
      expect(await screen.findByText(/^Version 3/)).toBeInTheDocument();
      expect(screen.queryByText(/No new version/)).toBeNull();
    });

    it('says so when no new version shows up, and lets the owner save again', async () => {
      Object.assign(savedVersionCheck, { everyMs: 5, tries: 3 });
      const body = ndjsonBody();
      const { gets } = setup(body.response);
      await userEvent.click(await screen.findByRole('button', { name: 'Save settings' }));
      expect(await screen.findByRole('progressbar', { name: 'Recomputing readings' })).toBeInTheDocument();
      body.close();
      expect(await screen.findByRole('status')).toHaveTextContent('Checking for the saved version');
      for (const b of buttons()) expect(b).toBeDisabled();
      expect(await screen.findByRole('alert')).toHaveTextContent(
        'The connection dropped before the save finished. No new version has appeared since: check your connection, and if the version above is still 2, save again.',
      );
      expect(gets()).toHaveLength(1 + 3);
      for (const b of buttons()) expect(b).toBeEnabled();
      expect(screen.queryByText(/went through/)).toBeNull();
    });
  });
});
