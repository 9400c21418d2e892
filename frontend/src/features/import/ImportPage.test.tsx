import { notifications, Notifications } from '@mantine/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImportReport } from '../../api/types';
import { apiError, json, mockApi, renderRoutes } from '../../test/utils';
import { InWorkspace } from '../../test/workspace';
import { templateCsv } from './columns';
import { ImportPage, MAX_FILE_BYTES, problemsCsv, SHOWN_PROBLEMS } from './ImportPage';

const report = (over: Partial<ImportReport> = {}): ImportReport => ({
  resource: 'stakeholders',
  dry_run: true,
  rows: 3,
  valid: 3,
  invalid: 0,
  written: 0,
  skipped: 0,
  errors: [],
  errors_truncated: false,
  import_id: null,
  ...over,
});

const csv = (text: string, name = 'people.csv') => new File([text], name, { type: 'text/csv' });

afterEach(() => {
  notifications.clean();
  vi.unstubAllGlobals();
});

function setup(role: 'owner' | 'lead' | 'viewer', handlers: Parameters<typeof mockApi>[0] = {}) {
  document.cookie = 'rapport_csrf=tok-1';
  const fetch = mockApi(handlers);
  const view = renderRoutes(
    [
      {
        path: '/w/:workspaceId/*',
        element: (
          <>
            <Notifications />
            <InWorkspace role={role}>
              <ImportPage />
            </InWorkspace>
          </>
        ),
      },
    ],
    '/w/w1/import',
  );
  const posts = () => fetch.mock.calls.map(([r]) => r).filter((r) => r.method === 'POST');
  return { fetch, posts, ...view };
}

/** Mantine's FileInput is a button over a hidden file input, which is what a user's choice fills. */
const fileInput = () => document.querySelector<HTMLInputElement>('input[type="file"]')!;

/** jsdom's Blob has no text(). */
const readText = (blob: Blob) =>
  new Promise<string>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.readAsText(blob);
  });

const query = (request: Request) => Object.fromEntries(new URL(request.url).searchParams);

