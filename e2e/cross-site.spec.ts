import type { Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sandboxWordPressSiteUrl } from '@/lib/sandbox/urls';
import { expect, signUp, test } from './fixtures';

// Issue 17, findings 1 and 4, as a victim's Chromium meets them: a page on another port of the same
// host (same-site, so the session cookie goes along) tries to start a connect flow and to write
// through /api/v1 with the cookie. Nothing it does may store anything.

let attacker: Server;
let attackerUrl: string;
const pages = new Map<string, string>();

test.beforeAll(async () => {
  attacker = createServer((req, res) => {
    const html = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html' }).end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => attacker.listen(0, resolve));
  // Another port of the app's own host: same-site, so the browser sends the (SameSite=Lax) session
  // cookie along — the case the issue reproduced.
  attackerUrl = `${new URL(process.env.OUTPOST_TEST_APP_URL!).protocol}//${new URL(process.env.OUTPOST_TEST_APP_URL!).hostname}:${(attacker.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  await new Promise((resolve) => attacker.close(resolve));
});

async function createKey(page: Page): Promise<string> {
  await page.goto('/settings/api-keys');
  await page.getByLabel('Key name').fill('cross-site e2e');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const key = (await page.getByTestId('new-api-key').textContent())!.trim();
  await page.getByRole('button', { name: 'Done' }).click();
  return key;
}

async function apiGet(appUrl: string, key: string, path: string) {
  const res = await fetch(`${appUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } });
  return (await res.json()) as { data: unknown[] };
}

test.describe('[SECURITY] a page on another site', () => {
  test('cannot start a connect flow: the top-level GET only shows the confirmation, a forged POST is refused, nothing is stored', async ({ page, appUrl }) => {
    await signUp(page);
    const key = await createKey(page);
    const site = sandboxWordPressSiteUrl(process.env.OUTPOST_TEST_SANDBOX_URL!);
    const connectUrl = `${appUrl}/connect/wordpress?site=${encodeURIComponent(site)}&label=${encodeURIComponent('Your blog (verified)')}`;
    pages.set('/redirect', `<!doctype html><script>location.href = ${JSON.stringify(connectUrl)};</script>`);
    pages.set(
      '/post',
      `<!doctype html><form method="post" action="${appUrl}/api/connect/wordpress/start"><input name="intent" value="forged"></form><script>document.forms[0].submit();</script>`,
    );

    await page.goto(`${attackerUrl}/redirect`);
    // The victim's browser stops on Outpost's question, which names the site; nothing went to the site.
    await expect(page.getByRole('heading', { name: `Connect ${site} to your Outpost account?` })).toBeVisible();
    await expect(page).toHaveURL(/\/connect\/wordpress\?/);

    const refused = page.waitForResponse((r) => r.url().endsWith('/api/connect/wordpress/start'));
    await page.goto(`${attackerUrl}/post`);
    expect((await refused).status()).toBe(403);
    expect((await apiGet(appUrl, key, '/connections')).data).toEqual([]);

    // The person's own click on the confirmation page is what starts it.
    await page.goto(connectUrl);
    await page.getByRole('button', { name: `Continue to ${new URL(site).host}` }).click();
    await expect(page.getByRole('heading', { name: 'Authorize Application' })).toBeVisible();
  });

  test('cannot write through /api/v1 with the session cookie (text/plain no-cors fetch, text/plain form)', async ({ page, appUrl }) => {
    await signUp(page);
    const key = await createKey(page);
    const task = JSON.stringify({ kind: 'http-post', config: { url: `${process.env.OUTPOST_TEST_SANDBOX_URL}/http/csrf` }, template: '{}', input: {} });
    pages.set(
      '/fetch',
      `<!doctype html><script>fetch(${JSON.stringify(`${appUrl}/api/v1/tasks`)}, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(task)} }).then(() => { document.title = 'sent'; });</script>`,
    );
    pages.set(
      '/form',
      `<!doctype html><form method="post" enctype="text/plain" action="${appUrl}/api/v1/connect-links"><input name='{"kind":"x","x":"' value='"}'></form><script>document.forms[0].submit();</script>`,
    );

    const fetched = page.waitForResponse((r) => r.url().endsWith('/api/v1/tasks'));
    await page.goto(`${attackerUrl}/fetch`);
    // The browser hides a no-cors answer from the page, not from the test.
    expect((await fetched).status()).toBe(403);

    const posted = page.waitForResponse((r) => r.url().endsWith('/api/v1/connect-links'));
    await page.goto(`${attackerUrl}/form`);
    const answer = await posted;
    expect(answer.status()).toBe(403);
    expect(await answer.text()).not.toContain('/connect/x?link=');

    expect((await apiGet(appUrl, key, '/tasks')).data).toEqual([]);
  });
});
