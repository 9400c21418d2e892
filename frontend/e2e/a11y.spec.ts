import { expect, test } from '@playwright/test';
import { audit, createWorkspace, csrfHeader, signIn, unique } from './helpers';

test('key pages have no serious accessibility violations', async ({ page }) => {
  await page.goto('/signin');
  await audit(page, 'sign-in');
  await signIn(page);
  const wsId = await createWorkspace(page, unique('A11y'));
  await audit(page, 'home');

  await page.goto(`/w/${wsId}/teams`);
  await expect(page.getByText('No teams yet')).toBeVisible();
  await audit(page, 'teams (empty)');

  await page.goto(`/w/${wsId}/stakeholders`);
  await expect(page.getByText('No stakeholders yet')).toBeVisible();
  await page.getByRole('button', { name: 'Add stakeholder' }).first().click();
  await expect(page.getByRole('dialog', { name: 'Add stakeholder' })).toBeVisible();
  await audit(page, 'the stakeholder form');
  await page.keyboard.press('Escape');

  const csrf = await csrfHeader(page);
  const made = await page.request.post(`/api/v1/workspaces/${wsId}/stakeholders`, {
    data: { name: 'Priya Nair', title: 'QI lead', tags: ['PDSA'], archived: false },
    headers: csrf,
  });
  expect(made.status()).toBe(201);
  await page.goto(`/w/${wsId}/stakeholders`);
  await expect(page.getByRole('row', { name: /Priya Nair/ })).toBeVisible();
  await audit(page, 'the stakeholders table');

  const team = await page.request.post(`/api/v1/workspaces/${wsId}/teams`, { data: { name: 'Ward 4' }, headers: csrf });
  expect(team.status()).toBe(201);
  const inTeam = await page.request.post(`/api/v1/workspaces/${wsId}/stakeholders`, {
    data: { name: 'Sam Okoro', team_id: (await team.json()).id },
    headers: csrf,
  });
  expect(inTeam.status()).toBe(201);
  await page.goto(`/w/${wsId}/teams`);
  await expect(page.getByRole('link', { name: '1 person in Ward 4' })).toBeVisible();
  // Priya has no team: the line under the table says so, and is audited with the rest.
  await expect(page.getByTestId('teamless')).toContainText('1 person is in no team yet');
  await audit(page, 'teams with where their people stand');
  // Its link lists exactly the people in no team, from the real server's no_team filter.
  await page.getByTestId('teamless').getByRole('link', { name: 'see who they are' }).click();
  await expect(page).toHaveURL(/\/stakeholders\?team=none$/);
  await expect(page.getByRole('row', { name: /Priya Nair/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /Sam Okoro/ })).toHaveCount(0);
  await expect(page.getByRole('search', { name: 'Filter stakeholders' }).getByLabel('Team', { exact: true })).toHaveValue('No team');
  await audit(page, 'the stakeholders in no team');
  // Placed from her row, she leaves the list of people in no team.
  await page.getByRole('row', { name: /Priya Nair/ }).getByRole('button', { name: 'Place Priya Nair in a team' }).click();
  await page.getByRole('menuitem', { name: 'Ward 4' }).click();
  await expect(page.getByText('No stakeholders match')).toBeVisible();
  await page.goto(`/w/${wsId}/teams`);
  await expect(page.getByRole('link', { name: '2 people in Ward 4' })).toBeVisible();
  await expect(page.getByTestId('teamless')).toHaveCount(0);

  await page.goto(`/w/${wsId}/settings/members`);
  await expect(page.getByRole('cell', { name: 'e2e@example.org', exact: true })).toBeVisible();
  await audit(page, 'members');

  await page.goto(`/w/${wsId}/settings/tokens`);
  await expect(page.getByText('No API tokens')).toBeVisible();
  await audit(page, 'API tokens');

  await page.goto(`/w/${wsId}/champion-map`);
  await expect(page.getByTestId('score-disclaimer')).toBeVisible();
  await expect(page.getByTestId('champion-map-chart')).toBeVisible();
  await audit(page, 'champion map');

  const priya = (await made.json()).id as string;
  await page.goto(`/w/${wsId}/stakeholders/${priya}`);
  await expect(page.getByRole('heading', { name: 'Why this score' })).toBeVisible();
  await expect(page.getByTestId('trust-chart')).toBeVisible();
  await audit(page, 'stakeholder profile');

  await page.goto(`/w/${wsId}/concerns`);
  await expect(page.getByText('No concerns yet')).toBeVisible();
  await audit(page, 'concerns (empty)');

  await page.goto(`/w/${wsId}/challenges`);
  await expect(page.getByText('No open concerns')).toBeVisible();
  await audit(page, 'challenges (empty)');

  await page.goto(`/w/${wsId}/settings/scoring`);
  await page.getByRole('button', { name: 'Preview effect' }).click();
  await expect(page.getByTestId('scoring-preview')).toContainText('No one would change category (2 checked)');
  await audit(page, 'scoring settings');

  await page.goto(`/w/${wsId}`);
  await expect(page.getByTestId('trend-chart')).toBeVisible();
  await audit(page, 'home with readings');

  await page.goto(`/w/${wsId}/about/scoring`);
  await audit(page, 'how the scores work');
});
