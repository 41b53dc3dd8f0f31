import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConnectionForDelivery } from '@/lib/credentials';
import { db } from '@/lib/db/client';
import { connections } from '@/lib/db/schema';
import { redactedFingerprint } from '@/lib/sandbox/redact';
import { newClient, sandbox, type Client } from '../engine/helpers';
import { api, sandboxUrl } from '../support/app';
import { AppBrowser } from '../support/browser';
import { connectThroughSandbox } from '../support/connect-flow';
import { createApiKey } from '@/lib/auth/api-keys';

let client: Client;
beforeAll(async () => {
  ({ client } = await newClient());
});
afterEach(async () => {
  await sandbox().clearFaults();
});

async function xConnection() {
  const issued = await sandbox().issueXTokens({ username: `rev_${randomUUID().slice(0, 8)}` });
  const res = await client.post('/connections', { kind: 'twitter-thread', label: 'X', secret: { accessToken: issued.accessToken, refreshToken: issued.refreshToken, expiresAt: issued.expiresAt } });
  expect(res.status).toBe(201);
  return { issued, connection: res.body };
}

const meStatus = async (accessToken: string) => (await fetch(`${sandboxUrl()}/x/2/users/me`, { headers: { authorization: `Bearer ${accessToken}` } })).status;

async function refreshWorks(refreshToken: string): Promise<boolean> {
  const res = await fetch(`${sandboxUrl()}/x/2/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'outpost-local' }),
  });
  return res.status === 200;
}

describe('DELETE /connections/:id', () => {
  it('revokes the X refresh token at X (POST /2/oauth2/revoke), which ends its access token, then erases the row', async () => {
    const { issued, connection } = await xConnection();
    expect(await meStatus(issued.accessToken)).toBe(200);
    const res = await client.del(`/connections/${connection.id}`);
    expect(res.status).toBe(204);
    const revokes = await sandbox().requests({ target: 'x', path: '/x/2/oauth2/revoke' });
    const mine = revokes.filter((r) => (r.body as { token?: string }).token === redactedFingerprint(issued.refreshToken!));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ method: 'POST', status: 200, body: { token_type_hint: redactedFingerprint('refresh_token'), client_id: 'outpost-local' } });
    expect(await refreshWorks(issued.refreshToken!)).toBe(false);
    expect(await meStatus(issued.accessToken)).toBe(401);
    expect(await db.select().from(connections).where(eq(connections.id, connection.id))).toEqual([]);
    expect((await client.get(`/connections/${connection.id}`)).status).toBe(404);
  });

  it('still deletes when the provider cannot be reached to revoke', async () => {
    const { issued, connection } = await xConnection();
    await sandbox().fault({ target: 'x', path: '/x/2/oauth2/revoke', type: 'server_error', status: 503, times: 'always' });
    expect((await client.del(`/connections/${connection.id}`)).status).toBe(204);
    expect(await db.select().from(connections).where(eq(connections.id, connection.id))).toEqual([]);
    // X never heard of it: the token still works there (the person can revoke it in X's settings).
    expect(await meStatus(issued.accessToken)).toBe(200);
  });

  it('sends nothing to a provider for a pasted webhook', async () => {
    const before = (await sandbox().requests({ target: 'slack' })).length;
    const res = await client.post('/connections', { kind: 'slack-webhook', label: 'hook', secret: { webhookUrl: `${sandboxUrl()}/slack/services/T0REV/B0REV/${randomUUID().replace(/-/g, '')}` } });
    expect(res.status).toBe(201);
    const afterCreate = (await sandbox().requests({ target: 'slack' })).length;
    expect((await client.del(`/connections/${res.body.id}`)).status).toBe(204);
    expect((await sandbox().requests({ target: 'slack' })).length).toBe(afterCreate);
    expect(afterCreate).toBeGreaterThanOrEqual(before);
  });
});

describe('DELETE /connections/:id of connections made by the connect flows', () => {
  it("Slack: auth.revoke with the connection's token; the token and the webhook it installed stop working", async () => {
    const browser = await AppBrowser.signIn();
    const owner = api((await createApiKey(browser.userId, 'revoke')).key);
    const id = await connectThroughSandbox(browser, 'slack', { channel_id: 'C0OUTPOST01' });
    const { accessToken, webhookUrl } = (await loadConnectionForDelivery(id))!.secret as { accessToken: string; webhookUrl: string };
    const authTest = async () =>
      (await (await fetch(`${sandboxUrl()}/slack/api/auth.test`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } })).json()) as { ok: boolean };
    expect((await authTest()).ok).toBe(true);
    expect((await owner.del(`/connections/${id}`)).status).toBe(204);
    const revokes = (await sandbox().requests({ target: 'slack', path: '/slack/api/auth.revoke' })).filter(
      (r) => r.headers.authorization === redactedFingerprint(`Bearer ${accessToken}`),
    );
    expect(revokes.map((r) => r.status)).toEqual([200]);
    expect((await authTest()).ok).toBe(false);
    const post = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'after revoke' }) });
    expect(post.status).toBeGreaterThanOrEqual(400);
    expect(await db.select().from(connections).where(eq(connections.id, id))).toEqual([]);
  });

  it('Discord: POST /oauth2/token/revoke with the client and the refresh token; the grant is gone', async () => {
    const browser = await AppBrowser.signIn();
    const owner = api((await createApiKey(browser.userId, 'revoke')).key);
    const id = await connectThroughSandbox(browser, 'discord', { channel_id: '1000000000000000102' });
    const { refreshToken } = (await loadConnectionForDelivery(id))!.secret as { refreshToken: string };
    expect((await owner.del(`/connections/${id}`)).status).toBe(204);
    const revokes = (await sandbox().requests({ target: 'discord', path: '/discord/api/oauth2/token/revoke' })).filter(
      (r) => (r.body as { token?: string }).token === redactedFingerprint(refreshToken),
    );
    expect(revokes).toHaveLength(1);
    expect(revokes[0]).toMatchObject({ status: 200, auth: { scheme: 'Basic', username: process.env.OUTPOST_DISCORD_CLIENT_ID } });
    const refresh = await fetch(`${sandboxUrl()}/discord/api/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: process.env.OUTPOST_DISCORD_CLIENT_ID!,
        client_secret: process.env.OUTPOST_DISCORD_CLIENT_SECRET!,
      }),
    });
    expect(refresh.status).toBe(400);
  });
});
