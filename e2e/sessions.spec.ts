import type { Browser, Page } from '@playwright/test';
import { expect, randomClientAddress, signUp, test } from './fixtures';

// Issue 17, finding 2: a session ends when the person ends it — sign-out, "Sign out everywhere",
// a new password — and a copy of its cookie ends with it.

async function signIn(page: Page, creds: { email: string; password: string }) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(creds.email);
  await page.getByLabel('Password').fill(creds.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

async function otherBrowser(browser: Browser, appUrl: string) {
  const context = await browser.newContext({ baseURL: appUrl, extraHTTPHeaders: { 'x-forwarded-for': randomClientAddress() } });
  return context.newPage();
}

async function expectSignedOut(page: Page) {
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/sign-in/);
}

test.describe('[SESSIONS]', () => {
  test('a copied session cookie is refused after sign-out, by pages and the API', async ({ page, browser, appUrl }) => {
    await signUp(page);
    const copied = await page.context().cookies();
    expect(copied.some((c) => c.name.includes('session-token'))).toBe(true);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);

    const thief = await otherBrowser(browser, appUrl);
    await thief.context().addCookies(copied);
    await expectSignedOut(thief);
    const session = await thief.request.get('/api/auth/session');
    expect(await session.json()).toBeNull();
    await thief.context().addCookies(copied);
    expect((await thief.request.get('/api/v1/tasks')).status()).toBe(401);
    await thief.context().close();
  });

  test('"Sign out everywhere" ends every session of the account', async ({ page, browser, appUrl }) => {
    const creds = await signUp(page);
    const laptop = await otherBrowser(browser, appUrl);
    await signIn(laptop, creds);
    await page.goto('/settings/profile');
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await expectSignedOut(laptop);
    // Signing in again works as ever.
    await signIn(page, creds);
    await laptop.context().close();
  });

  test('changing the password signs out the other sessions and keeps this one', async ({ page, browser, appUrl }) => {
    const creds = await signUp(page);
    const laptop = await otherBrowser(browser, appUrl);
    await signIn(laptop, creds);
    await page.goto('/settings/profile');
    await page.getByLabel('Current password').fill('not-the-password');
    await page.getByLabel('New password').fill('a-new-password-1');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByText('The current password is not correct').first()).toBeVisible();

    await page.getByLabel('Current password').fill(creds.password);
    await page.getByLabel('New password').fill('a-new-password-1');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByRole('status')).toContainText('1 other session was signed out');
    await expectSignedOut(laptop);
    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/dashboard$/);
    await signIn(laptop, { email: creds.email, password: 'a-new-password-1' });
    await laptop.context().close();
  });
});
