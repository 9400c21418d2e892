import { expect, test } from '@playwright/test';
import { audit, createWorkspace, csrfHeader, signIn, unique } from './helpers';

test('log a conversation with a concern, a commitment and a signal; the draft survives a reload', async ({ page }) => {
  await page.goto('/signin');
  await signIn(page);
  const wsId = await createWorkspace(page, unique('Logging'));

  // A stakeholder to talk to, made through the UI's own API session.
  const csrf = await csrfHeader(page);
  const made = await page.request.post(`/api/v1/workspaces/${wsId}/stakeholders`, {
    data: { name: 'Sam Lee', title: 'Charge nurse' },
    headers: csrf,
  });
  expect(made.status()).toBe(201);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Log a conversation' }).click();
  const form = page.getByRole('form', { name: 'Log a conversation' });
  await form.getByRole('combobox', { name: 'With' }).fill('Sam');
  await page.getByRole('option', { name: /Sam Lee/ }).click();
  await form.getByRole('radio', { name: '+1 Warm' }).check();
  await form.getByLabel('Summary notes').fill('Open to trying the bundle on nights if cover allows.');

  await form.getByRole('button', { name: 'Add concern' }).click();
  await expect(form.getByLabel(/What worries them/)).toBeFocused();
  await page.keyboard.type('Night cover is too thin to add the checks');
  await form.getByRole('radio', { name: '2 Significant' }).check();

  await form.getByRole('button', { name: 'Add commitment' }).click();
  await page.keyboard.type('Share the night audit data by Friday');

  await form.getByRole('button', { name: 'Add signal' }).click();
  await form.getByRole('combobox', { name: 'Facet' }).click();
  await page.getByRole('option', { name: 'Ownership' }).click();

  await audit(page, 'the conversation form');

  // Reload: everything typed is still there.
  await page.waitForTimeout(600);
  await page.reload();
  await expect(page.getByText('Draft restored')).toBeVisible();
  await expect(form.getByLabel(/What worries them/)).toHaveValue('Night cover is too thin to add the checks');
  await expect(form.getByLabel(/What was promised/)).toHaveValue('Share the night audit data by Friday');

  await form.getByLabel('Summary notes').press('Control+Enter');
  await expect(page.getByText(/Saved the conversation with Sam Lee.* and 3 records from it/).first()).toBeVisible();
  await expect(page.getByText('Draft restored')).toBeHidden();

  const concerns = await page.request.get(`/api/v1/workspaces/${wsId}/concerns`);
  const body = await concerns.json();
  expect(body.items).toHaveLength(1);
  expect(body.items[0]).toMatchObject({ text: 'Night cover is too thin to add the checks', severity: 2 });
  expect(body.items[0].conversation_id).toBeTruthy();

  // Someone else's concern stays on their own profile.
  const ada = await page.request.post(`/api/v1/workspaces/${wsId}/stakeholders`, { data: { name: 'Ada Obi' }, headers: csrf });
  const adaConcern = await page.request.post(`/api/v1/workspaces/${wsId}/concerns`, {
    data: { stakeholder_id: (await ada.json()).id, text: 'The pharmacy queue is too long', severity: 1 },
    headers: csrf,
  });
  expect(adaConcern.status()).toBe(201);

  // Sam's profile sums up what to bring to the next one-on-one.
  await page.goto(`/w/${wsId}/stakeholders/${(await made.json()).id}`);
  const prep = page.getByRole('region', { name: 'Before your next one-on-one' });
  const mind = prep.getByRole('region', { name: 'What is on their mind' });
  await expect(mind.getByRole('listitem')).toHaveCount(1);
  await expect(mind.getByRole('listitem')).toContainText('Night cover is too thin to add the checks');
  await expect(prep.getByRole('list', { name: 'We promised' }).getByRole('listitem')).toContainText('Share the night audit data by Friday');
  await expect(prep.getByText('No expertise acknowledged yet. Ask what they bring, and say so.')).toBeVisible();
  await audit(page, 'profile with a one-on-one to prepare');

  // We kept that promise: say so from the card, and it leaves the list.
  await prep.getByRole('button', { name: 'Mark “Share the night audit data by Friday” as done or not' }).click();
  await page.getByRole('menuitem', { name: 'Kept: we did it' }).click();
  await expect(page.getByText('Marked “Share the night audit data by Friday” as kept.')).toBeVisible();
  await expect(prep.getByText('Nothing outstanding on either side.')).toBeVisible();
  const kept = await page.request.get(`/api/v1/workspaces/${wsId}/commitments`);
  expect((await kept.json()).items.map((c: { status: string }) => c.status)).toEqual(['kept']);

  // The signal was a mistake: delete it from the timeline; the rest stays.
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await timeline.getByRole('button', { name: /^Delete the champion behaviour of / }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this record' });
  await expect(dialog).toContainText('Their scores are worked out again without it');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(dialog).toBeHidden();
  await expect(timeline.getByRole('button', { name: /^Delete the champion behaviour of / })).toHaveCount(0);
  await expect(timeline.getByRole('button', { name: /^Delete the one-on-one of / })).toHaveCount(1);
  const signals = await page.request.get(`/api/v1/workspaces/${wsId}/signals`);
  expect((await signals.json()).items).toEqual([]);

  // Credit given at the team meeting, with no one-on-one: straight from the profile.
  await page.getByRole('button', { name: 'Acknowledge expertise' }).click();
  const credit = page.getByRole('form', { name: 'Acknowledge expertise' });
  await credit.getByRole('textbox', { name: /Expertise acknowledged/ }).fill('QI: run charts');
  await credit.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(credit).toBeHidden();
  await expect(prep.getByRole('region', { name: 'What they bring' })).toContainText('QI: run chartsAcknowledged once');
  const acknowledgements = await page.request.get(`/api/v1/workspaces/${wsId}/acknowledgements`);
  expect((await acknowledgements.json()).items).toMatchObject([{ area: 'QI: run charts', setting: 'team_meeting' }]);

  // And a quick win they shared on the ward, seen without a one-on-one.
  await page.getByRole('button', { name: 'Record a signal' }).click();
  const observed = page.getByRole('form', { name: 'Record a signal' });
  await observed.getByRole('combobox', { name: /^Kind/ }).click();
  await page.getByRole('option', { name: 'Quick win shared' }).click();
  await observed.getByRole('button', { name: 'Record signal' }).click();
  await expect(observed).toBeHidden();
  await expect(timeline.getByRole('button', { name: /^Delete the quick win shared of / })).toHaveCount(1);
  const recorded = await page.request.get(`/api/v1/workspaces/${wsId}/signals`);
  expect((await recorded.json()).items).toMatchObject([{ kind: 'quick_win', source: 'observed' }]);

  // The tone was logged wrong: correct it from the timeline; only the tone is sent.
  await timeline.getByRole('button', { name: /^Edit the one-on-one of / }).click();
  const edit = page.getByRole('form', { name: 'Edit the one-on-one' });
  await expect(edit.getByLabel('Summary notes')).toHaveValue('Open to trying the bundle on nights if cover allows.');
  await audit(page, 'editing a one-on-one');
  await edit.getByRole('radio', { name: '+2 Very warm' }).check();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toBeHidden();
  const conversations = await page.request.get(`/api/v1/workspaces/${wsId}/conversations`);
  expect((await conversations.json()).items).toMatchObject([{ tone: 2, summary: 'Open to trying the bundle on nights if cover allows.' }]);

  // And the commitment's wording, the same way.
  await timeline.getByRole('button', { name: /^Edit the commitment of / }).click();
  const promise = page.getByRole('form', { name: 'Edit the commitment' });
  await promise.getByRole('textbox', { name: /What was promised/ }).fill('Share the night audit data at the huddle');
  await promise.getByRole('button', { name: 'Save changes' }).click();
  await expect(promise).toBeHidden();
  const promises = await page.request.get(`/api/v1/workspaces/${wsId}/commitments`);
  expect((await promises.json()).items).toMatchObject([{ description: 'Share the night audit data at the huddle', status: 'kept' }]);

  // The credit was given one-on-one, not at the team meeting: correct the setting.
  await timeline.getByRole('button', { name: /^Edit the acknowledgement of / }).click();
  const credited = page.getByRole('form', { name: 'Edit the acknowledgement' });
  await expect(credited.getByRole('textbox', { name: /Expertise acknowledged/ })).toHaveValue('QI: run charts');
  await credited.getByRole('combobox', { name: 'Setting' }).click();
  await page.getByRole('option', { name: 'One-on-one' }).click();
  await audit(page, 'editing an acknowledgement');
  await credited.getByRole('button', { name: 'Save changes' }).click();
  await expect(credited).toBeHidden();
  const credits = await page.request.get(`/api/v1/workspaces/${wsId}/acknowledgements`);
  expect((await credits.json()).items).toMatchObject([{ area: 'QI: run charts', setting: 'one_on_one' }]);

  // And it was Ada's expertise, logged against Sam by mistake: move it to her.
  await timeline.getByRole('button', { name: /^Edit the acknowledgement of / }).click();
  const misplaced = page.getByRole('form', { name: 'Edit the acknowledgement' });
  await misplaced.getByRole('combobox', { name: 'About' }).click();
  await page.getByRole('option', { name: /^Ada Obi/ }).click();
  await misplaced.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Moved the acknowledgement to Ada Obi.')).toBeVisible();
  await expect(timeline.getByRole('button', { name: /^Edit the acknowledgement of / })).toHaveCount(0);
  const moved = await page.request.get(`/api/v1/workspaces/${wsId}/acknowledgements`);
  expect((await moved.json()).items).toMatchObject([{ area: 'QI: run charts', stakeholder_id: (await ada.json()).id }]);

  // And the worry is graver than first logged: its severity, from the timeline.
  await timeline.getByRole('button', { name: /^Edit the concern of / }).click();
  const worry = page.getByRole('form', { name: 'Edit the concern' });
  await expect(worry.getByRole('textbox', { name: /What worries them/ })).toHaveValue('Night cover is too thin to add the checks');
  await worry.getByRole('radio', { name: /^3/ }).check();
  await worry.getByRole('button', { name: 'Save changes' }).click();
  await expect(worry).toBeHidden();
  await expect(timeline.getByText('Concern, severity 3')).toBeVisible();

  // The activity page tells the team all of it, newest first.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
  const today = page.getByRole('region').filter({ has: page.getByRole('heading', { level: 2 }) }).first();
  await expect(today.getByRole('listitem').first()).toContainText('E2E Lead updated a concern (open) raised by Sam Lee');
  await expect(today.getByRole('listitem').filter({ hasText: 'logged a one-on-one with Sam Lee' })).toContainText(
    'Open to trying the bundle on nights if cover allows.',
  );
  await expect(today.getByRole('listitem').filter({ hasText: 'acknowledged the expertise of Sam Lee' })).toContainText('QI: run charts');
  await expect(today.getByRole('listitem').filter({ hasText: 'corrected an acknowledgement of Ada Obi' })).toHaveCount(1);
  await expect(today.getByRole('listitem').filter({ hasText: 'deleted a signal' })).toHaveCount(1);
  await audit(page, 'activity');

  // The whole one-on-one was with Ada: it moves to her with what was logged in it.
  await page.goto(`/w/${wsId}/stakeholders/${(await made.json()).id}`);
  await timeline.getByRole('button', { name: /^Edit the one-on-one of / }).click();
  const whole = page.getByRole('form', { name: 'Edit the one-on-one' });
  await whole.getByRole('combobox', { name: 'About' }).click();
  await page.getByRole('option', { name: /^Ada Obi/ }).click();
  await expect(whole.getByText('What was logged in it moves with it: 1 concern and 1 commitment.')).toBeVisible();
  await whole.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Moved the one-on-one and the 1 concern and 1 commitment logged in it to Ada Obi.')).toBeVisible();
  await expect(timeline.getByRole('button', { name: /^Edit the one-on-one of / })).toHaveCount(0);
  const adaId = (await ada.json()).id;
  for (const kind of ['conversations', 'commitments']) {
    const rows = (await (await page.request.get(`/api/v1/workspaces/${wsId}/${kind}`)).json()).items;
    expect(rows.map((r: { stakeholder_id: string }) => r.stakeholder_id)).toEqual([adaId]);
  }
  const worries = (await (await page.request.get(`/api/v1/workspaces/${wsId}/concerns?stakeholder_id=${adaId}`)).json()).items;
  expect(worries.map((c: { text: string }) => c.text).sort()).toEqual(['Night cover is too thin to add the checks', (await adaConcern.json()).text].sort());
});
