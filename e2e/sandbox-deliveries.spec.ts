import { sandboxClient } from '@/lib/sandbox/client';
import { sandboxExamplesFor } from '@/lib/sandbox/urls';
import { expect, signUp, test } from './fixtures';

const sandbox = () => process.env.OUTPOST_TEST_SANDBOX_URL!;

async function createKey(page: import('@playwright/test').Page): Promise<string> {
  await page.goto('/settings/api-keys');
  await page.getByLabel('Key name').fill('sandbox tour');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const key = (await page.getByTestId('new-api-key').textContent())!.trim();
  await page.getByRole('button', { name: 'Done' }).click();
  return key;
}

test('[SANDBOX]: a task to each of the four integrations lands in the sandbox and shows on its page', async ({ page, appUrl, browser }) => {
  test.setTimeout(120_000);
  await signUp(page);
  const key = await createKey(page);
  // The example values carry this user's sandbox namespace; the Sandbox page lists only what reaches it.
  await page.goto('/sandbox');
  const namespace = (await page.getByTestId('sandbox-namespace').textContent())!.trim();
  const examples = sandboxExamplesFor(sandbox(), namespace);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${appUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  // Slack through the connections page, as a person would.
  await page.goto('/connections');
  await page.getByLabel('Kind').selectOption('slack-webhook');
  // The kind's own fields are on the form before the person presses Save (on a loaded machine the
  // click could land before the re-render, and only the label was checked).
  await expect(page.getByLabel('webhookUrl')).toBeVisible();
  // Refused in place, before any request: the label and the kind's required field.
  await page.getByRole('button', { name: 'Save connection' }).click();
  await expect(page.getByLabel('Label')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('is required')).toHaveCount(2);
  await expect(page.getByTestId('connection-row')).toHaveCount(0);
  await page.getByLabel('Label').fill('team channel');
  await page.getByLabel('webhookUrl').fill(examples.slackWebhookUrl);
  await page.getByRole('button', { name: 'Save connection' }).click();
  await expect(page.getByTestId('connection-row')).toHaveCount(1);
  const slack = (await call('GET', '/connections')).body.data.find((c: { kind: string }) => c.kind === 'slack-webhook');
  expect(slack.hint).not.toContain('sandboxsecret');

  const tokens = await sandboxClient(sandbox()).issueXTokens({ username: examples.xUsername });
  const created = await Promise.all([
    call('POST', '/connections', { kind: 'discord-webhook', label: 'discord', secret: { webhookUrl: examples.discordWebhookUrl } }),
    call('POST', '/connections', {
      kind: 'twitter-thread',
      label: 'x',
      secret: { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt },
    }),
    call('POST', '/connections', {
      kind: 'wordpress-post',
      label: 'blog',
      secret: { siteUrl: examples.wordpressSiteUrl, username: examples.wordpressUsername, applicationPassword: examples.wordpressApplicationPassword },
    }),
  ]);
  for (const c of created) expect(c.status, JSON.stringify(c.body)).toBe(201);
  const [discord, x, wordpress] = created.map((c) => c.body.id as string);

  const input = { title: 'Agent report', summary: 'All **systems** nominal.' };
  const tasks = await Promise.all([
    call('POST', '/tasks', { kind: 'slack-webhook', connectionId: slack.id, input, template: '*{{ input.title }}*: {{ input.summary }}' }),
    call('POST', '/tasks', { kind: 'discord-webhook', connectionId: discord, input, template: '{{ input.title }}: {{ input.summary }}' }),
    call('POST', '/tasks', { kind: 'twitter-thread', connectionId: x, input, template: '{{ input.title }} — {{ input.summary }}' }),
    call('POST', '/tasks', { kind: 'wordpress-post', connectionId: wordpress, input, config: { title: '{{ input.title }}' }, template: '{{ input.summary }}' }),
  ]);
  for (const t of tasks) expect(t.status, JSON.stringify(t.body)).toBe(201);

  await expect
    .poll(async () => Promise.all(tasks.map(async (t) => (await call('GET', `/tasks/${t.body.id}`)).body.status)), { timeout: 60_000 })
    .toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);

  await page.goto('/sandbox');
  for (const target of ['slack', 'discord', 'x', 'wordpress']) {
    await page.goto(`/sandbox?target=${target}`);
    await expect(page.getByText('Agent report').first()).toBeVisible();
  }

  // Another user's Sandbox page, in their own namespace, shows none of it.
  const other = await browser.newContext({ baseURL: appUrl });
  const otherPage = await other.newPage();
  await signUp(otherPage);
  await otherPage.goto('/sandbox');
  await expect(otherPage.getByTestId('sandbox-namespace')).not.toHaveText(namespace);
  await expect(otherPage.getByText('Received requests')).toBeVisible();
  await expect(otherPage.getByText('Agent report')).toHaveCount(0);
  await other.close();
});
