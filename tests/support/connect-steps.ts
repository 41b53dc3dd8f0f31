import { expect } from 'vitest';
import { appUrl } from './app';
import { locationOf, type AppBrowser } from './browser';

// The steps of a connect flow as a browser takes them: the app's redirect, the person's answer on
// the provider's consent page, the callback.

type Decision = 'allow' | 'deny';

/** The confirmation page (GET /connect/:kind): its sealed intent and the address its button posts to. */
export async function confirmationOf(browser: AppBrowser, kind: string, query = ''): Promise<{ action: string; intent: string; html: string }> {
  const page = await browser.get(`/connect/${kind}${query}`);
  const html = await page.text();
  expect(page.status, html.slice(0, 500)).toBe(200);
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  const intent = /name="intent" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !intent) throw new Error(`no confirmation form on /connect/${kind}${query}`);
  return { action: action.replaceAll('&amp;', '&'), intent: intent.replaceAll('&amp;', '&'), html };
}

/** The confirmation page's button, as the browser posts it (same origin). */
export async function confirm(browser: AppBrowser, form: { action: string; intent: string }): Promise<Response> {
  return browser.request(form.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: appUrl(), 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ intent: form.intent }).toString(),
  });
}

/** GET /connect/:kind and its confirmation in the browser: the provider's consent page address. */
export async function start(browser: AppBrowser, kind: string, query = ''): Promise<URL> {
  const response = await confirm(browser, await confirmationOf(browser, kind, query));
  expect(response.status, await response.clone().text()).toBe(303);
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

