import { expect, signUp, test } from './fixtures';

test('[PROFILE]: the display name chosen in settings is the author of published templates, never the email', async ({ page, appUrl }) => {
  const { email } = await signUp(page);
  await page.goto('/settings/api-keys');
  await page.getByLabel('Key name').fill('profile-e2e');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const key = (await page.getByTestId('new-api-key').textContent())!.trim();
  await page.getByRole('button', { name: 'Done' }).click();

  await page.goto('/settings/profile');
  await page.getByLabel('Display name').fill(email);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Use a name, not an email address')).toBeVisible();

  await page.getByLabel('Display name').fill('Ada from Research');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved');

  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const created = await fetch(`${appUrl}/api/v1/templates`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'Profile check', kind: 'slack-webhook', body: '{{ input.t }}', sampleInput: { t: 'x' } }),
  });
  const template = await created.json();
  const published = await (await fetch(`${appUrl}/api/v1/templates/${template.id}/publish`, { method: 'POST', headers })).json();
  expect(published.author).toEqual({ name: 'Ada from Research' });
  expect(JSON.stringify(published)).not.toContain(email);
});
