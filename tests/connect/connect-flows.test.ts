import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '@/lib/auth/api-keys';
import { openFlow, sealFlow, flowCookieName, FLOW_TTL_MS } from '@/lib/connect/flow-cookie';
import { db } from '@/lib/db/client';
import { connectRequests, connections } from '@/lib/db/schema';
import { sandboxNamespace } from '@/lib/sandbox/namespace';
import { redactedFingerprint } from '@/lib/sandbox/redact';
import { api, appUrl } from '../support/app';
import { AppBrowser, locationOf } from '../support/browser';
import { callback, confirm, confirmationOf, consent, start } from '../support/connect-steps';
import { sandbox, waitForStatus } from '../engine/helpers';

// The connect flows of DESIGN §3.2 against the sandbox's OAuth servers, step by step: the app's
// redirect, the person's answer on the consent page, the callback.

/** The user's sandbox namespace: the sandbox's consent pages act as this account (login_hint). */
const namespaceOf = (browser: AppBrowser) => sandboxNamespace(browser.userId, process.env.AUTH_SECRET!);

const connectionsOf = (userId: string) => db.select().from(connections).where(eq(connections.userId, userId));

/** Token-endpoint requests that carried this authorization code (the recorder keeps only a fingerprint). */
async function tokenRequestsFor(path: string, code: string) {
  const requests = await sandbox().requests({ path });
  return requests.filter((r) => (r.body as Record<string, unknown> | null)?.code === redactedFingerprint(code));
}

async function expectNothingCreated(browser: AppBrowser) {
  expect(await connectionsOf(browser.userId)).toEqual([]);
}

const X_TOKEN = '/x/2/oauth2/token';

const requestsOf = (userId: string) => db.select().from(connectRequests).where(eq(connectRequests.userId, userId));

describe('a connect flow starts only when the person confirms it (issue 17, finding 1)', () => {
  let browser: AppBrowser;
  beforeEach(async () => {
    browser = await AppBrowser.signIn();
  });

  it('opening /connect/wordpress?site=… from anywhere only shows a page naming the site: no flow, no request to the site', async () => {
    const site = `${process.env.OUTPOST_TEST_SANDBOX_URL}/wp-${randomUUID().slice(0, 8)}`;
    const page = await browser.get(`/connect/wordpress?site=${encodeURIComponent(site)}&label=${encodeURIComponent('Your blog (verified)')}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`Connect <span data-testid="connect-target">${site}</span> to your Outpost account?`);
    expect(html).toContain(browser.email);
    expect(page.headers.getSetCookie().some((c) => c.startsWith('outpost-connect-'))).toBe(false);
    expect(await requestsOf(browser.userId)).toEqual([]);
    expect(await sandbox().requests({ path: `${new URL(site).pathname}/wp-json/` })).toEqual([]);
  });

  it('a POST from another origin (another site, another port of this host) is refused and stores nothing, even with a real intent', async () => {
    const form = await confirmationOf(browser, 'wordpress', `?site=${encodeURIComponent(`${process.env.OUTPOST_TEST_SANDBOX_URL}/wp`)}`);
    const app = new URL(appUrl());
    const attempts: Record<string, string>[] = [
      { origin: 'https://attacker.example' },
      { origin: `${app.protocol}//${app.hostname}:1` },
      { origin: 'null' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
      {},
    ];
    for (const headers of attempts) {
      const response = await browser.request(form.action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ intent: form.intent }).toString(),
      });
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.headers.get('location')).toBeNull();
    }
    expect(await requestsOf(browser.userId)).toEqual([]);
    expect([...browser.jar.keys()].some((name) => name.startsWith('outpost-connect-'))).toBe(false);
  });

  it('a same-origin POST without this page’s intent — none, altered, another user’s, another session’s — starts nothing', async () => {
    const form = await confirmationOf(browser, 'x', '?label=Mine');
    const other = await AppBrowser.signIn();
    const othersForm = await confirmationOf(other, 'x');
    const sameUserOtherSession = await browser.anotherSession();
    const intents = ['', `${form.intent.slice(0, 60)}${form.intent[60] === 'A' ? 'B' : 'A'}${form.intent.slice(61)}`, othersForm.intent];
    for (const intent of intents) {
      const landed = locationOf(await confirm(browser, { action: form.action, intent }));
      expect(landed.searchParams.get('error')).toBe('intent_invalid');
    }
    expect(locationOf(await confirm(sameUserOtherSession, form)).searchParams.get('error')).toBe('intent_invalid');
    // Posted to another kind's address, the intent starts nothing either.
    expect(locationOf(await confirm(browser, { action: form.action.replace('/x/', '/slack/'), intent: form.intent })).searchParams.get('error')).toBe('intent_invalid');
    expect(await requestsOf(browser.userId)).toEqual([]);
    // The page's own intent, posted by the page, starts the flow.
    expect(locationOf(await confirm(browser, form)).pathname).toBe('/x/i/oauth2/authorize');
    expect(await requestsOf(browser.userId)).toHaveLength(1);
  });

  it('starts are limited per user and per address, and expired requests are purged', async () => {
    const form = await confirmationOf(browser, 'x');
    const codes: (string | null)[] = [];
    for (let i = 0; i < 21; i++) codes.push(locationOf(await confirm(browser, form)).searchParams.get('error'));
    expect(codes.slice(0, 20)).toEqual(Array(20).fill(null));
    expect(codes[20]).toBe('rate_limited');
    expect(await requestsOf(browser.userId)).toHaveLength(20);

    // Per address: several accounts from one address share its 60 starts (and one more a second).
    const address = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    const began = Date.now();
    let started = 0;
    let refused = 0;
    for (let u = 0; u < 5; u++) {
      const user = await AppBrowser.signIn();
      const userForm = await confirmationOf(user, 'slack');
      for (let i = 0; i < 18; i++) {
        const response = await user.request(userForm.action, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(appUrl()).origin, 'x-forwarded-for': address },
          body: new URLSearchParams({ intent: userForm.intent }).toString(),
        });
        if (locationOf(response).searchParams.get('error') === 'rate_limited') refused++;
        else started++;
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(started).toBeLessThanOrEqual(60 + Math.ceil((Date.now() - began) / 1000));

    // A request past its expiry is deleted by the next one recorded.
    await db.update(connectRequests).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(connectRequests.userId, browser.userId));
    const fresh = await AppBrowser.signIn();
    await start(fresh, 'x');
    expect(await requestsOf(browser.userId)).toEqual([]);
  });
});

