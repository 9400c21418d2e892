import { expect, type Page, test } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { audit, pngSize, signIn } from './helpers';

// The demo workspace (e2e/server.sh runs `rapport demo`). With UPDATE_SCREENSHOTS=1 the pictures
// go to docs/screenshots/ for the README; otherwise to this run's output, so a plain `npm run e2e`
// never dirties the work tree.
const DEMO = { email: 'demo@rapport.example', password: 'demo-pass-123' };
const DOCS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'screenshots');

test.use({ viewport: { width: 1280, height: 900 } });

async function shoot(page: Page, name: string, outputPath: (name: string) => string) {
  const file = process.env.UPDATE_SCREENSHOTS ? join(DOCS, name) : outputPath(name);
  mkdirSync(dirname(file), { recursive: true });
  // A full-page shot of a scrolled page draws the fixed header and navigation mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(0, 0);
  await page.waitForTimeout(200);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
}

test('the demo workspace: champion map, a profile and the log form', async ({ page }, testInfo) => {
  const out = (name: string) => testInfo.outputPath(name);
  await page.goto('/signin');
  await signIn(page, DEMO);
  await expect(page.getByRole('heading', { level: 1, name: /Sepsis bundle rollout/ })).toBeVisible();
  await expect(page).toHaveURL(/\/w\/[^/]+/);
  await expect(page.getByRole('region', { name: 'At a glance' })).toBeVisible();
  await expect(page.getByTestId('trend-chart').locator('canvas')).toBeVisible();
  // Two follow-ups planned for a day that has passed, nothing logged since: the older one
  // only intended, the other booked; each with a way to log it.
  const lapsed = page.getByRole('region', { name: 'Planned one-on-ones that passed' }).getByRole('listitem');
  await expect(lapsed).toHaveCount(2);
  await expect(lapsed.first()).toContainText('planned for');
  await expect(lapsed.nth(1)).toContainText('booked for');
  await expect(lapsed.nth(1).getByRole('link', { name: /^Log it: the one-on-one with / })).toHaveAttribute('href', /\/log\?stakeholder=/);
  await audit(page, 'home (demo)');
  await shoot(page, 'home.png', testInfo.outputPath.bind(testInfo));
  const wsId = new URL(page.url()).pathname.split('/')[2] ?? '';

  // The booked one's profile says the same, with the one-on-one that planned it.
  await lapsed.nth(1).getByRole('link').first().click();
  const passed = page.getByRole('note', { name: 'A planned one-on-one has passed' });
  await expect(passed).toContainText(/The one-on-one of .+ booked the next for .+; nothing has been logged since\. Log it$/);
  await expect(passed.getByRole('link', { name: 'Log it' })).toHaveAttribute('href', /\/log\?stakeholder=/);
  await audit(page, 'profile with a passed plan (demo)');

  await page.goto(`/w/${wsId}/champion-map`);
  await expect(page.getByTestId('map-count')).toHaveText(/^\d+ of \d+ people$/);
  await page.waitForFunction(() => performance.getEntriesByName('rapport:map-rendered').length > 0);
  await expect(page.getByRole('region', { name: 'Team coverage' })).toContainText('Champion gap');
  await audit(page, 'champion map (demo)');
  await shoot(page, 'champion-map.png', out);

  // The map as a picture for a meeting: a PNG with a title, a legend with counts and the caveat.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save as image' }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toMatch(/^champion-map-sepsis-bundle-rollout-[a-z0-9-]*\d{4}-\d{2}-\d{2}\.png$/);
  const picture = process.env.UPDATE_SCREENSHOTS ? join(DOCS, 'champion-map-image.png') : out('champion-map-image.png');
  await saved.saveAs(picture);
  expect(pngSize(readFileSync(picture))).toEqual([2800, 1800]);

  await page.goto(`/w/${wsId}/challenges`);
  // The heaviest challenges as bars; the first opens its concerns on the board.
  const weights = page.getByTestId('challenge-weight-chart');
  await expect(weights.locator('canvas')).toBeVisible();
  await expect(weights).toHaveAttribute('aria-label', /^Weight of open concerns by challenge: Innovation Complexity \(our focus\) \d+\.\d; /);
  const raisedBy = page.getByText(/^Raised by/).first();
  await expect(raisedBy.getByRole('link').first()).toBeVisible();
  await audit(page, 'challenges (demo)');
  await shoot(page, 'challenges.png', out);
  // The top bar is the longest: its middle is well inside it.
  const chartBox = (await weights.boundingBox())!;
  await page.mouse.click(chartBox.x + chartBox.width * 0.5, chartBox.y + 18);
  await expect(page).toHaveURL(/\/concerns\?challenge=innovation%3Ainnovation_complexity$/);

  // The demo's resolved column has more history than it shows at first; the rest on request.
  await page.goto(`/w/${wsId}/concerns`);
  const resolved = page.getByRole('region', { name: 'Resolved' });
  const earlier = resolved.getByRole('button', { name: /^Show \d+ earlier resolved concerns$/ });
  await expect(earlier).toBeVisible();
  const before = await resolved.getByRole('listitem').count();
  await earlier.click();
  await expect(resolved.getByRole('listitem')).toHaveCount(Number(await resolved.locator('.mantine-Badge-root').first().textContent()));
  expect(before).toBeLessThan(await resolved.getByRole('listitem').count());
  await audit(page, 'concerns board (demo)');

  // The activity page tells the demo's nine months as they happened, the latest days first:
  // its first page spans several days, with one-on-ones and category changes among them.
  await page.goto(`/w/${wsId}/activity`);
  const days = page.getByRole('main').getByRole('region');
  await expect(days.nth(2).getByRole('heading', { level: 2 })).toBeVisible();
  await expect(page.getByRole('main').getByRole('listitem').filter({ hasText: 'logged a one-on-one with' }).first()).toBeVisible();
  await page.getByLabel('Show').getByText('Category changes', { exact: true }).click();
  await expect(page.getByRole('main').getByRole('listitem').first()).toContainText(/is now .* \(was .*\)/);
  await page.getByLabel('Show').getByText('Everything', { exact: true }).click();
  await expect(days.nth(2).getByRole('heading', { level: 2 })).toBeVisible();
  await audit(page, 'activity (demo)');
  await shoot(page, 'activity.png', out);

  // The person at the top of the next-actions list: a profile with something to explain.
  await page.goto(`/w/${wsId}`);
  const next = page.getByRole('region', { name: 'One-on-ones to hold' }).getByRole('link').first();
  const name = (await next.textContent()) ?? '';
  await next.click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('table', { name: /Every record behind the score/ }).getByRole('row').nth(2)).toBeVisible();
  await expect(page.getByTestId('trust-chart').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('score-history-chart').locator('canvas')).toBeVisible();
  await page.waitForTimeout(300);
  await audit(page, 'profile (demo)');
  await shoot(page, 'profile.png', out);

  await page.getByRole('main').getByRole('link', { name: 'Log a conversation' }).click();
  const form = page.getByRole('form', { name: 'Log a conversation' });
  await expect(form.getByRole('combobox', { name: 'With' })).toHaveValue(new RegExp(name));
  await form.getByRole('radio', { name: '+1 Warm' }).check();
  await form.getByLabel('Summary notes').fill('Walked through the night audit; open to a two-week trial on one ward.');
  await form.getByRole('button', { name: 'Add concern' }).click();
  await page.keyboard.type('Worried the extra checks slow the first hour');
  await form.getByRole('button', { name: 'Add signal' }).click();
  await form.getByRole('combobox', { name: 'Facet' }).click();
  await page.getByRole('option', { name: 'Involving others' }).click();
  await shoot(page, 'log-conversation.png', out);
});

