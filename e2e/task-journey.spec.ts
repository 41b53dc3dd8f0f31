import { sandboxExamplesFor } from '@/lib/sandbox/urls';
import { expect, signUp, test } from './fixtures';
import { expectNoReload, localDateTimeIn, markDocument, sandboxUrl } from './helpers';

test('[JOURNEY]: sign up, connect Slack by URL in the wizard, start from a starter with its preview, and watch the task succeed on the dashboard without a reload', async ({ page }) => {
  test.setTimeout(150_000);
  await signUp(page);
  // The Slack webhook URL a new user is shown on the Sandbox page (in their own namespace).
  await page.goto('/sandbox');
  const examples = sandboxExamplesFor(sandboxUrl(), (await page.getByTestId('sandbox-namespace').textContent())!.trim());
  await page.getByRole('link', { name: 'New task' }).first().click();
  await expect(page.getByRole('heading', { name: /Step 1 of 7/ })).toBeVisible();

  await page.getByRole('radio', { name: /Slack/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 2: no Slack connection yet, so one is pasted inline.
  await expect(page.getByText('You have no Slack (incoming webhook) connection yet.')).toBeVisible();
  await page.getByLabel('Connection label').fill('team channel');
  await page.getByLabel('webhookUrl').fill(examples.slackWebhookUrl);
  await page.getByRole('button', { name: 'Save connection' }).click();
  await expect(page.getByRole('radio', { name: /team channel/ })).toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 3: the "Run summary → Slack" starter; its sample input comes with it.
  await expect(page.getByRole('radio', { name: 'Starter' })).toBeChecked();
  await page.getByRole('radio', { name: /Run summary → Slack/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 4: the starter's sample; the live preview follows edits to it.
  await expect(page.getByLabel('Sample agent result (JSON)')).toHaveValue(/research-bot/);
  await expect(page.getByTestId('template-variables')).toContainText('input.agent');
  const sample = JSON.parse(await page.getByLabel('Sample agent result (JSON)').inputValue());
  await page.getByLabel('Sample agent result (JSON)').fill(JSON.stringify({ ...sample, agent: 'Nightly run', summary: 'All **green**: 42 checks passed.' }));
  await expect(page.getByTestId('preview-slack')).toContainText('Nightly run');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 6: the server's rendered payload, drawn as Slack shows it (Markdown turned into mrkdwn).
  await expect(page.getByTestId('preview-verdict')).toHaveText(/would accept/);
  await expect(page.getByTestId('preview-slack')).toContainText('*Nightly run* run succeeded in 42s');
  await expect(page.getByTestId('preview-slack')).toContainText('All *green*: 42 checks passed.');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 7: in 20 seconds, so the dashboard is open before it is delivered.
  await page.getByLabel('Task name (optional)').fill('nightly summary');
  await page.getByRole('radio', { name: 'At a time' }).check();
  await page.getByLabel('Deliver at (your local time)').fill(await localDateTimeIn(page, 20));
  await page.getByRole('button', { name: 'Create task' }).click();
  await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('task-status')).toHaveText('scheduled');

  await page.getByRole('link', { name: 'Dashboard', exact: true }).first().click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await markDocument(page);
  const row = page.getByTestId('task-row').filter({ hasText: 'nightly summary' });
  await expect(row.getByTestId('task-status')).toHaveText('scheduled');
  await expect(row.getByTestId('task-status')).toHaveText('succeeded', { timeout: 60_000 });
  await expectNoReload(page);
  await expect(page.getByTestId('count-succeeded')).toHaveText('1');

  await row.getByRole('link', { name: 'nightly summary' }).click();
  const attempt = page.getByTestId('attempt');
  await expect(attempt).toHaveCount(1);
  await expect(attempt.getByTestId('attempt-outcome')).toHaveText('succeeded');
  await expect(attempt.getByTestId('attempt-http-status')).toHaveText('200');

  // And Slack (the sandbox) received it.
  await page.goto('/sandbox?target=slack');
  await expect(page.getByTestId('sandbox-request').filter({ hasText: 'Nightly run' })).toHaveCount(1);
});

test('[WIZARD]: every step refuses bad input next to the field, and the server re-validates what the browser let through', async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page);
  await page.goto('/tasks/new');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByTestId('error-kind')).toHaveText('Choose where the result goes');

  await page.getByRole('radio', { name: 'HTTP request' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  // Step 3: a template must be picked or written.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByTestId('error-templateId')).toHaveText('Pick a template');
  await page.getByRole('radio', { name: 'Write my own' }).check();
  await page.getByLabel('Template (Liquid)').fill('{"title": {{ input.title | json }}');
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByLabel('Sample agent result (JSON)').fill('{"title": ');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByTestId('error-input')).toContainText('is not valid JSON');
  await page.getByLabel('Sample agent result (JSON)').fill('{"title": "Hi"}');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 5: url is required here; a malformed one is refused by the server's own schema.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByTestId('error-config.url')).toHaveText('is required');
  await page.getByLabel(/^url/).fill('not a url');
  await expect(page.getByTestId('error-config.url')).toContainText('must be an absolute http(s) URL', { timeout: 20_000 });
  await page.getByLabel(/^url/).fill(`${sandboxUrl()}/http/wizard-validation`);

  // The template renders invalid JSON: the preview says so, and Next is refused until it is fixed.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByTestId('preview-verdict')).toHaveText(/would refuse/);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByTestId('error-preview')).toBeVisible();
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByLabel('Template (Liquid)').fill('{"title": {{ input.title | json }}}');
  for (let i = 0; i < 3; i += 1) await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByTestId('preview-verdict')).toHaveText(/would accept/);
  await expect(page.getByTestId('preview-http')).toContainText('"title": "Hi"');
  await page.getByRole('button', { name: 'Next' }).click();

  // The browser only checks that a cron expression is there; the server checks that it is one.
  await page.getByRole('radio', { name: 'On a schedule (cron)' }).check();
  await page.getByRole('button', { name: 'Create task' }).click();
  await expect(page.getByTestId('error-schedule')).toContainText('Give a cron expression');
  await page.getByLabel('Cron expression (UTC)').fill('every tuesday');
  await page.getByRole('button', { name: 'Create task' }).click();
  await expect(page.getByTestId('error-schedule')).toBeVisible();
  await expect(page.getByTestId('error-schedule')).not.toContainText('Give a cron expression');
  await expect(page).toHaveURL(/\/tasks\/new$/);

  // The draft survives a reload, on the same step with the same entries.
  await page.reload();
  await expect(page.getByRole('heading', { name: /Step 7 of 7/ })).toBeVisible();
  await expect(page.getByLabel('Cron expression (UTC)')).toHaveValue('every tuesday');
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByLabel('Sample agent result (JSON)')).toHaveValue('{"title": "Hi"}');
});
