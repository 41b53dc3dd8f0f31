import { describe, expect, it } from 'vitest';
import { createApiKey } from '@/lib/auth/api-keys';
import { appUrl, sandboxUrl } from '../support/app';
import { AppBrowser } from '../support/browser';

// Issue 17, findings 2, 4 and 8 (no-store) over real HTTP: a session that signs out is over for
// every copy of its cookie, and the cookie writes to /api/v1 only from the app's own pages.

const task = () => ({ kind: 'http-post', config: { url: `${sandboxUrl()}/http/cookie-api` }, template: '{}', input: {} });
const app = () => new URL(appUrl()).origin;

async function tasksOf(browser: AppBrowser) {
  const res = await browser.get('/api/v1/tasks');
  return { status: res.status, body: (await res.json()) as { data?: unknown[] } };
}

async function signOut(browser: AppBrowser) {
  const { csrfToken } = (await (await browser.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const res = await browser.request('/api/auth/signout', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app() },
    body: new URLSearchParams({ csrfToken }).toString(),
  });
  expect(res.status).toBe(302);
}

describe('sessions end at sign-out (finding 2)', () => {
  it('a copy of the session cookie is refused once its session signed out; another session of the user lives on', async () => {
    const browser = await AppBrowser.signIn();
    const laptop = await browser.anotherSession();
    const copied = new Map(browser.jar);
    const thief = () => {
      const copy = new AppBrowser(browser.userId, browser.email);
      for (const [name, value] of copied) copy.jar.set(name, value);
      return copy;
    };
    expect((await tasksOf(thief())).status).toBe(200);

    await signOut(browser);
    expect(await (await thief().get('/api/auth/session')).json()).toBeNull();
    const refused = await tasksOf(thief());
    expect(refused.status).toBe(401);
    expect((await tasksOf(laptop)).status).toBe(200);
  });
});

describe('cookie-authenticated writes to /api/v1 only from the app (finding 4)', () => {
  it('refuses another origin (another port of this host, another site) and a non-JSON body; the app\'s own JSON request works', async () => {
    const browser = await AppBrowser.signIn();
    const otherPort = `${new URL(appUrl()).protocol}//${new URL(appUrl()).hostname}:1`;
    const post = (headers: Record<string, string>, body = JSON.stringify(task())) => browser.request('/api/v1/tasks', { method: 'POST', headers, body });

    const crossPort = await post({ 'content-type': 'text/plain', origin: otherPort });
    expect(crossPort.status).toBe(403);
    expect(((await crossPort.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await post({ 'content-type': 'application/json', origin: 'https://attacker.example' })).status).toBe(403);
    expect((await post({ 'content-type': 'application/json', 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await post({ 'content-type': 'application/json' })).status).toBe(403);
    const plain = await post({ 'content-type': 'text/plain', origin: app() });
    expect(plain.status).toBe(415);
    expect(((await plain.json()) as { error: { details: { path: string }[] } }).error.details[0]!.path).toBe('content-type');
    expect((await browser.request('/api/v1/connect-links', { method: 'POST', headers: { 'content-type': 'text/plain', origin: otherPort }, body: '{"kind":"x"}' })).status).toBe(403);
    expect((await tasksOf(browser)).body.data).toEqual([]);

    const own = await post({ 'content-type': 'application/json', origin: app() });
    expect(own.status).toBe(201);
    expect((await post({ 'content-type': 'application/json; charset=utf-8', 'sec-fetch-site': 'same-origin' })).status).toBe(201);
  });

  it('API keys are unaffected: any origin, no Origin at all', async () => {
    const { key } = await createApiKey((await AppBrowser.signIn()).userId, 'agent');
    const res = await fetch(`${appUrl()}/api/v1/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', origin: 'https://agent.example' },
      body: JSON.stringify(task()),
    });
    expect(res.status).toBe(201);
  });
});

describe('API answers are not cached (finding 8)', () => {
  it('carry Cache-Control: no-store, answers and errors alike', async () => {
    const browser = await AppBrowser.signIn();
    expect((await browser.get('/api/v1/tasks')).headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${appUrl()}/api/v1/tasks`)).headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${appUrl()}/api/v1/openapi.json`)).headers.get('cache-control')).toBe('no-store');
  });
});