test('at laptop width the stakeholder table shows every column without scrolling sideways', async ({ page }) => {
  await page.goto('/signin');
  await signIn(page, DEMO);
  await expect(page).toHaveURL(/\/w\/[^/]+/);
  const wsId = new URL(page.url()).pathname.split('/')[2] ?? '';
  await page.goto(`/w/${wsId}/stakeholders`);
  const table = page.getByRole('table', { name: /^Stakeholders/ });
  const first = table.getByRole('row').nth(1);
  await expect(first.getByRole('button', { name: /^Edit / })).toBeVisible();
  // The table's own scroll box: wider content would hide the row actions behind a scrollbar.
  const hidden = await table.evaluate((el) => el.parentElement!.scrollWidth - el.parentElement!.clientWidth);
  expect(hidden).toBe(0);
  await expect(first.getByRole('button', { name: /^Edit / })).toBeInViewport({ ratio: 1 });

  // Those due a one-on-one, as the home page links to them: the badge reads in full.
  await page.goto(`/w/${wsId}/stakeholders?needs=yes&sort=-needs_one_on_one`);
  const needed = table.getByRole('row').nth(1).getByText('Needed', { exact: true });
  await expect(needed).toBeVisible();
  expect(await needed.evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0);
  expect(await table.evaluate((el) => el.parentElement!.scrollWidth - el.parentElement!.clientWidth)).toBe(0);
});

test.describe('at tablet width', () => {
  test.use({ viewport: { width: 768, height: 1024 } });

  test('the dashboard pages fit without sideways scrolling', async ({ page }) => {
    await page.goto('/signin');
    await signIn(page, DEMO);
    await expect(page).toHaveURL(/\/w\/[^/]+/);
    const wsId = new URL(page.url()).pathname.split('/')[2] ?? '';
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    for (const [path, ready] of [
      ['', 'trend-chart'],
      ['champion-map', 'champion-map-chart'],
      ['stakeholders', null],
      ['log', null],
      ['concerns', null],
      ['challenges', null],
      ['activity', null],
      ['teams', null],
      ['settings/members', null],
      ['settings/tokens', null],
      ['settings/scoring', null],
    ] as const) {
      await page.goto(`/w/${wsId}/${path}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      if (ready) await expect(page.getByTestId(ready).locator('canvas')).toBeVisible();
      else await page.waitForLoadState('networkidle');
      expect(await overflow(), `/${path} scrolls sideways`).toBeLessThanOrEqual(0);
    }
    await page.goto(`/w/${wsId}/champion-map`);
    await page.getByRole('switch', { name: 'Show as a list' }).check();
    const first = page.getByRole('table', { name: /Stakeholders on the champion map/ }).getByRole('link').first();
    await first.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Why this score' })).toBeVisible();
    expect(await overflow(), 'the profile scrolls sideways').toBeLessThanOrEqual(0);
  });
});
