import { expect, newCredentials, signUp, test } from './fixtures';

test('[AUTH]: sign up, sign out, sign in again', async ({ page }) => {
  const creds = await signUp(page);
  await expect(page.getByTestId('current-user')).toHaveText(creds.email);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await page.getByLabel('Email').fill(creds.email);
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').first()).toContainText('Email or password is incorrect');

  await page.getByLabel('Password').fill(creds.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test('[AUTH]: sign-up names the invalid field', async ({ page }) => {
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Enter a valid email address')).toBeVisible();
  await expect(page.getByText('Use at least 8 characters')).toBeVisible();
});

test('[KEYS]: create an API key in the UI and use it against /api/v1/integrations', async ({ page, appUrl }) => {
  await signUp(page, newCredentials());
  await page.goto('/settings/api-keys');
  await page.getByLabel('Key name').fill('e2e agent');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const key = (await page.getByTestId('new-api-key').textContent())!.trim();
  expect(key).toMatch(/^op_/);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('api-key-row')).toHaveCount(1);

  const ok = await fetch(`${appUrl}/api/v1/integrations`, { headers: { authorization: `Bearer ${key}` } });
  expect(ok.status).toBe(200);
  expect(Array.isArray((await ok.json()).data)).toBe(true);

  await page.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByText('revoked')).toBeVisible();
  const revoked = await fetch(`${appUrl}/api/v1/integrations`, { headers: { authorization: `Bearer ${key}` } });
  expect(revoked.status).toBe(401);
});

test('[AUTH]: pages behind sign-in redirect to it, and back to the page after signing in', async ({ page }) => {
  const creds = newCredentials();
  await signUp(page, creds);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/marketplace?q=digest');
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fmarketplace%3Fq%3Ddigest$/);
  await page.getByLabel('Email').fill(creds.email);
  await page.getByLabel('Password').fill(creds.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/marketplace\?q=digest$/);
  // Another site is never a place to return to.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto('/sign-in?callbackUrl=' + encodeURIComponent('//evil.example/'));
  await page.getByLabel('Email').fill(creds.email);
  await page.getByLabel('Password').fill(creds.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test('[AUTH]: sign in with the OpenID Connect provider configured by env', async ({ page }) => {
  const email = `sso-${Date.now()}@example.test`;
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Continue with Sandbox SSO' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Sandbox SSO' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId('current-user')).toHaveText(email);
});
