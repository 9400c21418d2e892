import { expect, test } from '@playwright/test';
import { audit, createWorkspace, csrfHeader, signIn, unique } from './helpers';

const csv = (lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n');

test('import people and then conversations from a spreadsheet: check, fix, import', async ({ page }) => {
  await page.goto('/signin');
  await signIn(page);
  const wsId = await createWorkspace(page, unique('Import'));
  const csrf = await csrfHeader(page);
  const team = await page.request.post(`/api/v1/workspaces/${wsId}/teams`, {
    data: { name: 'Ward 7' },
    headers: csrf,
  });
  expect(team.status()).toBe(201);

  // A new workspace's empty stakeholder list leads to the import.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stakeholders' }).click();
  await page.getByRole('link', { name: 'Import from a spreadsheet' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import from a spreadsheet' })).toBeVisible();

  const chooser = page.locator('input[type="file"]');
  await chooser.setInputFiles({
    name: 'people.csv',
    mimeType: 'text/csv',
    buffer: csv([
      'Name,Title,Team,Email,Role_type',
      'Priya Nair,Charge nurse,Ward 7,priya@example.org,opinion_leader',
      'Tom Okafor,Consultant,Ward 9,tom@example.org,other',
      'Lena Berg,Ward manager,Ward 7,lena@example.org,mid_level_leader',
    ]),
  });
  await expect(page.getByTestId('import-summary')).toContainText('3rows in the file2ready to import1row with problems');
  const problems = page.getByRole('table', { name: 'Problems found in the file' });
  await expect(problems.getByRole('row')).toHaveCount(2);
  await expect(problems.getByRole('row').nth(1).getByRole('cell')).toHaveText(['3', 'team', 'no team has this id or name']);
  await audit(page, 'the import page with problems');

  // Nothing is written by the check.
  const before = await page.request.get(`/api/v1/workspaces/${wsId}/stakeholders`);
  expect((await before.json()).items).toEqual([]);

  await page.getByRole('button', { name: 'Import 2 people, leave out 1 row' }).click();
  await expect(page.getByText('Imported 2 people', { exact: true })).toBeVisible();
  await expect(page.getByText('1 row with problems was left out.')).toBeVisible();

  // Then their conversations, which move their scores.
  await page.getByText('Conversations', { exact: true }).click();
  await expect(page.getByRole('radio', { name: 'Conversations' })).toBeChecked();
  await chooser.setInputFiles({
    name: 'talks.csv',
    mimeType: 'text/csv',
    buffer: csv([
      'stakeholder,occurred_at,tone,summary,competence',
      'priya@example.org,2026-01-12T09:00:00Z,2,Keen to run the first audit,5',
      'Lena Berg,2026-01-13T14:30:00Z,-1,"Worried about cover, on nights",',
    ]),
  });
  await expect(page.getByTestId('import-summary')).toContainText('2rows in the file2ready to import0rows with problems');
  await page.getByRole('button', { name: 'Import 2 conversations' }).click();
  await expect(page.getByText('Imported 2 conversations', { exact: true })).toBeVisible();
  await audit(page, 'the import page after an import');

  const conversations = await page.request.get(`/api/v1/workspaces/${wsId}/conversations`);
  const items = (await conversations.json()).items as { summary: string; tone: number }[];
  expect(items.map((c) => [c.summary, c.tone])).toEqual([
    ['Keen to run the first audit', 2],
    ['Worried about cover, on nights', -1],
  ]);

  await page.getByRole('link', { name: 'See the stakeholders' }).click();
  const table = page.getByRole('table', { name: 'Stakeholders' });
  await expect(table.getByRole('link', { name: 'Priya Nair', exact: true })).toBeVisible();
  await expect(table.getByRole('link', { name: 'Lena Berg', exact: true })).toBeVisible();
  // The row whose team does not exist was left out.
  await expect(table.getByRole('link', { name: 'Tom Okafor', exact: true })).toHaveCount(0);
});
