import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppBrowser } from '../support/browser';
import { create, httpTask, newClient, receiver, sandbox, waitForStatus, type Client } from '../engine/helpers';

// /system for the instance's operators: global setup lists one address in OUTPOST_ADMIN_EMAILS.
const adminEmail = () => process.env.OUTPOST_ADMIN_EMAILS!.split(',')[0]!;

let client: Client;
beforeAll(async () => {
  ({ client } = await newClient());
});
afterAll(() => sandbox().clearFaults());

const text = async (res: Response) => (await res.text()).replace(/<!-- -->/g, '');

describe('the System page', () => {
  it('shows workers, queues, deliveries per minute, failures by class and empty buckets to an operator', async () => {
    const refused = receiver();
    await sandbox().fault({ target: 'http', path: refused.path, type: 'status', status: 400, body: { error: 'bad' }, times: 'always' });
    const failed = await create(client, httpTask(refused.url));
    const delivered = await create(client, httpTask(receiver().url));
    // A connection allowing one delivery a minute: after one, its bucket is empty.
    const conn = await client.post('/connections', { kind: 'http-post', label: 'slow', secret: {}, rateLimit: { perSecond: 1 / 60 } });
    expect(conn.status).toBe(201);
    const limited = await create(client, httpTask(receiver().url, { connectionId: conn.body.id }));
    const failedTask = await waitForStatus(client, failed.id);
    expect(failedTask.status).toBe('failed');
    expect((await waitForStatus(client, delivered.id)).status).toBe('succeeded');
    expect((await waitForStatus(client, limited.id)).status).toBe('succeeded');

    const admin = await AppBrowser.signIn(adminEmail());
    const res = await admin.get('/system');
    expect(res.status).toBe(200);
    const page = await text(res);
    expect(page).toContain('data-testid="system-workers"');
    expect(page).toMatch(/<td[^>]*>alive<\/td>/);
    expect(page).toContain('deliver.http-post');
    expect(page).toContain('Deliveries per minute');
    expect(page).not.toContain('No task finished in the last hour.');
    expect(page).toContain(failedTask.lastError.code);
    expect(page).toContain(`rl:conn:${conn.body.id}`);
    // The header offers the page to operators only.
    expect(page).toContain('href="/system"');
  });

  it('is a 404 for anyone else, and hidden from their navigation', async () => {
    const someone = await AppBrowser.signIn();
    // The shell streams before the page runs (app/(app)/loading.tsx), so the 404 comes as the page
    // Next.js renders for notFound(), with nothing of the overview in it.
    const page = await text(await someone.get('/system'));
    expect(page).toContain('NEXT_HTTP_ERROR_FALLBACK;404');
    expect(page).toContain('system-not-found');
    expect(page).not.toContain('data-testid="system-workers"');
    expect(page).not.toContain('deliver.http-post');
    expect(await text(await someone.get('/dashboard'))).not.toContain('href="/system"');
  });
});
