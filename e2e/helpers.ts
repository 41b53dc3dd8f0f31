import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export const sandboxUrl = () => process.env.OUTPOST_TEST_SANDBOX_URL!;

/** Creates an API key through the API keys page and returns it. */
export async function createApiKey(page: Page, name = 'e2e agent'): Promise<string> {
  await page.goto('/settings/api-keys');
  await page.getByLabel('Key name').fill(name);
  await page.getByRole('button', { name: 'Create API key' }).click();
  const key = (await page.getByTestId('new-api-key').textContent())!.trim();
  await page.getByRole('button', { name: 'Done' }).click();
  return key;
}

export type Api = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T }>;

export function apiClient(appUrl: string, key: string): Api {
  return async (method, path, body) => {
    const res = await fetch(`${appUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
}

/** Marks the current document; `expectNoReload` fails if the page was reloaded since. */
export async function markDocument(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { __outpostMark?: boolean }).__outpostMark = true;
  });
}

export async function expectNoReload(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __outpostMark?: boolean }).__outpostMark === true), 'the page was reloaded').toBe(true);
}

/** A datetime-local value `seconds` from now, in the browser's own time zone. */
export async function localDateTimeIn(page: Page, seconds: number): Promise<string> {
  return page.evaluate((s) => {
    const d = new Date(Date.now() + s * 1000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }, seconds);
}
