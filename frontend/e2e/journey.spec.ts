import { expect, test } from '@playwright/test';
import { audit, createWorkspace, signIn, unique, VIEWER } from './helpers';

test('sign in, create a workspace, a team and a stakeholder, see them, sign out', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin/);
  await signIn(page);

  // A user with no workspace lands on /workspaces (unit-tested); other specs may have made one.
  await expect(page).toHaveURL(/\/(workspaces|w\/[^/]+)$/);
  await page.goto('/workspaces');
  const wsName = unique('Sepsis bundle');
  await page.getByRole('form', { name: 'New workspace' }).getByLabel('Name').fill(wsName);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByRole('heading', { level: 1, name: wsName })).toBeVisible();
  await expect(page.getByRole('button', { name: `Workspace: ${wsName}. Switch workspace` })).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const item of ['Home', 'Champion map', 'Stakeholders', 'Concerns', 'Teams', 'Settings']) {
    await expect(nav.getByRole('link', { name: item })).toBeVisible();
  }
  await nav.getByRole('link', { name: 'Champion map' }).click();
  await expect(page.getByText('No one on the map yet')).toBeVisible();
  await expect(page.getByTestId('score-disclaimer')).toContainText('not a validated instrument');

  // Team
  await nav.getByRole('link', { name: 'Teams' }).click();
  await expect(page.getByText('No teams yet')).toBeVisible();
  await page.getByRole('button', { name: 'New team' }).first().click();
  const teamDialog = page.getByRole('dialog', { name: 'New team' });
  await teamDialog.getByLabel('Name').fill('Ward 4');
  await teamDialog.getByLabel('Description').fill('Acute medical unit');
  await teamDialog.getByRole('button', { name: 'Create team' }).click();
  await expect(teamDialog).toBeHidden();
  await expect(page.getByRole('cell', { name: 'Ward 4', exact: true })).toBeVisible();

  // Stakeholder
  await nav.getByRole('link', { name: 'Stakeholders' }).click();
  await expect(page.getByText('No stakeholders yet')).toBeVisible();
  await page.getByRole('button', { name: 'Add stakeholder' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add stakeholder' });
  await dialog.getByLabel('Name').fill('Dr Ada Obi');
  await dialog.getByLabel('Title').fill('Consultant intensivist');
  await dialog.getByRole('combobox', { name: 'Team' }).click();
  await page.getByRole('option', { name: 'Ward 4' }).click();
  await dialog.getByRole('combobox', { name: 'Role type' }).click();
  await page.getByRole('option', { name: 'Opinion leader' }).click();
  await dialog.getByLabel('Discipline').fill('Medicine');
  await dialog.getByLabel('Email').fill('ada.obi@example.org');
  await dialog.getByLabel('Tags').fill('sepsis');
  await dialog.getByLabel('Tags').press('Enter');
  await dialog.getByLabel('Manual influence').fill('1.5');
  await dialog.getByRole('button', { name: 'Create stakeholder' }).click();
  await expect(dialog).toBeHidden();

  // The table lists readings: team and role type beside the scores (title, email and tags are
  // on the profile).
  const row = page.getByRole('row', { name: /Dr Ada Obi/ });
  await expect(row).toContainText('Ward 4');
  await expect(row).toContainText('Opinion leader');
  await expect(row).toContainText('1.50');
  await expect(page.getByTestId('score-disclaimer')).toContainText('not a validated instrument');

  // Sorting is the server's: a header asks for its order and says which way it is.
  const champion = page.getByRole('columnheader', { name: /^Champion/ });
  await champion.getByRole('button').click();
  await expect(page).toHaveURL(/sort=-champion_score/);
  await expect(champion).toHaveAttribute('aria-sort', 'descending');
  await expect(row).toBeVisible();

  // Search narrows the table, and the CSV export has the rows of the view.
  await page.getByLabel('Search by name').fill('nobody-by-this-name');
  await expect(page.getByText('No stakeholders match')).toBeVisible();
  await page.getByLabel('Search by name').fill('ada');
  await expect(row).toBeVisible();
  await expect(page).toHaveURL(/q=ada/);
  const exportLink = page.getByRole('link', { name: 'Export CSV' });
  await expect(exportLink).toHaveAttribute('href', /export\/scores\.csv\?.*q=ada/);
  const downloading = page.waitForEvent('download');
  await exportLink.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('scores.csv');
  const csv = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
  expect(csv).toMatch(/^\ufeff?stakeholder_id,name,team_id,team,role_type,category,champion_score/);
  expect(csv).toMatch(/,Dr Ada Obi,[0-9a-f-]{36},Ward 4,opinion_leader,/);

  // Sign out, and the workspace is out of reach until signing in again.
  await page.getByRole('button', { name: /^Account:/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/signin\?next=/);
});

test('a 401 sends you to sign-in and back to the page you wanted', async ({ page, context }) => {
  await page.goto('/signin');
  await signIn(page);
  const wsId = await createWorkspace(page, unique('Expiry'));

  // The session ends behind the app's back (expired, or revoked elsewhere).
  await context.clearCookies();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(new RegExp(`/signin\\?next=${encodeURIComponent(`/w/${wsId}/settings/members`)}`));

  // Keyboard only: the form is reachable and submits with Enter.
  await expect(page.getByLabel(/^Email/)).toBeFocused();
  await page.keyboard.type('e2e@example.org');
  await page.keyboard.press('Tab');
  await page.keyboard.type('e2e-password-123');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/w/${wsId}/settings/members$`));
  await expect(page.getByRole('cell', { name: 'e2e@example.org', exact: true })).toBeVisible();
});

test('owners manage members and tokens; viewers see no write controls', async ({ page }) => {
  await page.goto('/signin');
  await signIn(page);
  const wsName = unique('Roles');
  const wsId = await createWorkspace(page, wsName);

  await page.goto(`/w/${wsId}/settings/members`);
  const add = page.getByRole('form', { name: 'Add a member' });
  await add.getByLabel('Email').fill(VIEWER.email);
  await add.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: 'Viewer' }).click();
  await add.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByRole('cell', { name: VIEWER.email, exact: true })).toBeVisible();

  await page.getByRole('tab', { name: 'API tokens' }).click();
  const tokenForm = page.getByRole('form', { name: 'Create a token' });
  await tokenForm.getByLabel('Name').fill('Warehouse');
  await tokenForm.getByLabel('Read and write').check();
  await tokenForm.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByTestId('token-secret')).not.toBeEmpty();
  await expect(page.getByRole('button', { name: 'Copy token' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Warehouse/ })).toContainText('Active');
  await page.getByRole('button', { name: 'Revoke Warehouse' }).click();
  await page.getByRole('dialog', { name: 'Revoke token' }).getByRole('button', { name: 'Revoke token' }).click();
  await expect(page.getByRole('row', { name: /Warehouse/ })).toContainText('Revoked');

  await page.getByRole('button', { name: /^Account:/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await signIn(page, VIEWER);
  await page.goto(`/w/${wsId}/teams`);
  await expect(page.getByRole('heading', { name: 'Teams' })).toBeVisible();
  await expect(page.getByText('Viewer', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New team' })).toHaveCount(0);
  await page.goto(`/w/${wsId}/stakeholders`);
  await expect(page.getByText('No stakeholders yet')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add stakeholder' })).toHaveCount(0);
  await page.goto(`/w/${wsId}/concerns`);
  await expect(page.getByRole('note')).toContainText('Viewers do not see concerns about named people.');
  await audit(page, 'concerns for a viewer');
  await page.goto(`/w/${wsId}/settings/tokens`);
  await expect(page.getByText('Owners only')).toBeVisible();
});

test.describe('at tablet width', () => {
  test.use({ viewport: { width: 768, height: 1024 } });

  test('the shell and the stakeholders page fit without sideways scrolling', async ({ page }) => {
    await page.goto('/signin');
    await signIn(page);
    const wsId = await createWorkspace(page, unique('Tablet'));
    await page.goto(`/w/${wsId}/stakeholders`);
    await expect(page.getByRole('heading', { name: 'Stakeholders' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
