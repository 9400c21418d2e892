import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const LEAD = { email: 'e2e@example.org', password: 'e2e-password-123' };
export const VIEWER = { email: 'viewer@example.org', password: 'e2e-password-123' };

export async function signIn(page: Page, who = LEAD) {
  await expect(page.getByRole('heading', { name: 'Sign in to Rapport' })).toBeVisible();
  await page.getByLabel(/^Email/).fill(who.email);
  await page.getByLabel(/^Password/).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/signin/);
}

/** The CSRF header a signed-in page's own API calls (page.request) must send with a write. */
export async function csrfHeader(page: Page): Promise<{ 'X-CSRF-Token': string }> {
  const token = (await page.context().cookies()).find((c) => c.name === 'rapport_csrf')?.value ?? '';
  return { 'X-CSRF-Token': token };
}

/** A name no earlier run or test has used, so tests do not depend on each other's data. */
export function unique(prefix: string) {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

export async function createWorkspace(page: Page, name: string) {
  await page.goto('/workspaces');
  await page.getByRole('form', { name: 'New workspace' }).getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  return new URL(page.url()).pathname.split('/')[2] ?? '';
}

/** WCAG 2.1 A and AA rules (axe); a serious or critical violation fails the test. */
export async function audit(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(report, `accessibility of ${what}`).toEqual([]);
  // A link in running text reads at the text's size (an Anchor left at its own default stands
  // out a size larger in a small paragraph or note).
  const mismatched = await page.evaluate(() =>
    [...document.querySelectorAll('a')]
      .filter((a) => {
        const parent = a.parentElement;
        if (!parent || a.getClientRects().length === 0) return false;
        const runningText = [...parent.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
        return runningText && getComputedStyle(a).fontSize !== getComputedStyle(parent).fontSize;
      })
      .map((a) => `"${(a.textContent ?? '').trim()}" at ${getComputedStyle(a).fontSize} in text at ${getComputedStyle(a.parentElement!).fontSize}`),
  );
  expect(mismatched, `links in running text on ${what}`).toEqual([]);
}

/** A PNG's width and height in pixels, from its header (after checking it is a PNG). */
export function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}
