import { randomUUID } from 'node:crypto';
import { sandboxClient } from '@/lib/sandbox/client';
import { expect, signUp, test } from './fixtures';
import { apiClient, createApiKey, sandboxUrl } from './helpers';

test('[EVENTS]: a person adds an event endpoint, sees its deliveries and resends one with the same webhook-id', async ({ page, appUrl }) => {
  test.setTimeout(120_000);
  await signUp(page);
  const api = apiClient(appUrl, await createApiKey(page));
  const sandbox = sandboxClient(sandboxUrl());
  const path = `/http/e2e-events-${randomUUID()}`;

  await page.goto('/events');
  await expect(page.getByRole('heading', { name: 'Events', level: 1 })).toBeVisible();
  // A loopback address is refused like any delivery target, and the field says why.
  await page.getByLabel('Endpoint URL').fill('http://127.0.0.1:9/hook');
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(page.getByText(/loopback|private|not allowed/i).first()).toBeVisible();

  await page.getByLabel('Endpoint URL').fill(`${sandboxUrl()}${path}`);
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(page.getByTestId('event-endpoint-secret')).toHaveText(/^whsec_/);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('event-endpoint')).toHaveCount(1);

  const task = await api<{ id: string }>('POST', '/tasks', { kind: 'http-post', input: { n: 1 }, config: { url: `${sandboxUrl()}/http/e2e-events-task-${randomUUID()}` } });
  expect(task.status).toBe(201);
  await sandbox.waitForRequests({ path }, { count: 1, timeoutMs: 30_000 });
  await expect
    .poll(async () => {
      await page.reload();
      return page.getByTestId('event-delivery').filter({ hasText: 'succeeded' }).count();
    }, { timeout: 30_000 })
    .toBe(1);
  await expect(page.getByTestId('event-delivery')).toContainText('task.succeeded');

  await page.getByRole('button', { name: 'Resend' }).click();
  await expect(page.getByTestId('event-delivery')).toHaveCount(2);
  const requests = await sandbox.waitForRequests({ path }, { count: 2, timeoutMs: 30_000 });
  expect(requests[1]!.headers['webhook-id']).toBe(requests[0]!.headers['webhook-id']);
  expect(requests.every((r) => typeof r.headers['webhook-signature'] === 'string')).toBe(true);
});
