import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { sandboxClient } from '@/lib/sandbox/client';
import { sandboxWordPressSiteUrl } from '@/lib/sandbox/urls';
import { expect, signUp, test } from './fixtures';

// Each connect flow as a person meets it: Connections → Connect → the provider's (sandbox) consent
// page → Approve → back on Connections with the account shown → a task delivers through it.

const sandbox = () => sandboxClient(process.env.OUTPOST_TEST_SANDBOX_URL!);

async function createKey(page: Page): Promise<string> {
  await page.goto('/settings/api-keys');
  await page.getByLabel('Key name').fill('connect e2e');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const key = (await page.getByTestId('new-api-key').textContent())!.trim();
  await page.getByRole('button', { name: 'Done' }).click();
  return key;
}

async function api(appUrl: string, key: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${appUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** Creates a task through the API and waits until the worker delivered it. */
async function deliver(appUrl: string, key: string, task: Record<string, unknown>) {
  const created = await api(appUrl, key, 'POST', '/tasks', task);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await expect.poll(async () => (await api(appUrl, key, 'GET', `/tasks/${created.body.id}`)).body.status, { timeout: 45_000 }).toBe('succeeded');
}

/** The confirmation page every connect flow starts from: the person's own click. */
async function confirmConnect(page: Page) {
  await expect(page.getByRole('heading', { name: /to your Outpost account\?$/ })).toBeVisible();
  await page.getByRole('button', { name: /^Continue to / }).click();
}

/** Back on /connections after the flow: the id of the connection just made. */
async function connectedId(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/connections\?connected=/);
  await expect(page.getByTestId('connect-success')).toBeVisible();
  return new URL(page.url()).searchParams.get('connected')!;
}

test.describe('[CONNECT]', () => {
  let key: string;
  /** The user's sandbox namespace: the sandbox's consent pages act as this account. */
  let namespace: string;
  test.beforeEach(async ({ page }) => {
    await signUp(page);
    key = await createKey(page);
    await page.goto('/sandbox');
    namespace = (await page.getByTestId('sandbox-namespace').textContent())!.trim();
    await page.goto('/connections');
  });

  test('X: Connect, Approve, the handle shows and a thread posts with it', async ({ page, appUrl }) => {
    await page.getByRole('link', { name: 'Connect X' }).click();
    await confirmConnect(page);
    await expect(page.getByRole('heading', { name: 'Authorize app' })).toBeVisible();
    await page.getByRole('button', { name: 'Authorize app' }).click();
    const id = await connectedId(page);
    await expect(page.getByTestId('connection-account')).toHaveText(`@${namespace}`);

    const text = `Thread from an OAuth connection ${randomUUID()}`;
    await deliver(appUrl, key, { kind: 'twitter-thread', connectionId: id, input: { text }, template: '{{ input.text }}' });
    expect((await sandbox().state()).x.tweets.some((t) => t.text.includes(text))).toBe(true);
    // It lists on this user's Sandbox page.
    await page.goto('/sandbox?target=x');
    await expect(page.getByText(text).first()).toBeVisible();
  });

  test('Slack: the channel picked on the consent page is shown and receives the message', async ({ page, appUrl }) => {
    await page.getByRole('link', { name: 'Connect Slack' }).click();
    await confirmConnect(page);
    await page.getByLabel('Post to').selectOption({ label: '#outpost-reports' });
    await page.getByRole('button', { name: 'Authorize app' }).click();
    const id = await connectedId(page);
    await expect(page.getByTestId('connection-target')).toHaveText('#outpost-reports');

    const text = `Slack via OAuth ${randomUUID()}`;
    await deliver(appUrl, key, { kind: 'slack-webhook', connectionId: id, input: { text }, template: '{{ input.text }}' });
    expect((await sandbox().state()).slack.messages.some((m) => m.text === text)).toBe(true);
  });

  test('Discord: the webhook Discord created delivers', async ({ page, appUrl }) => {
    await page.getByRole('link', { name: 'Connect Discord' }).click();
    await confirmConnect(page);
    await page.getByLabel('Channel').selectOption({ label: '#outpost-reports' });
    await page.getByRole('button', { name: 'Authorize app' }).click();
    const id = await connectedId(page);
    await expect(page.getByTestId('connection-target')).toContainText('1000000000000000102');

    const text = `Discord via OAuth ${randomUUID()}`;
    await deliver(appUrl, key, { kind: 'discord-webhook', connectionId: id, input: { text }, template: '{{ input.text }}' });
    expect((await sandbox().state()).discord.messages.some((m) => m.content === text && m.channelId === '1000000000000000102')).toBe(true);
  });

  test('WordPress.com: the blog is shown and takes a draft', async ({ page, appUrl }) => {
    await page.getByRole('link', { name: 'Connect WordPress.com' }).click();
    await confirmConnect(page);
    await page.getByRole('button', { name: 'Authorize app' }).click();
    const id = await connectedId(page);
    await expect(page.getByTestId('connection-target')).toContainText('/wp');

    const title = `WP.com draft ${randomUUID()}`;
    await deliver(appUrl, key, { kind: 'wordpress-post', connectionId: id, input: { body: 'From **WordPress.com** OAuth' }, config: { title } });
    expect((await sandbox().state()).wordpress.posts.some((p) => p.title === title)).toBe(true);
  });

  test('self-hosted WordPress: the site hands back an application password that posts', async ({ page, appUrl }) => {
    const site = sandboxWordPressSiteUrl(process.env.OUTPOST_TEST_SANDBOX_URL!);
    await page.getByLabel("Your site's address").fill(site);
    await page.getByRole('button', { name: 'Connect WordPress site' }).click();
    // Outpost's own question names the site before anything is sent to it.
    await expect(page.getByRole('heading', { name: `Connect ${site} to your Outpost account?` })).toBeVisible();
    await confirmConnect(page);
    await expect(page.getByRole('heading', { name: 'Authorize Application' })).toBeVisible();
    await page.getByRole('button', { name: 'Yes, I approve of this connection' }).click();
    const id = await connectedId(page);
    await expect(page.getByTestId('connection-account')).toHaveText(namespace);
    await expect(page.getByTestId('connection-target')).toContainText('/wp');

    const title = `Self-hosted draft ${randomUUID()}`;
    await deliver(appUrl, key, { kind: 'wordpress-post', connectionId: id, input: { body: 'From an application password' }, config: { title } });
    expect((await sandbox().state()).wordpress.posts.some((p) => p.title === title)).toBe(true);
  });

  test('Deny ends on Connections with a plain sentence and no connection', async ({ page }) => {
    await page.getByRole('link', { name: 'Connect X' }).click();
    await confirmConnect(page);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page).toHaveURL(/error=access_denied/);
    await expect(page.getByTestId('connect-error')).toContainText('You declined on X');
    await expect(page.getByTestId('connection-row')).toHaveCount(0);
  });

  test('rename, test, reconnect and revoke (confirmed in a dialog)', async ({ page }) => {
    await page.getByRole('link', { name: 'Connect X' }).click();
    await confirmConnect(page);
    await page.getByRole('button', { name: 'Authorize app' }).click();
    await connectedId(page);
    const row = page.getByTestId('connection-row');

    await row.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Company X');
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect(row.getByRole('heading', { name: 'Company X' })).toBeVisible();

    await row.getByRole('button', { name: 'Test' }).click();
    await expect(row.getByRole('status')).toContainText(`@${namespace}`);

    await row.getByRole('link', { name: 'Reconnect' }).click();
    await confirmConnect(page);
    await page.getByRole('button', { name: 'Authorize app' }).click();
    await expect(page.getByTestId('connect-success')).toContainText('Reconnected');
    await expect(page.getByTestId('connection-row')).toHaveCount(1);
    await expect(page.getByTestId('connection-row').getByRole('heading', { name: 'Company X' })).toBeVisible();

    await page.getByTestId('connection-row').getByRole('button', { name: 'Revoke' }).click();
    await expect(page.getByRole('dialog')).toContainText('Revoke “Company X”?');
    await page.getByRole('button', { name: 'Revoke connection' }).click();
    await expect(page.getByTestId('connection-row')).toHaveCount(0);
  });

  // The header is the app shell's (checked site-wide); this is the Connections page's own content.
  test('at 390 px the page content fits without sideways scrolling', async ({ page }) => {
    await page.getByRole('link', { name: 'Connect Slack' }).click();
    await confirmConnect(page);
    await page.getByRole('button', { name: 'Authorize app' }).click();
    await connectedId(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    const widest = await page.evaluate(() => Math.max(...[...document.querySelectorAll('main *')].map((el) => el.getBoundingClientRect().right)));
    expect(widest).toBeLessThanOrEqual(390);
  });

  test('the page, an error and the revoke dialog pass axe', async ({ page }) => {
    await page.getByRole('link', { name: 'Connect Discord' }).click();
    await confirmConnect(page);
    await page.getByRole('button', { name: 'Authorize app' }).click();
    await connectedId(page);
    const violations = async () => (await new AxeBuilder({ page }).include('main').analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(await violations()).toEqual([]);
    await page.goto('/connections?error=state_expired&kind=discord');
    await expect(page.getByTestId('connect-error')).toContainText('took longer than 10 minutes');
    expect(await violations()).toEqual([]);
    await page.getByTestId('connection-row').getByRole('button', { name: 'Revoke' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    // Keyboard focus moves into the dialog, onto its first control.
    await expect(page.getByRole('dialog').getByRole('button', { name: 'Keep it' })).toBeFocused();
    expect((await new AxeBuilder({ page }).include('[role=dialog]').analyze()).violations).toEqual([]);
  });
});