describe('import from a spreadsheet', () => {
  it('checks the chosen file first, then imports it when asked', async () => {
    const { posts, queryClient } = setup('lead', {
      'POST /api/v1/workspaces/w1/import/stakeholders': (request) =>
        query(request).dry_run === 'true' ? json(report()) : json(report({ dry_run: false, written: 3, import_id: 'i1' })),
    });
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    await userEvent.upload(fileInput(), csv('name\nA\nB\nC\n'));

    await waitFor(() => expect(posts()).toHaveLength(1));
    const checked = posts()[0]!;
    expect(query(checked)).toEqual({ dry_run: 'true', skip_invalid: 'false' });
    expect(checked.headers.get('X-CSRF-Token')).toBe('tok-1');
    // The file goes as the form's `file` field (its name is checked in the browser test).
    const sent = (await checked.formData()).get('file') as Blob;
    expect(await sent.text()).toBe('name\nA\nB\nC\n');

    const summary = await screen.findByTestId('import-summary');
    expect(summary).toHaveTextContent('3rows in the file3ready to import0rows with problems');
    expect(screen.queryByRole('table', { name: 'Problems found in the file' })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Import 3 people' }));
    await waitFor(() => expect(posts()).toHaveLength(2));
    expect(query(posts()[1]!)).toEqual({ dry_run: 'false', skip_invalid: 'false' });
    // The alert's title, and the notification.
    expect(await screen.findByText('Imported 3 people')).toBeInTheDocument();
    expect(screen.getByText('Imported 3 people.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'See the champion map' })).toHaveAttribute('href', '/w/w1/champion-map');
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['ws', 'w1'] });
    // The file is done with: choosing it again starts over.
    expect(screen.queryByTestId('import-summary')).toBeNull();
  });

  it('lists the rows with problems and offers to import only the valid ones', async () => {
    const errors = [
      { row: 3, field: 'tone', message: 'Input should be less than or equal to 2' },
      { row: 5, field: 'stakeholder', message: 'no stakeholder has this email, id or name' },
    ];
    const checked = report({ resource: 'conversations', rows: 3, valid: 1, invalid: 2, errors });
    const { posts } = setup('owner', {
      'POST /api/v1/workspaces/w1/import/conversations': (request) =>
        query(request).dry_run === 'true' ? json(checked) : json({ ...checked, dry_run: false, written: 1, skipped: 2 }),
    });
    await userEvent.click(screen.getByRole('radio', { name: 'Conversations' }));
    await userEvent.upload(fileInput(), csv('stakeholder,occurred_at,tone\n', 'talks.csv'));

    const table = await screen.findByRole('table', { name: 'Problems found in the file' });
    const cells = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(cells).toEqual([
      ['3', 'tone', 'Input should be less than or equal to 2'],
      ['5', 'stakeholder', 'no stakeholder has this email, id or name'],
    ]);
    expect(screen.getByText(/Fix these 2 rows and choose the file again, or import the 1 row that passed and leave them out/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Import 1 conversation, leave out 2 rows' }));
    await waitFor(() => expect(posts()).toHaveLength(2));
    expect(query(posts()[1]!)).toEqual({ dry_run: 'false', skip_invalid: 'true' });
    expect(await screen.findByText('2 rows with problems were left out. Their scores are up to date.')).toBeInTheDocument();
  });

  it('offers no import when no row passes', async () => {
    setup('lead', {
      'POST /api/v1/workspaces/w1/import/stakeholders': () =>
        json(report({ rows: 1, valid: 0, invalid: 1, errors: [{ row: 2, field: 'name', message: 'Field required' }] })),
    });
    await userEvent.upload(fileInput(), csv('name,title\n,Nurse\n'));
    expect(await screen.findByText(/No row can be imported/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Import / })).toBeNull();
  });

  it('shows at most the first problems, and downloads them all', async () => {
    const errors = Array.from({ length: SHOWN_PROBLEMS + 5 }, (_, i) => ({ row: i + 2, field: 'tone', message: 'bad' }));
    setup('lead', {
      'POST /api/v1/workspaces/w1/import/stakeholders': () => json(report({ rows: errors.length, valid: 0, invalid: errors.length, errors })),
    });
    const blobs: Blob[] = [];
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: (b: Blob) => (blobs.push(b), 'blob:x'), revokeObjectURL: () => {} }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await userEvent.upload(fileInput(), csv('name\n'));

    const table = await screen.findByRole('table', { name: 'Problems found in the file' });
    expect(within(table).getAllByRole('row')).toHaveLength(SHOWN_PROBLEMS + 1);
    expect(screen.getByText(`Showing the first ${SHOWN_PROBLEMS} of ${SHOWN_PROBLEMS + 5} problems.`)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Download the problems (CSV)' }));
    expect(click).toHaveBeenCalledTimes(1);
    expect(await readText(blobs[0]!)).toBe(problemsCsv(errors));
    click.mockRestore();
  });

  it('says what is wrong with a header the server refuses, and offers no import', async () => {
    setup('lead', {
      'POST /api/v1/workspaces/w1/import/stakeholders': () =>
        apiError(422, 'validation_error', 'The header does not match (header.stakeholder: unknown column); columns are name, title', [
          { field: 'header.stakeholder', message: 'unknown column', type: 'invalid' },
          { field: 'header.name', message: 'missing required column', type: 'invalid' },
        ]),
    });
    await userEvent.upload(fileInput(), csv('stakeholder,tone\n'));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The file cannot be imported');
    expect(alert).toHaveTextContent('The header does not match (header.stakeholder: unknown column)');
    expect(alert).toHaveTextContent('Check that the file holds people, as chosen above');
    expect(within(alert).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'stakeholder: unknown column',
      'name: missing required column',
    ]);
    expect(screen.queryByRole('button', { name: /^Import / })).toBeNull();
  });

  it('checks the same file again when the kind changes', async () => {
    const { posts } = setup('lead', {
      'POST /api/v1/workspaces/w1/import/stakeholders': () => json(report()),
      'POST /api/v1/workspaces/w1/import/conversations': () => json(report({ resource: 'conversations', rows: 3 })),
    });
    await userEvent.upload(fileInput(), csv('name\nA\n'));
    expect(await screen.findByRole('button', { name: 'Import 3 people' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: 'Conversations' }));
    expect(await screen.findByRole('button', { name: 'Import 3 conversations' })).toBeInTheDocument();
    expect(posts().map((r) => new URL(r.url).pathname)).toEqual([
      '/api/v1/workspaces/w1/import/stakeholders',
      '/api/v1/workspaces/w1/import/conversations',
    ]);
  });

  it('refuses a file over the size limit without sending it', async () => {
    const { fetch } = setup('lead');
    const big = csv('name\n');
    Object.defineProperty(big, 'size', { value: MAX_FILE_BYTES + 1 });
    await userEvent.upload(fileInput(), big);
    expect(await screen.findByText(/the limit is 20 MB/)).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('is for leads and owners only', () => {
    setup('viewer');
    expect(screen.getByRole('note')).toHaveTextContent('Leads and owners only');
    expect(document.querySelector('input[type="file"]')).toBeNull();
  });
});

describe('import files', () => {
  it('templates hold the header row of each kind, nothing else', () => {
    expect(templateCsv('stakeholders')).toBe('name,title,team,role_type,discipline,email,tags,influence_manual,archived\r\n');
    expect(templateCsv('conversations')).toBe(
      'stakeholder,occurred_at,tone,held_by,mode,duration_minutes,summary,private,authenticity,competence,empathy,topics,next_contact_on,next_contact_scheduled\r\n',
    );
  });

  it('writes the problems as CSV, quoting what needs it', () => {
    expect(
      problemsCsv([
        { row: 2, field: null, message: 'bad row' },
        { row: 4, field: 'summary', message: 'says "no", then, a comma' },
      ]),
    ).toBe('row,column,problem\r\n2,,bad row\r\n4,summary,"says ""no"", then, a comma"\r\n');
  });
});
