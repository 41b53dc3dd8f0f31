import { expect, signUp, test } from './fixtures';
import { apiClient, createApiKey, sandboxUrl } from './helpers';
import { checkPage, WIDTHS } from './quality';

test('[DASHBOARD]: filters from the address that cannot be applied are named on the page, and nothing is listed under them', async ({ page, appUrl }) => {
  await signUp(page);
  const api = apiClient(appUrl, await createApiKey(page));
  const task = await api<{ id: string }>('POST', '/tasks', { kind: 'http-post', name: 'filter sample', draft: true, input: {}, config: { url: `${sandboxUrl()}/http/filters` } });
  expect(task.status).toBe(201);

  const response = await page.goto(`/dashboard?status=exploded&q=${'x'.repeat(201)}&page=0&kind=fax`);
  expect(response?.status()).toBe(200);
  const alert = page.getByTestId('filters-invalid');
  await expect(alert).toContainText('Status is not a task status.');
  await expect(alert).toContainText('Search must be at most 200 characters.');
  await expect(alert).toContainText('Page must be 1 or more.');
  await expect(alert).toContainText('Kind is not an integration kind.');
  // Each field says what is wrong with it, and no list (or bulk action) stands under filters it could not apply.
  await expect(page.getByLabel('Search by name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('combobox', { name: /^Status/ })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('task-row').or(page.getByTestId('task-card'))).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Retry|Cancel/ })).toHaveCount(0);
  for (const width of WIDTHS) await checkPage(page, 'dashboard-invalid-filters', width);

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/dashboard?status=draft&status=queued');
  await expect(page.getByTestId('filters-invalid')).toContainText('Status is given more than once.');

  // Corrected in the form, the filters apply.
  await page.getByRole('combobox', { name: /^Status/ }).selectOption('draft');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/\/dashboard\?status=draft$/);
  await expect(page.getByTestId('filters-invalid')).toHaveCount(0);
  await expect(page.locator(`[data-task-id="${task.body.id}"]`)).toBeVisible();
});
