import { expect } from 'vitest';
import { locationOf, type AppBrowser } from './browser';

// The steps of a connect flow as a browser takes them: the app's redirect, the person's answer on
// the provider's consent page, the callback.

type Decision = 'allow' | 'deny';

/** GET /connect/:kind in the browser: the provider's consent page address. */
export async function start(browser: AppBrowser, kind: string, query = ''): Promise<URL> {
  const response = await browser.get(`/connect/${kind}${query}`);
  expect(response.status, await response.clone().text()).toBe(302);
  return locationOf(response);
}

/** What the consent page's form posts; the sandbox answers with a redirect to our callback. */
export async function consent(authorize: URL, decision: Decision, extra: Record<string, string> = {}): Promise<URL> {
  const form = new URLSearchParams(authorize.searchParams);
  form.set('decision', decision);
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  const response = await fetch(`${authorize.origin}${authorize.pathname}`, { method: 'POST', body: form, redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

/** The callback in the browser: where it lands (`/connections?…`). */
export async function callback(browser: AppBrowser, url: URL): Promise<URL> {
  const response = await browser.get(url.toString());
  expect(response.status).toBe(303);
  return locationOf(response);
}

