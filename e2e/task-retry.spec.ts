import { randomUUID } from 'node:crypto';
import { sandboxClient } from '@/lib/sandbox/client';
import { expect, signUp, test } from './fixtures';
import { apiClient, createApiKey, sandboxUrl } from './helpers';

test('[TASKS]: a failing task is retried from its page, and failed tasks are retried in bulk from the dashboard', async ({ page, appUrl }) => {
  test.setTimeout(120_000);
  await signUp(page);
  const api = apiClient(appUrl, await createApiKey(page));
  const sandbox = sandboxClient(sandboxUrl());
  const failing = async (name: string) => {
    const path = `/http/e2e-retry-${randomUUID()}`;
    // The endpoint refuses the first delivery for good (a 4xx is permanent), then accepts.
    await sandbox.fault({ target: 'http', path, type: 'status', status: 422, body: { error: 'unprocessable' }, times: 1 });
    const created = await api<{ id: string }>('POST', '/tasks', { kind: 'http-post', name, input: { n: 1 }, config: { url: `${sandboxUrl()}${path}` } });
    expect(created.status).toBe(201);
    await expect.poll(async () => (await api<{ status: string }>('GET', `/tasks/${created.body.id}`)).body.status, { timeout: 30_000 }).toBe('failed');
    return created.body.id;
  };

  const first = await failing('refused once');
  await page.goto(`/tasks/${first}`);
  await expect(page.getByTestId('task-status')).toHaveText('failed');
  await expect(page.getByTestId('attempt')).toHaveCount(1);
  await expect(page.getByTestId('attempt-http-status')).toHaveText('422');
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByTestId('task-status')).toHaveText('succeeded', { timeout: 30_000 });
  await expect(page.getByTestId('attempt')).toHaveCount(2);

  const second = await failing('bulk one');
  await page.goto('/dashboard?status=failed');
  await expect(page.getByTestId('task-row')).toHaveCount(1);
  await page.getByRole('button', { name: 'Retry failed (1)' }).click();
  await expect(page.getByRole('dialog')).toContainText('Retry 1 failed task?');
  await page.getByRole('button', { name: 'Retry them' }).click();
  await expect(page.getByTestId('bulk-result')).toHaveText('1 task queued again');
  await expect.poll(async () => (await api<{ status: string }>('GET', `/tasks/${second}`)).body.status, { timeout: 30_000 }).toBe('succeeded');

  // Delete asks first, then the task is gone.
  await page.goto(`/tasks/${second}`);
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('button', { name: 'Delete task' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  expect((await api('GET', `/tasks/${second}`)).status).toBe(404);
});
