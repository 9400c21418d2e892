import { expect, type Locator, type Page, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { audit, createWorkspace, csrfHeader, pngSize, signIn, unique, VIEWER } from './helpers';

async function api(page: Page, wsId: string) {
  const csrf = await csrfHeader(page);
  return async (path: string, data: object) => {
    const res = await page.request.post(`/api/v1/workspaces/${wsId}/${path}`, { data, headers: csrf });
    expect(res.ok(), `POST ${path}: ${await res.text()}`).toBe(true);
    return (await res.json()) as { id: string };
  };
}

/** Drags `from` onto `to` with the mouse, in small steps, as a person would. */
async function drag(page: Page, from: Locator, to: Locator) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 12, a.y + a.height / 2 + 6, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

test('a logged conversation moves the score and its explanation; the map and board follow; viewers see no reluctance', async ({ page }) => {
  await page.goto('/signin');
  await signIn(page);
  const wsId = await createWorkspace(page, unique('Dashboard'));
  const post = await api(page, wsId);
  const team = await post('teams', { name: 'Ward 4' });
  const sam = await post('stakeholders', { name: 'Sam Lee', title: 'Charge nurse', team_id: team.id });
  await post('stakeholders', { name: 'Ada Obi', role_type: 'opinion_leader', team_id: team.id });
  await post('members', { email: VIEWER.email, role: 'viewer' });

  // Before: the prior alone.
  await page.goto(`/w/${wsId}/stakeholders/${sam.id}`);
  const why = page.getByRole('table', { name: /Every record behind the score/ });
  await expect(why.getByRole('row')).toHaveCount(2); // header + prior
  const before = { champion: await page.getByTestId('champion-score').textContent(), reluctance: await page.getByTestId('reluctance-score').textContent() };
  expect(before).toEqual({ champion: '16.0', reluctance: '16.0' });

  // Log a conversation from the profile's quick action: the form opens with Sam chosen.
  await page.getByRole('main').getByRole('link', { name: 'Log a conversation' }).click();
  const form = page.getByRole('form', { name: 'Log a conversation' });
  await expect(form.getByRole('combobox', { name: 'With' })).toHaveValue(/Sam Lee/);
  await form.getByRole('radio', { name: '+2 Very warm' }).check();
  await form.getByLabel('Summary notes').fill('Keen to run the bundle on days; worried about nights.');
  await form.getByRole('button', { name: 'Add concern' }).click();
  await page.keyboard.type('Night cover is too thin to add the checks');
  await form.getByRole('radio', { name: '3 Blocking' }).check();
  await form.getByRole('button', { name: 'Add signal' }).click();
  await form.getByRole('combobox', { name: 'Facet' }).click();
  await page.getByRole('option', { name: 'Ownership' }).click();
  await form.getByRole('button', { name: 'Save conversation' }).click();
  await expect(page.getByText(/Saved the conversation with Sam Lee.* and 2 records from it/).first()).toBeVisible();

  // After: the score moved, and the explanation lists the new records and still adds up.
  await page.goto(`/w/${wsId}/stakeholders/${sam.id}`);
  await expect(why.getByRole('row')).toHaveCount(5);
  for (const record of ['One-on-one conversation', 'Concern raised', 'Champion behaviour']) {
    await expect(why.getByRole('cell', { name: record, exact: true })).toBeVisible();
  }
  await expect(page.getByTestId('champion-score')).not.toHaveText(before.champion ?? '');
  await expect(page.getByTestId('reluctance-score')).not.toHaveText(before.reluctance ?? '');
  const champion = await page.getByTestId('champion-score').textContent();
  await expect(page.getByTestId('explanation-total')).toContainText(`champion ${champion} (score ${champion})`);
  await expect(page.getByRole('region', { name: 'Timeline' }).getByText('Night cover is too thin to add the checks')).toBeVisible();
  await expect(page.getByTestId('trust-chart').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('score-history-chart').locator('canvas')).toBeVisible();
  // Charts keep the name we give them (ECharts' aria would put its own in its place).
  await expect(page.getByTestId('trust-chart')).toHaveAccessibleName(/^Trust: authenticity \d+, competence \d+, empathy \d+$/);
  await expect(page.getByTestId('score-history-chart')).toHaveAccessibleName(/^Weekly champion, reluctance and trust scores, \d+ weeks$/);

  // The map shows everyone, and the search finds Sam.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Champion map' }).click();
  await expect(page.getByTestId('map-count')).toHaveText('2 of 2 people');
  await expect(page.getByTestId('champion-map-chart').locator('canvas')).toBeVisible();
  await page.waitForFunction(() => performance.getEntriesByName('rapport:map-rendered').length > 0);
  await page.getByLabel('Find people').fill('sam');
  await expect(page.getByTestId('map-count')).toContainText('1 matching');
  const match = page.getByRole('region', { name: 'Matches' }).getByRole('link', { name: 'Sam Lee' });
  await expect(match).toBeVisible();
  // Without a mouse: Tab from the search reaches the match, which shows Sam's card on the map
  // (ECharts' own tooltip) and carries the same card as its description.
  const mapCard = page.getByTestId('champion-map-chart').getByText('Click to open the profile');
  await expect(mapCard).toBeHidden();
  for (let i = 0; i < 10 && !(await match.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(match).toBeFocused();
  await expect(mapCard).toBeVisible();
  await expect(page.getByTestId('champion-map-chart')).toContainText('Sam Lee');
  await expect(match).toHaveAccessibleDescription(/^Ward 4\. .*Champion \d+\.\d \(80%: /);
  await page.keyboard.press('Shift+Tab');
  await expect(mapCard).toBeHidden();

  // Saved as a picture for a meeting: a PNG at twice the 1400 × 900 it is laid out in.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save as image' }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toMatch(/^champion-map-dashboard-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.png$/);
  expect(pngSize(await readFile(await saved.path()))).toEqual([2800, 1800]);
  await expect(page.getByText(`Saved the map as ${saved.suggestedFilename()}.`)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Team coverage' })).toContainText('Ward 4');

  // The concern is on the board; resolve it and say we told them.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Concerns' }).click();
  const card = page.getByRole('listitem', { name: /Sam Lee: Night cover/ });
  await expect(page.getByRole('region', { name: 'Open' }).getByRole('listitem', { name: /Sam Lee/ })).toBeVisible();
  await card.getByRole('button', { name: /Move to…/ }).click();
  await page.getByRole('menuitem', { name: 'Being addressed' }).click();
  await expect(page.getByRole('region', { name: 'Being addressed' }).getByRole('listitem', { name: /Sam Lee/ })).toBeVisible();
  // Dragged with the mouse to the next column: the drop asks what changed, as the menu does.
  await drag(page, card.getByText('Night cover is too thin to add the checks'), page.getByRole('region', { name: 'Resolved' }));
  const dialog = page.getByRole('dialog', { name: /Resolve Sam Lee’s concern/ });
  await dialog.getByLabel(/What changed/).fill('A second nurse on nights from March');
  await dialog.getByRole('button', { name: 'Resolve' }).click();
  await expect(dialog).toBeHidden();
  await card.getByRole('button', { name: 'We told them what changed' }).click();
  await expect(card).toContainText('Told them what changed');
  await audit(page, 'the concerns board');

  // A viewer: the map and aggregates, never reluctance.
  await page.getByRole('button', { name: /^Account:/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await signIn(page, VIEWER);
  const scores = await page.request.get(`/api/v1/workspaces/${wsId}/scores`);
  for (const item of (await scores.json()).items) expect(item.reluctance_score).toBeNull();
  await page.goto(`/w/${wsId}/champion-map`);
  await expect(page.getByTestId('champion-map-chart').locator('canvas')).toBeVisible();
  await page.getByRole('switch', { name: 'Show as a list' }).check();
  await expect(page.getByRole('row', { name: /Sam Lee/ })).toBeVisible();
  await expect(page.locator('body')).not.toContainText(/reluctan/i);
  await page.goto(`/w/${wsId}/stakeholders/${sam.id}`);
  await expect(page.getByTestId('champion-score')).toHaveText(champion ?? '');
  await expect(page.getByTestId('reluctance-score')).toHaveCount(0);
  await expect(page.getByRole('main').getByRole('link', { name: 'Log a conversation' })).toHaveCount(0);
  await expect(page.locator('main')).not.toContainText(/reluctance score|Night cover/i);
});
