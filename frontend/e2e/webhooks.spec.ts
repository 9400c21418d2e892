import { expect, test } from '@playwright/test';
import { audit, createWorkspace, signIn, unique } from './helpers';

test('an owner creates a webhook, keeps its secret, sends a test event, pauses and deletes it', async ({ page }) => {
  await page.goto('/signin');
  await signIn(page);
  const wsId = await createWorkspace(page, unique('Webhooks'));
  await page.goto(`/w/${wsId}/settings/webhooks`);
  await expect(page.getByRole('tab', { name: 'Webhooks', selected: true })).toBeVisible();
  await expect(page.getByText('No webhooks')).toBeVisible();

  const form = page.getByRole('form', { name: 'Create a webhook' });
  await form.getByLabel(/Endpoint URL/).fill('http://127.0.0.1:9/rapport');
  await form.getByLabel('Description').fill('Nightly warehouse load');
  await form.getByRole('button', { name: 'Create webhook' }).click();
  await expect(page.getByTestId('webhook-secret')).toHaveText(/^whsec_/);

  const card = page.getByRole('region', { name: 'Webhook http://127.0.0.1:9/rapport' });
  await expect(card).toContainText('Active');
  await expect(card).toContainText('Sends every event');
  await audit(page, 'the webhooks settings');
  await page.getByRole('button', { name: 'I have stored it' }).click();
  await expect(page.getByTestId('webhook-secret')).toHaveCount(0);

  await card.getByRole('button', { name: 'Send a test event' }).click();
  const log = page.getByRole('dialog', { name: 'Deliveries to http://127.0.0.1:9/rapport' });
  await expect(log.getByRole('table', { name: 'Deliveries' }).getByRole('row').nth(1)).toContainText('webhook.test');
  await audit(page, 'the delivery log');
  await page.keyboard.press('Escape');

  await card.getByRole('button', { name: 'Pause' }).click();
  await expect(card).toContainText('Paused');
  await expect(card.getByRole('button', { name: 'Send a test event' })).toBeDisabled();

  await card.getByRole('button', { name: 'Delete webhook http://127.0.0.1:9/rapport' }).click();
  await page.getByRole('dialog', { name: 'Delete webhook' }).getByRole('button', { name: 'Delete webhook' }).click();
  await expect(page.getByText('No webhooks')).toBeVisible();
});
