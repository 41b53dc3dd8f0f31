import { expect, signUp, test } from './fixtures';
import { apiClient, createApiKey, sandboxUrl } from './helpers';
import { boxesScrollingSideways, checkPage, WIDTHS } from './quality';

test('[PAGES]: signed-out pages pass axe, fit 390 px and are screenshotted', async ({ page }) => {
  for (const [name, path] of [
    ['landing', '/'],
    ['sign-in', '/sign-in'],
    ['sign-up', '/sign-up'],
  ] as const) {
    await page.goto(path);
    for (const width of WIDTHS) await checkPage(page, name, width);
  }
});

test('[PAGES]: every signed-in page passes axe, fits 390 px and is screenshotted', async ({ page, appUrl }) => {
  test.setTimeout(240_000);
  await signUp(page);
  const api = apiClient(appUrl, await createApiKey(page));
  const task = await api<{ id: string }>('POST', '/tasks', {
    kind: 'http-post',
    name: 'quality bar sample',
    input: { title: 'Quality' },
    config: { url: `${sandboxUrl()}/http/quality` },
  });
  expect(task.status).toBe(201);
  await expect.poll(async () => (await api<{ status: string }>('GET', `/tasks/${task.body.id}`)).body.status, { timeout: 30_000 }).toBe('succeeded');

  const pages: [string, string, () => Promise<void>][] = [
    ['dashboard', '/dashboard', () => expect(page.getByTestId('activity-chart')).toBeVisible()],
    ['dashboard-empty-filter', '/dashboard?q=nothing-matches-this', () => expect(page.getByTestId('tasks-empty')).toBeVisible()],
    ['task-detail', `/tasks/${task.body.id}`, () => expect(page.getByTestId('attempt')).toHaveCount(1)],
    ['task-not-found', '/tasks/00000000-0000-4000-8000-00000000dead', () => expect(page.getByTestId('task-not-found')).toBeVisible()],
    ['task-wizard', '/tasks/new', () => expect(page.getByRole('heading', { name: /Step 1 of 7/ })).toBeVisible()],
    ['templates', '/templates', () => expect(page.getByRole('heading', { name: 'Starters' })).toBeVisible()],
    ['template-new', '/templates/new', () => expect(page.getByTestId('template-preview')).toBeVisible({ timeout: 30_000 })],
    ['template-starter', '/templates/00000000-0000-4000-8000-000000000003', () => expect(page.getByTestId('template-preview')).toBeVisible({ timeout: 30_000 })],
    ['marketplace', '/marketplace', () => expect(page.getByRole('heading', { name: 'Marketplace', level: 1 })).toBeVisible()],
    ['connections', '/connections', () => expect(page.getByRole('heading', { name: 'Connections', level: 1 })).toBeVisible()],
    ['events', '/events', () => expect(page.getByRole('heading', { name: 'Events', level: 1 })).toBeVisible()],
    ['approvals', '/approvals', () => expect(page.getByRole('heading', { name: 'Approvals', level: 1 })).toBeVisible()],
    ['sandbox', '/sandbox', () => expect(page.getByRole('heading', { name: 'Sandbox', level: 1 })).toBeVisible()],
    ['api-keys', '/settings/api-keys', () => expect(page.getByTestId('api-key-row')).toHaveCount(1)],
  ];
  for (const [name, path, ready] of pages) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(path);
    await ready();
    for (const width of WIDTHS) await checkPage(page, name, width);
  }
});

// Its own test: Scalar's reference is one long page (~28,000 px at 1280), slow to check and shoot.
test('[PAGES]: the API reference passes axe whole and, at 390 px, nothing in it scrolls sideways', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/docs');
  await expect(page.locator('#api-reference')).toContainText('/tasks', { timeout: 30_000 });
  for (const width of WIDTHS) await checkPage(page, 'api-docs', width);
  // The page around Scalar fits (checked above); so do its main column and every box in it, code
  // samples included: they wrap instead of scrolling.
  await expect(page.locator('#api-reference pre').first()).toBeVisible();
  expect(await boxesScrollingSideways(page, '#api-reference')).toEqual([]);
  expect(await boxesScrollingSideways(page, '.references-rendered')).toEqual([]);
});

test('[SHELL]: at 390 px the navigation folds into a menu that opens and closes', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await signUp(page);
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('link', { name: 'Connections' })).toBeHidden();
  await menu.click();
  await expect(page.getByRole('button', { name: 'Close menu' })).toHaveAttribute('aria-expanded', 'true');
  await page.getByRole('link', { name: 'Connections' }).click();
  await expect(page).toHaveURL(/\/connections$/);
  await expect(page.getByRole('button', { name: 'Menu' })).toHaveAttribute('aria-expanded', 'false');
});
