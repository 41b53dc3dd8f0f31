import { test as base, expect, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';

export const test = base.extend<{ appUrl: string }>({
  // The app's address is chosen by the global setup, after the config was loaded.
  baseURL: async ({}, use) => use(process.env.OUTPOST_TEST_APP_URL),
  appUrl: async ({}, use) => use(process.env.OUTPOST_TEST_APP_URL!),
});
export { expect };

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
