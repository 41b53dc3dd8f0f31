import { expect } from 'vitest';
import { locationOf, type AppBrowser } from './browser';
import { start } from './connect-steps';

// One connect flow of DESIGN §3.2 run end to end against the sandbox's OAuth servers: the app's
// confirmation page and redirect, Approve on the consent page (its form post), the callback. For tests that need an
// OAuth-made connection (revoke, the secret scan).

export async function connectThroughSandbox(browser: AppBrowser, kind: string, consentFields: Record<string, string> = {}): Promise<string> {
  const authorize = await start(browser, kind);
  const form = new URLSearchParams(authorize.searchParams);
  form.set('decision', 'allow');
  for (const [k, v] of Object.entries(consentFields)) form.set(k, v);
  const answered = await fetch(`${authorize.origin}${authorize.pathname}`, { method: 'POST', body: form, redirect: 'manual' });
  expect(answered.status).toBe(302);
  const landed = await browser.get(answered.headers.get('location')!);
  expect(landed.status).toBe(303);
  const id = locationOf(landed).searchParams.get('connected');
  if (!id) throw new Error(`connect ${kind} ended on ${locationOf(landed)}`);
  return id;
}
