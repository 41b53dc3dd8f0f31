import { expect, newCredentials, randomClientAddress, test } from './fixtures';

// DESIGN §8: sign-up is limited per client address, sign-in failures per account and address;
// a person who hits a limit reads a sentence saying what happened and when to come back.

test('[LIMITS]: the eleventh sign-up from one address is refused with a clear message', async ({ browser, appUrl }) => {
  test.setTimeout(180_000);
  const address = randomClientAddress();
  async function trySignUp() {
    const context = await browser.newContext({ baseURL: appUrl, extraHTTPHeaders: { 'x-forwarded-for': address } });
    const page = await context.newPage();
    const creds = newCredentials();
    await page.goto('/sign-up');
    await page.getByLabel('Email').fill(creds.email);
    await page.getByLabel('Password').fill(creds.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    return { page, context };
  }
  for (let i = 0; i < 10; i++) {
    const { page, context } = await trySignUp();
    await expect(page).toHaveURL(/\/dashboard$/);
    await context.close();
  }
  const { page, context } = await trySignUp();
  await expect(page.getByText(/Too many accounts were created from your network\. Try again in \d+ minutes?\./)).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up$/);
  await context.close();
});

test('[LIMITS]: repeated wrong passwords end in a clear message on the sign-in form', async ({ page }) => {
  const creds = newCredentials();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(creds.email);
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('Password').fill(`wrong-${i}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Email or password is incorrect')).toBeVisible();
  }
  await page.getByLabel('Password').fill('wrong-again');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(/Too many failed sign-in attempts for this account from here/)).toBeVisible();
});
