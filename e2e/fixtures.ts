import { test as base, expect, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';

export const test = base.extend<{ appUrl: string }>({
  // The app's address is chosen by the global setup, after the config was loaded.
  baseURL: async ({}, use) => use(process.env.OUTPOST_TEST_APP_URL),
  // Each test's browser is its own client (address from the documentation range, believed because
  // the test env trusts 127.0.0.1 as a proxy): sign-up and sign-in limits are per address.
  extraHTTPHeaders: async ({ extraHTTPHeaders }, use) => use({ 'x-forwarded-for': randomClientAddress(), ...extraHTTPHeaders }),
  appUrl: async ({}, use) => use(process.env.OUTPOST_TEST_APP_URL!),
});
export { expect };

/** A random address in the IPv6 documentation range. */
export function randomClientAddress(): string {
  const hex = randomUUID().replace(/-/g, '');
  return `2001:db8::${hex.slice(0, 4)}:${hex.slice(4, 8)}:${hex.slice(8, 12)}`;
}

export function newCredentials() {
  return { email: `e2e-${randomUUID()}@example.test`, password: `pw-${randomUUID()}` };
}

export async function signUp(page: Page, creds = newCredentials()) {
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(creds.email);
  await page.getByLabel('Password').fill(creds.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return creds;
}
