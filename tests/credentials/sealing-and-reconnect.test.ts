import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureUser } from '@/lib/auth/users';
import { loadConnectionForDelivery, saveConnection } from '@/lib/credentials';
import { db } from '@/lib/db/client';
import { connections } from '@/lib/db/schema';
import { sandboxSlackWebhookUrl } from '@/lib/sandbox/urls';
import { create, newClient, sandbox, waitForStatus, type Client } from '../engine/helpers';
import { sandboxUrl } from '../support/app';

let client: Client;
let userId: string;
beforeAll(async () => {
  ({ client, userId } = await newClient());
});

const slackUrl = () => sandboxSlackWebhookUrl(sandboxUrl(), { team: 'T0SEAL', bot: `B${randomUUID().slice(0, 6)}`, secret: randomUUID().replace(/-/g, '') });

async function slackConnection(label: string, webhookUrl = slackUrl()) {
  const res = await client.post('/connections', { kind: 'slack-webhook', label, secret: { webhookUrl } });
  expect(res.status).toBe(201);
  return res.body;
}

describe('sealed secrets are bound to their connection', () => {
  it('a sealed secret copied into another connection row does not open there, and its task fails without sending', async () => {
    const a = await slackConnection('A');
    const b = await slackConnection('B');
    const [rowA] = await db.select().from(connections).where(eq(connections.id, a.id));
    await db
      .update(connections)
      .set({ secretKeyVersion: rowA!.secretKeyVersion, secretNonce: rowA!.secretNonce, secretTag: rowA!.secretTag, secretCiphertext: rowA!.secretCiphertext })
      .where(eq(connections.id, b.id));
    expect(await loadConnectionForDelivery(b.id)).toMatchObject({ secret: null, unreadable: expect.stringMatching(/does not open/) });
    // A still opens with its own sealed columns.
    expect((await loadConnectionForDelivery(a.id))!.secret).toMatchObject({ webhookUrl: expect.stringContaining('/T0SEAL/') });
    const test = await client.post(`/connections/${b.id}/test`);
    expect(test.status).toBe(409);
    expect(JSON.stringify(test.body)).not.toContain('T0SEAL');
    const task = await create(client, { kind: 'slack-webhook', connectionId: b.id, input: { text: 'never sent' }, template: '{{ input.text }}' });
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'failed', lastError: { code: 'connection_unreadable' } });
  });

  it('a secret relabelled as another kind does not open', async () => {
    const a = await slackConnection('kind swap');
    await db.update(connections).set({ kind: 'discord-webhook' }).where(eq(connections.id, a.id));
    expect((await loadConnectionForDelivery(a.id))!.unreadable).toMatch(/does not open/);
  });

  it('stores new secrets with associated data (secret_aad) and never in plaintext', async () => {
    const url = slackUrl();
    const a = await slackConnection('aad', url);
    const [row] = await db.select().from(connections).where(eq(connections.id, a.id));
    expect(row!.secretAad).toBe(true);
    expect(JSON.stringify(row)).not.toContain(new URL(url).pathname.split('/').at(-1));
  });
});

describe('reconnecting the same external account', () => {
  const input = (extra: Partial<Parameters<typeof saveConnection>[1]> = {}) => ({
    kind: 'slack-webhook',
    label: 'Team chat',
    externalAccountId: `T0RE:${randomUUID()}`,
    secret: { webhookUrl: slackUrl() },
    hint: '#general',
    metadata: { team: 'T0RE', channel: '#general' },
    ...extra,
  });

  it('updates the connection in place: same id, new secret and metadata, active again, label kept', async () => {
    const shared = input();
    const first = await saveConnection(userId, shared);
    expect(first.reconnected).toBe(false);
    await db.update(connections).set({ status: 'needs_reauth', statusReason: 'revoked', label: 'Renamed by me' }).where(eq(connections.id, first.connection.id));
    const newUrl = slackUrl();
    const again = await saveConnection(userId, { ...shared, secret: { webhookUrl: newUrl }, hint: '#news', metadata: { team: 'T0RE', channel: '#news' } });
    expect(again.reconnected).toBe(true);
    expect(again.connection).toMatchObject({ id: first.connection.id, label: 'Renamed by me', status: 'active', hint: '#news', metadata: { channel: '#news' } });
    expect((await loadConnectionForDelivery(first.connection.id))!.secret).toEqual({ webhookUrl: newUrl });
    const rows = await db.select().from(connections).where(eq(connections.externalAccountId, shared.externalAccountId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.statusReason).toBeNull();
  });

  it('keeps one row when the same account is connected twice at once', async () => {
    const shared = input();
    const results = await Promise.all([saveConnection(userId, shared), saveConnection(userId, { ...shared, secret: { webhookUrl: slackUrl() } })]);
    expect(new Set(results.map((r) => r.connection.id)).size).toBe(1);
    expect(results.map((r) => r.reconnected).sort()).toEqual([false, true]);
  });

  it('another user connecting the same external account gets a connection of their own', async () => {
    const shared = input();
    const mine = await saveConnection(userId, shared);
    const other = await ensureUser(`other-${randomUUID()}@example.test`);
    const theirs = await saveConnection(other.id, shared);
    expect(theirs.reconnected).toBe(false);
    expect(theirs.connection.id).not.toBe(mine.connection.id);
  });

  it("a task created before the reconnect delivers with the new secret", async () => {
    const shared = input();
    const first = await saveConnection(userId, shared);
    await db.update(connections).set({ status: 'needs_reauth' }).where(eq(connections.id, first.connection.id));
    const newUrl = slackUrl();
    await saveConnection(userId, { ...shared, secret: { webhookUrl: newUrl } });
    const task = await create(client, { kind: 'slack-webhook', connectionId: first.connection.id, input: { text: 'after reconnect' }, template: '{{ input.text }}' });
    expect(await waitForStatus(client, task.id)).toMatchObject({ status: 'succeeded' });
    const path = new URL(newUrl).pathname;
    const received = await sandbox().requests({ path: path.slice(0, path.lastIndexOf('/')) });
    expect(received).toHaveLength(1);
  });
});