describe('connect X (OAuth 2.0 with PKCE)', () => {
  let browser: AppBrowser;
  beforeEach(async () => {
    browser = await AppBrowser.signIn();
  });

  it('sends the browser to the consent page with state, an S256 challenge and the posting scopes, in a sealed httpOnly cookie', async () => {
    const response = await confirm(browser, await confirmationOf(browser, 'x', '?label=Team%20X&returnTo=/dashboard'));
    const authorize = locationOf(response);
    expect(authorize.pathname).toBe('/x/i/oauth2/authorize');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('scope')).toBe('tweet.read tweet.write users.read offline.access');
    expect(authorize.searchParams.get('redirect_uri')).toMatch(/\/api\/connect\/x\/callback$/);
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith(`${flowCookieName('x')}=`))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=lax/i);
    expect(setCookie).toMatch(/Max-Age=600/i);
    // Sealed: neither the state nor the verifier can be read from the cookie.
    expect(setCookie).not.toContain(authorize.searchParams.get('state')!);
    const opened = await openFlow(decodeURIComponent(browser.jar.get(flowCookieName('x'))!));
    expect(opened.ok && opened.flow).toMatchObject({ userId: browser.userId, state: authorize.searchParams.get('state'), label: 'Team X', returnTo: '/dashboard' });
  });

  it('Approve stores the connection with the handle; the tokens only encrypted; returnTo is honoured', async () => {
    const back = await consent(await start(browser, 'x', '?returnTo=/dashboard'), 'allow');
    const landed = await callback(browser, back);
    expect(landed.pathname).toBe('/dashboard');
    const [row] = await connectionsOf(browser.userId);
    const handle = `@${namespaceOf(browser)}`;
    expect(row).toMatchObject({ kind: 'twitter-thread', label: handle, hint: handle, status: 'active' });
    expect(landed.searchParams.get('connected')).toBe(row!.id);
    expect(row!.metadata).toMatchObject({ username: namespaceOf(browser), account: handle });
    expect(row!.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 3600_000);
    expect(JSON.stringify(row)).not.toMatch(/accessToken|refreshToken/);
    // The flow cookie is gone: the same answer cannot be replayed.
    expect(browser.jar.has(flowCookieName('x'))).toBe(false);
  });

  it('connecting the same X account again updates that connection in place', async () => {
    await callback(browser, await consent(await start(browser, 'x', '?label=first'), 'allow'));
    const [first] = await connectionsOf(browser.userId);
    const landed = await callback(browser, await consent(await start(browser, 'x'), 'allow'));
    const rows = await connectionsOf(browser.userId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: first!.id, label: 'first' });
    expect(rows[0]!.secretCiphertext).not.toBe(first!.secretCiphertext);
    expect(landed.searchParams.get('reconnected')).toBe('1');
  });

  it('Deny ends on a clear message and creates nothing', async () => {
    const landed = await callback(browser, await consent(await start(browser, 'x'), 'deny'));
    expect(landed.pathname).toBe('/connections');
    expect(landed.searchParams.get('error')).toBe('access_denied');
    await expectNothingCreated(browser);
    const page = await browser.get(landed.pathname + landed.search);
    expect(await page.text()).toContain('You declined on X');
  });

  it('a tampered state is refused before the code reaches the token endpoint', async () => {
    const back = await consent(await start(browser, 'x'), 'allow');
    const code = back.searchParams.get('code')!;
    back.searchParams.set('state', `${back.searchParams.get('state')!.slice(0, -2)}xx`);
    const landed = await callback(browser, back);
    expect(landed.searchParams.get('error')).toBe('state_mismatch');
    await expectNothingCreated(browser);
    expect(await tokenRequestsFor(X_TOKEN, code)).toHaveLength(0);
  });

  it('a tampered flow cookie is refused before the code reaches the token endpoint', async () => {
    const back = await consent(await start(browser, 'x'), 'allow');
    const sealed = browser.jar.get(flowCookieName('x'))!;
    browser.jar.set(flowCookieName('x'), `${sealed.slice(0, 40)}${sealed[40] === 'A' ? 'B' : 'A'}${sealed.slice(41)}`);
    const landed = await callback(browser, back);
    expect(landed.searchParams.get('error')).toBe('state_invalid');
    await expectNothingCreated(browser);
    expect(await tokenRequestsFor(X_TOKEN, back.searchParams.get('code')!)).toHaveLength(0);
  });

  it("a state from another user's session connects nothing, for either user", async () => {
    const back = await consent(await start(browser, 'x'), 'allow');
    const other = await AppBrowser.signIn();
    // The other user's browser is handed both the answer and the first user's flow cookie.
    other.jar.set(flowCookieName('x'), browser.jar.get(flowCookieName('x'))!);
    const landed = await callback(other, back);
    expect(landed.searchParams.get('error')).toBe('wrong_user');
    await expectNothingCreated(browser);
    await expectNothingCreated(other);
    expect(await tokenRequestsFor(X_TOKEN, back.searchParams.get('code')!)).toHaveLength(0);
  });

  it('an answer arriving after signing out connects nothing', async () => {
    const back = await consent(await start(browser, 'x'), 'allow');
    for (const name of [...browser.jar.keys()]) if (name.includes('session-token')) browser.jar.delete(name);
    const landed = await callback(browser, back);
    expect(landed.searchParams.get('error')).toBe('signed_out');
    await expectNothingCreated(browser);
    expect(await tokenRequestsFor(X_TOKEN, back.searchParams.get('code')!)).toHaveLength(0);
  });

  it('an answer arriving without the flow cookie (another browser) connects nothing', async () => {
    const back = await consent(await start(browser, 'x'), 'allow');
    const other = await AppBrowser.signIn();
    const landed = await callback(other, back);
    expect(landed.searchParams.get('error')).toBe('state_missing');
    expect(await tokenRequestsFor(X_TOKEN, back.searchParams.get('code')!)).toHaveLength(0);
  });

  it('a state older than 10 minutes has expired and never reaches the token endpoint', async () => {
    const back = await consent(await start(browser, 'x'), 'allow');
    const opened = await openFlow(decodeURIComponent(browser.jar.get(flowCookieName('x'))!));
    if (!opened.ok) throw new Error('the flow cookie did not open');
    // The same flow, issued 10 minutes and 1 second ago.
    browser.jar.set(flowCookieName('x'), encodeURIComponent(await sealFlow({ ...opened.flow, issuedAt: Date.now() - FLOW_TTL_MS - 1000 })));
    const landed = await callback(browser, back);
    expect(landed.searchParams.get('error')).toBe('state_expired');
    await expectNothingCreated(browser);
    expect(await tokenRequestsFor(X_TOKEN, back.searchParams.get('code')!)).toHaveLength(0);
  });

  it('a state is single use: replaying the answer with its cookie connects nothing more', async () => {
    const back = await consent(await start(browser, 'x'), 'allow');
    const cookie = browser.jar.get(flowCookieName('x'))!;
    await callback(browser, back);
    const [row] = await connectionsOf(browser.userId);
    browser.jar.set(flowCookieName('x'), cookie);
    const landed = await callback(browser, back);
    expect(landed.searchParams.get('error')).toBe('state_used');
    expect(await connectionsOf(browser.userId)).toEqual([row]);
    expect(await tokenRequestsFor(X_TOKEN, back.searchParams.get('code')!)).toHaveLength(1);
  });

  it('a reused code is refused by the provider and connects nothing', async () => {
    const first = await consent(await start(browser, 'x'), 'allow');
    const cookieBrowser = await AppBrowser.signIn();
    await callback(browser, first);
    // A fresh, valid flow of another user carrying the already redeemed code.
    const second = await consent(await start(cookieBrowser, 'x'), 'allow');
    second.searchParams.set('code', first.searchParams.get('code')!);
    const landed = await callback(cookieBrowser, second);
    expect(landed.searchParams.get('error')).toBe('code_rejected');
    await expectNothingCreated(cookieBrowser);
    expect(await tokenRequestsFor(X_TOKEN, first.searchParams.get('code')!)).toHaveLength(2);
  });

  it('a wrong PKCE verifier is refused by the provider and connects nothing', async () => {
    const back = await consent(await start(browser, 'x'), 'allow');
    const opened = await openFlow(decodeURIComponent(browser.jar.get(flowCookieName('x'))!));
    if (!opened.ok) throw new Error('the flow cookie did not open');
    browser.jar.set(flowCookieName('x'), encodeURIComponent(await sealFlow({ ...opened.flow, verifier: 'w'.repeat(64) })));
    const landed = await callback(browser, back);
    expect(landed.searchParams.get('error')).toBe('code_rejected');
    await expectNothingCreated(browser);
    const [request] = await tokenRequestsFor(X_TOKEN, back.searchParams.get('code')!);
    expect(request?.status).toBe(400);
  });

  it('the error page explains each failure in a sentence', async () => {
    const page = await browser.get('/connections?error=state_expired&kind=x');
    expect(await page.text()).toContain('took longer than 10 minutes');
  });
});

