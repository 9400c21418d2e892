import { expect, test, type Locator } from '@playwright/test';
import { audit, createWorkspace, signIn, unique } from './helpers';

test.use({ viewport: { width: 390, height: 800 } });

/** Whether an element's text is cut short (an ellipsis): wider than the box it is shown in. */
const clipped = (locator: Locator) => locator.evaluate((el) => el.scrollWidth > el.clientWidth);

test('on a phone, the header keeps the workspace name whole and the role in the account menu', async ({ page }) => {
  await page.goto('/signin');
  await signIn(page);
  const name = unique('Ward 7 sepsis');
  const wsId = await createWorkspace(page, name);
  await page.goto(`/w/${wsId}`);

  const header = page.getByRole('banner');
  const workspace = header.getByRole('button', { name: `Workspace: ${name}. Switch workspace` });
  await expect(workspace).toBeVisible();
  expect(await clipped(workspace.locator('.mantine-Text-root'))).toBe(false);
  // The role badge gives way on a phone; the account button is a person icon.
  await expect(header.getByText('Owner', { exact: true })).toBeHidden();
  const account = header.getByRole('button', { name: /^Account:/ });
  await expect(account.getByTestId('account-icon')).toBeVisible();
  // Nothing runs off the side of the page.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);

  await account.click();
  await expect(page.getByTestId('menu-role')).toHaveText('Your role here: Owner');
  await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeVisible();
  await page.keyboard.press('Escape');

  // The navigation opens from the burger.
  await header.getByRole('button', { name: 'Toggle navigation' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${wsId}/teams$`));
  await expect(page.getByText('No teams yet')).toBeVisible();
  await audit(page, 'a workspace page on a phone');

  // The activity page's four filters stack rather than run off the side.
  await page.goto(`/w/${wsId}/activity`);
  const show = page.getByRole('radiogroup', { name: 'Show' });
  await expect(show.getByText('Category changes', { exact: true })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
  await show.getByText('Category changes', { exact: true }).click();
  await expect(page.getByText('None yet')).toBeVisible();
});
