import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadSandbox, userNamespace } from '@/app/(app)/sandbox/load-sandbox';
import { sandboxClient } from '@/lib/sandbox/client';
import { sandboxExamplesFor } from '@/lib/sandbox/urls';
import { sandboxUrl } from '../support/app';
import { create, httpTask, newClient, receiver, sandbox, waitForStatus } from '../engine/helpers';

// DESIGN §7: the sandbox is shared by everyone on the instance. Its control API answers only the
// instance's token, so a task (an http-post to the sandbox is allowed) cannot reset it, script it or
// read everyone's traffic; and each user's Sandbox page lists only their own namespace.

async function recordMarker(): Promise<{ path: string; marker: string }> {
  const target = receiver();
  const marker = `marker-${randomUUID()}`;
  const res = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ marker }) });
  expect(res.status).toBe(200);
  return { path: target.path, marker };
}

describe('the sandbox control API', () => {
  it('answers 401 without the instance token, and works with it', async () => {
    const withoutToken = sandboxClient(sandboxUrl(), '');
    await expect(withoutToken.requests()).rejects.toMatchObject({ status: 401 });
    await expect(withoutToken.reset()).rejects.toMatchObject({ status: 401 });
    await expect(sandboxClient(sandboxUrl(), 'a-wrong-token-of-some-length').state()).rejects.toMatchObject({ status: 401 });
    const { path } = await recordMarker();
    expect(await sandbox().requests({ path })).toHaveLength(1);
  });

  it('cannot be reset by an http-post task to /_control/reset', async () => {
    const { client } = await newClient();
    const { path } = await recordMarker();
    const task = await create(client, httpTask(`${sandboxUrl()}/_control/reset`));
    const done = await waitForStatus(client, task.id);
    expect(done.status).toBe('failed');
    // Still holds what it recorded before the task ran.
    expect(await sandbox().requests({ path })).toHaveLength(1);
  });

  it('cannot be read by a task redirected from a receiver to /_control/requests', async () => {
    const { client } = await newClient();
    const { marker } = await recordMarker();
    const target = receiver();
    await sandbox().fault({ target: 'http', path: target.path, type: 'status', status: 302, headers: { location: `${sandboxUrl()}/_control/requests` }, times: 'always' });
    const task = await create(client, httpTask(target.url));
    const done = await waitForStatus(client, task.id);
    expect(done.status).toBe('failed');
    expect(JSON.stringify(done)).not.toContain(marker);
    const attempts = await client.get(`/tasks/${task.id}/attempts`);
    expect(attempts.status).toBe(200);
    expect(JSON.stringify(attempts.body)).not.toContain(marker);
  });
});

describe('sandbox namespaces', () => {
  it("gives each user example values in their own namespace", async () => {
    const a = await newClient();
    const b = await newClient();
    const [nsA, nsB] = [userNamespace(a.userId), userNamespace(b.userId)];
    expect(nsA).toMatch(/^u_[0-9a-f]{13}$/u);
    expect(nsA).not.toBe(nsB);
    const examples = sandboxExamplesFor(sandboxUrl(), nsA);
    for (const value of [examples.slackWebhookUrl, examples.discordWebhookUrl, examples.httpReceiverUrl]) expect(value).toContain(nsA);
    expect(examples.wordpressUsername).toBe(nsA);
  });

  it("lists on a user's Sandbox page only the deliveries to their namespace", async () => {
    const a = await newClient();
    const b = await newClient();
    const urlA = sandboxExamplesFor(sandboxUrl(), userNamespace(a.userId)).httpReceiverUrl;
    const urlB = sandboxExamplesFor(sandboxUrl(), userNamespace(b.userId)).httpReceiverUrl;
    const [markerA, markerB] = [`a-${randomUUID()}`, `b-${randomUUID()}`];
    const tasks = await Promise.all([
      create(a.client, httpTask(urlA, { input: { title: markerA, n: 1 } })),
      create(b.client, httpTask(urlB, { input: { title: markerB, n: 2 } })),
    ]);
    expect((await waitForStatus(a.client, tasks[0].id)).status).toBe('succeeded');
    expect((await waitForStatus(b.client, tasks[1].id)).status).toBe('succeeded');

    // The page's server-side loader, as app/(app)/sandbox/page.tsx calls it for the signed-in user.
    const viewA = await loadSandbox(undefined, a.userId);
    const viewB = await loadSandbox('http', b.userId);
    if (viewA.status !== 'ok' || viewB.status !== 'ok') throw new Error(`sandbox view: ${viewA.status}/${viewB.status}`);
    expect(JSON.stringify(viewA.requests)).toContain(markerA);
    expect(JSON.stringify(viewA.requests)).not.toContain(markerB);
    expect(JSON.stringify(viewB.requests)).toContain(markerB);
    expect(JSON.stringify(viewB.requests)).not.toContain(markerA);
    expect(viewA.requests.every((r) => r.namespace === userNamespace(a.userId))).toBe(true);
  });

  it('marks on the Sandbox page an HTTP request to your address that none of your tasks sent (issue 17, finding 8)', async () => {
    const a = await newClient();
    const b = await newClient();
    const urlA = sandboxExamplesFor(sandboxUrl(), userNamespace(a.userId)).httpReceiverUrl;
    const [mine, planted] = [`mine-${randomUUID()}`, `planted-${randomUUID()}`];
    // B has learnt A's address and delivers to it; A delivers there too.
    const tasks = await Promise.all([create(a.client, httpTask(urlA, { input: { title: mine, n: 1 } })), create(b.client, httpTask(urlA, { input: { title: planted, n: 2 } }))]);
    expect((await waitForStatus(a.client, tasks[0].id)).status).toBe('succeeded');
    expect((await waitForStatus(b.client, tasks[1].id)).status).toBe('succeeded');
    // And a request whose webhook-id names no task of A's.
    await fetch(urlA, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-id': `task_${randomUUID()}` }, body: JSON.stringify({ title: planted }) });

    const view = await loadSandbox('http', a.userId);
    if (view.status !== 'ok') throw new Error(`sandbox view: ${view.status}`);
    const byTitle = (title: string) => view.requests.filter((r) => JSON.stringify(r.body).includes(title));
    expect(byTitle(mine)).toHaveLength(1);
    expect(byTitle(mine)[0]!.notFromYourTasks).toBeUndefined();
    expect(byTitle(planted)).toHaveLength(2);
    expect(byTitle(planted).every((r) => r.notFromYourTasks === true)).toBe(true);
  });

  it("shows in a namespace's provider state only what that namespace's requests created", async () => {
    const [nsA, nsB] = [userNamespace(randomUUID()), userNamespace(randomUUID())];
    const a = sandboxExamplesFor(sandboxUrl(), nsA);
    const text = `hello-${randomUUID()}`;
    const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post(a.slackWebhookUrl, { text })).status).toBe(200);
    expect((await post(`${a.discordWebhookUrl}?wait=true`, { content: text })).status).toBe(200);
    const mine = await sandbox().state(nsA);
    const theirs = await sandbox().state(nsB);
    expect(JSON.stringify(mine.slack.messages)).toContain(text);
    expect(JSON.stringify(mine.discord.messages)).toContain(text);
    expect(JSON.stringify(theirs)).not.toContain(text);
    expect((await sandbox().requests({ namespace: nsA })).map((r) => r.target).sort()).toEqual(['discord', 'slack']);
  });
});