describe('connect Slack, Discord, WordPress.com and a self-hosted WordPress', () => {
  let browser: AppBrowser;
  let client: ReturnType<typeof api>;
  beforeEach(async () => {
    browser = await AppBrowser.signIn();
    client = api((await createApiKey(browser.userId, 'connect test')).key);
  });

  async function deliver(body: Record<string, unknown>) {
    const created = await client.post('/tasks', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return waitForStatus(client, created.body.id);
  }

  it('Slack: the channel picked on the consent page becomes the connection, and a message posts through its webhook', async () => {
    const landed = await callback(browser, await consent(await start(browser, 'slack'), 'allow', { channel_id: 'C0OUTPOST01' }));
    const id = landed.searchParams.get('connected')!;
    const [row] = await connectionsOf(browser.userId);
    expect(row).toMatchObject({ id, kind: 'slack-webhook', label: '#outpost-reports (Sandbox Workspace)' });
    expect(row!.metadata).toMatchObject({ channel: '#outpost-reports', channelId: 'C0OUTPOST01', team: namespaceOf(browser) });
    const done = await deliver({ kind: 'slack-webhook', connectionId: id, input: { text: 'from OAuth' }, template: '{{ input.text }}' });
    expect(done.status).toBe('succeeded');
    // The user's own workspace: the message lists on their Sandbox page.
    expect((await sandbox().state(namespaceOf(browser))).slack.messages.some((m) => m.text === 'from OAuth')).toBe(true);
  });

  it('Discord: the webhook from the token answer delivers', async () => {
    const landed = await callback(browser, await consent(await start(browser, 'discord'), 'allow', { channel_id: '1000000000000000102' }));
    const [row] = await connectionsOf(browser.userId);
    expect(row).toMatchObject({ id: landed.searchParams.get('connected'), kind: 'discord-webhook' });
    expect(row!.metadata).toMatchObject({ channelId: '1000000000000000102', guildId: '1000000000000000001' });
    const done = await deliver({ kind: 'discord-webhook', connectionId: row!.id, input: { text: 'hello discord' }, template: '{{ input.text }}' });
    expect(done.status).toBe('succeeded');
    const message = (await sandbox().state(namespaceOf(browser))).discord.messages.find((m) => m.content === 'hello discord');
    expect(message?.channelId).toBe('1000000000000000102');
  });

  it('Discord: a reused code is refused and connects nothing', async () => {
    const first = await consent(await start(browser, 'discord'), 'allow');
    await callback(browser, first);
    const second = await consent(await start(browser, 'discord'), 'allow');
    second.searchParams.set('code', first.searchParams.get('code')!);
    const landed = await callback(browser, second);
    expect(landed.searchParams.get('error')).toBe('code_rejected');
    expect(await connectionsOf(browser.userId)).toHaveLength(1);
  });

  it('WordPress.com: the blog from the token answer takes draft posts', async () => {
    const landed = await callback(browser, await consent(await start(browser, 'wordpress-com'), 'allow'));
    const [row] = await connectionsOf(browser.userId);
    expect(row).toMatchObject({ id: landed.searchParams.get('connected'), kind: 'wordpress-post' });
    expect(row!.metadata).toMatchObject({ blogId: '200000001', wordpressCom: true });
    const done = await deliver({ kind: 'wordpress-post', connectionId: row!.id, input: { body: 'Hello **WP.com**' }, config: { title: 'Via WordPress.com' } });
    expect(done.status, JSON.stringify(done.lastError)).toBe('succeeded');
    expect((await sandbox().state(namespaceOf(browser))).wordpress.posts.some((p) => p.title === 'Via WordPress.com')).toBe(true);
    expect(await sandbox().requests({ namespace: namespaceOf(browser), path: '/wpcom/wp/v2/sites' })).not.toHaveLength(0);
  });

  it('self-hosted WordPress: approving on authorize-application.php stores a working application password', async () => {
    const site = `${process.env.OUTPOST_TEST_SANDBOX_URL}/wp`;
    const page = await start(browser, 'wordpress', `?site=${encodeURIComponent(site)}`);
    expect(page.pathname).toBe('/wp/wp-admin/authorize-application.php');
    expect(page.searchParams.get('app_name')).toBe('Outpost');
    const form = new URLSearchParams(page.searchParams);
    form.set('approve', '1');
    const approved = await fetch(`${page.origin}${page.pathname}`, { method: 'POST', body: form, redirect: 'manual' });
    const back = new URL(approved.headers.get('location')!);
    expect(back.searchParams.get('user_login')).toBe(namespaceOf(browser));
    const landed = await callback(browser, back);
    const [row] = await connectionsOf(browser.userId);
    expect(row).toMatchObject({ id: landed.searchParams.get('connected'), kind: 'wordpress-post' });
    expect(row!.metadata).toMatchObject({ siteUrl: site, username: namespaceOf(browser) });
    const done = await deliver({ kind: 'wordpress-post', connectionId: row!.id, input: { body: 'Hello self-hosted' }, config: { title: 'Via app password' } });
    expect(done.status, JSON.stringify(done.lastError)).toBe('succeeded');
    expect((await sandbox().state(namespaceOf(browser))).wordpress.posts.some((p) => p.title === 'Via app password')).toBe(true);
  });

  it('self-hosted WordPress: rejecting on the authorization page connects nothing', async () => {
    const page = await start(browser, 'wordpress', `?site=${encodeURIComponent(`${process.env.OUTPOST_TEST_SANDBOX_URL}/wp`)}`);
    const form = new URLSearchParams(page.searchParams);
    form.set('reject', '1');
    const rejected = await fetch(`${page.origin}${page.pathname}`, { method: 'POST', body: form, redirect: 'manual' });
    const landed = await callback(browser, new URL(rejected.headers.get('location')!));
    expect(landed.searchParams.get('error')).toBe('access_denied');
    await expectNothingCreated(browser);
  });

  it('self-hosted WordPress: an answer naming another site than the one entered connects nothing', async () => {
    const page = await start(browser, 'wordpress', `?site=${encodeURIComponent(`${process.env.OUTPOST_TEST_SANDBOX_URL}/wp`)}`);
    const form = new URLSearchParams(page.searchParams);
    form.set('approve', '1');
    const approved = await fetch(`${page.origin}${page.pathname}`, { method: 'POST', body: form, redirect: 'manual' });
    const back = new URL(approved.headers.get('location')!);
    back.searchParams.set('site_url', 'https://evil.example.com');
    const landed = await callback(browser, back);
    expect(landed.searchParams.get('error')).toBe('site_mismatch');
    await expectNothingCreated(browser);
  });
});

describe('connect links (POST /api/v1/connect-links)', () => {
  let browser: AppBrowser;
  let client: ReturnType<typeof api>;
  beforeEach(async () => {
    browser = await AppBrowser.signIn();
    client = api((await createApiKey(browser.userId, 'agent')).key);
  });

  it('returns a 30-minute link that connects the account in its user’s browser, with the label and returnTo given', async () => {
    const before = Date.now();
    const created = await client.post('/connect-links', { kind: 'x', label: 'Agent X', returnTo: '/dashboard' });
    expect(created.status).toBe(201);
    const expiresAt = Date.parse(created.body.expiresAt);
    expect(expiresAt - before).toBeGreaterThan(29 * 60_000);
    expect(expiresAt - before).toBeLessThanOrEqual(30 * 60_000 + 5000);
    // The link opens the confirmation page, which names the label; only its button starts the flow.
    const form = await confirmationOf(browser, 'x', new URL(created.body.url).search);
    expect(form.html).toContain('Agent X');
    const landed = await callback(browser, await consent(locationOf(await confirm(browser, form)), 'allow'));
    expect(landed.pathname).toBe('/dashboard');
    const [row] = await connectionsOf(browser.userId);
    expect(row).toMatchObject({ id: landed.searchParams.get('connected'), label: 'Agent X', kind: 'twitter-thread' });
  });

  it('works once: opening it uses nothing, confirming uses it', async () => {
    const { url } = (await client.post('/connect-links', { kind: 'slack' })).body;
    const form = await confirmationOf(browser, 'slack', new URL(url).search);
    // Opened again before confirming, it is still there.
    await confirmationOf(browser, 'slack', new URL(url).search);
    expect((await confirm(browser, form)).status).toBe(303);
    expect(locationOf(await browser.get(url)).searchParams.get('error')).toBe('link_used');
    // The same confirmation posted twice starts nothing more.
    expect(locationOf(await confirm(browser, form)).searchParams.get('error')).toBe('link_used');
  });

  it('opened by another signed-in user it connects nothing, and still works for its owner', async () => {
    const { url } = (await client.post('/connect-links', { kind: 'discord' })).body;
    const stranger = await AppBrowser.signIn();
    const refused = await stranger.get(url);
    expect(refused.status).toBe(307);
    expect(locationOf(refused).searchParams.get('error')).toBe('link_other_user');
    const page = await stranger.get(`${locationOf(refused).pathname}${locationOf(refused).search}`);
    expect(await page.text()).toContain('made for a different Outpost account');
    expect(await connectionsOf(stranger.userId)).toEqual([]);
    expect((await start(browser, 'discord', new URL(url).search)).pathname).toMatch(/authorize/);
  });

  it('opened while signed out it sends the browser to sign in and stays unused', async () => {
    const { url } = (await client.post('/connect-links', { kind: 'x' })).body;
    const anonymous = await fetch(url, { redirect: 'manual' });
    expect(anonymous.status).toBe(307);
    const signIn = new URL(anonymous.headers.get('location')!, url);
    expect(signIn.pathname).toBe('/sign-in');
    expect(signIn.searchParams.get('callbackUrl')).toBe(new URL(url).pathname + new URL(url).search);
    expect((await start(browser, 'x', new URL(url).search)).pathname).toMatch(/authorize/);
  });

  it('expires after 30 minutes', async () => {
    const { url } = (await client.post('/connect-links', { kind: 'x' })).body;
    await db.update(connectRequests).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(connectRequests.userId, browser.userId));
    expect(locationOf(await browser.get(url)).searchParams.get('error')).toBe('link_expired');
  });

  it('refuses an unknown kind and a returnTo outside the app with 400s naming the field', async () => {
    const badKind = await client.post('/connect-links', { kind: 'myspace' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.details).toEqual([expect.objectContaining({ path: 'kind' })]);
    const badReturn = await client.post('/connect-links', { kind: 'x', returnTo: 'https://evil.example.com/' });
    expect(badReturn.status).toBe(400);
    expect(badReturn.body.error.details).toEqual([expect.objectContaining({ path: 'returnTo' })]);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await api(null).get('/openapi.json');
    expect(doc.body.paths['/connect-links'].post.requestBody).toBeTruthy();
    expect(doc.body.components.schemas.CreateConnectLink.properties.kind).toBeTruthy();
  });
});
