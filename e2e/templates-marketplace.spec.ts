import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, newCredentials, signUp, test } from './fixtures';

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

async function signIn(page: Page, creds: { email: string; password: string }) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(creds.email);
  await page.getByLabel('Password').fill(creds.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

test('[TEMPLATES]: a template published by one user is found and forked by another, who later pulls its next version', async ({ page }) => {
  test.setTimeout(180_000);
  const name = `Weekly digest ${randomUUID().slice(0, 8)}`;
  const author = await signUp(page, newCredentials());

  // The editor refuses bad input in place: a missing name in the browser, a Liquid error at its line on the server.
  await page.goto('/templates/new');
  await page.getByLabel('Kind').selectOption('slack-webhook');
  await page.getByLabel('Template body (Liquid)').fill('*{{ input.title }}*\n{{ input.summary | nosuchfilter }}');
  await page.getByLabel('Sample input (JSON: what the agent sends)').fill('{"title": "Week 48", "summary": "Shipped the wizard."}');
  await page.getByRole('button', { name: 'Create template' }).click();
  await expect(page.getByTestId('error-name')).toHaveText('Give the template a name');
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Create template' }).click();
  await expect(page.getByTestId('body-line-error')).toBeVisible();
  await expect(page.getByTestId('body-lines').locator('li.bg-red-100')).toContainText('nosuchfilter');
  await page.getByLabel('Template body (Liquid)').fill('*{{ input.title }}*\n{{ input.summary }}');
  await expect(page.getByTestId('template-preview')).toContainText('Week 48');
  await page.getByRole('button', { name: 'Create template' }).click();
  await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}$/);
  const originUrl = page.url();
  await expect(page.getByTestId('template-meta')).toContainText('version 1');

  await page.getByRole('button', { name: 'Publish version 1' }).click();
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByTestId('published-note')).toHaveText('Version 1 is published');
  await signOut(page);

  // Another user finds it and forks it.
  const forker = await signUp(page, newCredentials());
  await page.getByRole('link', { name: 'Marketplace' }).first().click();
  await page.getByRole('textbox', { name: 'Search' }).fill(name);
  await page.getByRole('button', { name: 'Search' }).click();
  const card = page.getByTestId('marketplace-card').filter({ hasText: name });
  await expect(card).toHaveCount(1);
  await expect(card).not.toContainText(author.email);
  await card.getByRole('button', { name: 'Fork' }).click();
  await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}$/);
  expect(page.url()).not.toBe(originUrl);
  const forkUrl = page.url();
  await expect(page.getByTestId('template-meta')).toContainText('forked from v1');
  await expect(page.getByTestId('upstream-diff')).toContainText('Up to date with the origin');
  await signOut(page);

  // The author publishes version 2, saved from version 1's own page: the save lands on the new version.
  await signIn(page, author);
  await page.goto(`${originUrl}?version=1`);
  await page.getByLabel('Template body (Liquid)').fill(':newspaper: *{{ input.title }}*\n{{ input.summary }}');
  await page.getByRole('button', { name: 'Save new version' }).click();
  await expect(page.getByTestId('template-saved')).toHaveText('Saved as version 2.');
  await expect(page.getByTestId('template-meta')).toContainText('version 2');
  await page.getByRole('button', { name: 'Publish version 2' }).click();
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByTestId('published-note')).toHaveText('Version 2 is published');
  await signOut(page);

  // The fork sees the diff and pulls it.
  await signIn(page, forker);
  await page.goto(forkUrl);
  await expect(page.getByTestId('upstream-diff')).toContainText('The origin published version 2');
  await expect(page.getByTestId('body-diff').locator('[data-diff="added"]')).toContainText(':newspaper:');
  await page.getByRole('button', { name: 'Pull version 2 of the origin' }).click();
  await page.getByRole('button', { name: 'Pull', exact: true }).click();
  await expect(page.getByTestId('template-meta')).toContainText('version 2');
  await expect(page.getByLabel('Template body (Liquid)')).toHaveValue(/:newspaper:/);
});
