import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { createApiKey } from '@/lib/auth/api-keys';
import { saveConnection } from '@/lib/credentials';
import { keyVersion } from '@/lib/credentials/crypto';
import { rotateKeys } from '@/lib/credentials/rotate';
import { db } from '@/lib/db/client';
import { connections } from '@/lib/db/schema';
import { sandboxDiscordWebhookUrl, sandboxSlackWebhookUrl, sandboxWordPressSiteUrl } from '@/lib/sandbox/urls';
import { api, sandboxUrl } from '../support/app';
import { AppBrowser } from '../support/browser';
import { connectThroughSandbox } from '../support/connect-flow';
import { sandbox, waitForStatus } from '../engine/helpers';

/**
 * What a flow gets: `remember` every secret value it hands to Outpost or Outpost obtains (the scan
 * also decrypts every connection at the end), and an API client whose every answer is kept for the
 * scan. To cover a new flow, add a function to `secretFlows` below.
 */
export type FlowContext = {
  remember(label: string, value: string | undefined | null): void;
  /** An /api/v1 client for a fresh user; every answer is recorded. */
  client(): Promise<Client>;
  /** Records an answer obtained otherwise (a page, a browser request). */
  answer(label: string, body: string): void;
  /** Remembers every value in a connection's secret as it is stored now (before deleting it). */
  rememberConnection(id: string): Promise<void>;
};

type Client = ReturnType<typeof api> & { userId: string };
export type SecretFlow = { name: string; run(ctx: FlowContext): Promise<void> };

const unique = () => randomUUID().replace(/-/g, '');

async function deliver(client: Client, body: Record<string, unknown>, expected = 'succeeded') {
  const created = await client.post('/tasks', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const done = await waitForStatus(client, created.body.id).catch(async (error) => {
    const task = await client.get(`/tasks/${created.body.id}`);
    throw new Error(`${(error as Error).message}: ${JSON.stringify({ status: task.body.status, lastError: task.body.lastError })}`);
  });
  expect(done.status, JSON.stringify(done.lastError)).toBe(expected);
  await client.get(`/tasks/${created.body.id}/attempts`);
  return done;
}

async function connect(client: Client, body: Record<string, unknown>) {
  const res = await client.post('/connections', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await client.post(`/connections/${res.body.id}/test`);
  await client.get(`/connections/${res.body.id}`);
  return res.body.id as string;
}

async function xTokens(ctx: FlowContext, opts: { expired?: boolean } = {}) {
  const issued = await sandbox().issueXTokens({ username: `scan_${randomUUID().slice(0, 8)}`, ...opts });
  ctx.remember('X access token', issued.accessToken);
  ctx.remember('X refresh token', issued.refreshToken);
  return issued;
}

export const secretFlows: SecretFlow[] = [
  {
    name: 'paste a connection of every kind, test it, deliver through it (one failure each way)',
    async run(ctx) {
      const client = await ctx.client();
      const slack = sandboxSlackWebhookUrl(sandboxUrl(), { team: 'T0SCAN', bot: 'B0SCAN', secret: unique() });
      const discordToken = `dsc-${unique()}`;
      const discord = sandboxDiscordWebhookUrl(sandboxUrl(), { id: '1234567890123456789', token: discordToken });
      ctx.remember('Slack webhook URL', slack);
      ctx.remember('Slack webhook secret', slack.split('/').at(-1));
      ctx.remember('Discord webhook URL', discord);
      ctx.remember('Discord webhook token', discordToken);
      const slackId = await connect(client, { kind: 'slack-webhook', label: 'scan slack', secret: { webhookUrl: slack } });
      const discordId = await connect(client, { kind: 'discord-webhook', label: 'scan discord', secret: { webhookUrl: discord } });
      await deliver(client, { kind: 'slack-webhook', connectionId: slackId, input: { text: 'scan' }, template: '{{ input.text }}' });
      await deliver(client, { kind: 'discord-webhook', connectionId: discordId, input: { text: 'scan' }, template: '{{ input.text }}' });

      const wpUser = await sandbox().createWordPressUser({ username: `scan${randomUUID().slice(0, 6)}` } as never);
      ctx.remember('WordPress application password', wpUser.applicationPassword);
      ctx.remember('WordPress application password (no spaces)', wpUser.applicationPassword.replace(/\s/g, ''));
      const wpSecret = { siteUrl: sandboxWordPressSiteUrl(sandboxUrl()), username: wpUser.username, applicationPassword: wpUser.applicationPassword };
      const wrong = await client.post('/connections', { kind: 'wordpress-post', label: 'wrong', secret: { ...wpSecret, applicationPassword: `${wpUser.applicationPassword.slice(0, -4)}zzzz` } });
      expect(wrong.status).toBe(400);
      const wpId = await connect(client, { kind: 'wordpress-post', label: 'scan wp', secret: wpSecret });
      await deliver(client, { kind: 'wordpress-post', connectionId: wpId, input: { body: 'Hello' }, config: { title: 'Scan' } });
      await sandbox().fault({ target: 'wordpress', path: '/wp/wp-json/wp/v2/posts', method: 'POST', type: 'auth_revoked', times: 1 });
      await deliver(client, { kind: 'wordpress-post', connectionId: wpId, input: { body: 'Refused' }, config: { title: 'Refused' } }, 'failed');
      await sandbox().clearFaults();

      const headerSecret = `hdr-${unique()}`;
      const signingSecret = `whsec_${randomBytes(24).toString("base64")}`;
      ctx.remember('http-post header secret', headerSecret);
      ctx.remember('http-post signing secret', signingSecret);
      const httpId = await connect(client, { kind: 'http-post', label: 'scan http', secret: { headers: { 'x-api-key': headerSecret }, signingSecret, allowedOrigins: [new URL(sandboxUrl()).origin] } });
      await deliver(client, { kind: 'http-post', connectionId: httpId, config: { url: `${sandboxUrl()}/http/${randomUUID()}`, sign: true }, input: { a: 1 }, template: '{"a": {{ input.a }}}' });

      const x = await xTokens(ctx);
      const xId = await connect(client, { kind: 'twitter-thread', label: 'scan x', secret: { accessToken: x.accessToken, refreshToken: x.refreshToken, expiresAt: x.expiresAt } });
      await deliver(client, { kind: 'twitter-thread', connectionId: xId, input: { text: `scan ${unique()}` }, template: '{{ input.text }}' });
      await client.get('/connections');
      await client.get('/tasks?limit=100');
    },
  },
  {
    name: 'refresh: an expired X token, a 401, a revoked refresh token',
    async run(ctx) {
      const client = await ctx.client();
      const expired = await xTokens(ctx, { expired: true });
      const save = async (issued: typeof expired) =>
        (
          await saveConnection(client.userId, {
            kind: 'twitter-thread',
            label: 'scan refresh',
            externalAccountId: issued.user.id,
            secret: { accessToken: issued.accessToken, refreshToken: issued.refreshToken, expiresAt: issued.expiresAt },
            hint: `@${issued.user.username}`,
            metadata: { username: issued.user.username, userId: issued.user.id },
            tokenExpiresAt: new Date(issued.expiresAt),
            oauthProvider: 'x',
          })
        ).connection.id;
      const refreshedId = await save(expired);
      await deliver(client, { kind: 'twitter-thread', connectionId: refreshedId, input: { text: `refresh ${unique()}` }, template: '{{ input.text }}' });
      await sandbox().fault({ target: 'x', path: '/x/2/tweets', type: 'auth_revoked', times: 1 });
      await deliver(client, { kind: 'twitter-thread', connectionId: refreshedId, input: { text: `after 401 ${unique()}` }, template: '{{ input.text }}' });
      await sandbox().clearFaults();

      const doomed = await xTokens(ctx, { expired: true });
      await sandbox().revoke({ target: 'x', token: doomed.refreshToken! });
      const doomedId = await save(doomed);
      await deliver(client, { kind: 'twitter-thread', connectionId: doomedId, input: { text: `doomed ${unique()}` }, template: '{{ input.text }}' }, 'failed');
      await client.get(`/connections/${doomedId}`);
      // Deleting revokes at X first; its refreshed tokens are secrets all the same.
      await ctx.rememberConnection(refreshedId);
      expect((await client.del(`/connections/${refreshedId}`)).status).toBe(204);

      // And one that stays: its refreshed pair is sealed in a live row when the tables are scanned.
      const keptId = await save(await xTokens(ctx, { expired: true }));
      await deliver(client, { kind: 'twitter-thread', connectionId: keptId, input: { text: `kept ${unique()}` }, template: '{{ input.text }}' });
      expect((await client.get(`/connections/${keptId}`)).body.status).toBe('active');
    },
  },
  {
    name: 'keys:rotate over a row sealed before associated data existed',
    async run(ctx) {
      const { userId } = await ctx.client();
      const secret = { webhookUrl: sandboxSlackWebhookUrl(sandboxUrl(), { team: 'T0SCAN', bot: 'B0ROT', secret: unique() }) };
      ctx.remember('Slack webhook URL (rotated)', secret.webhookUrl);
      const key = Buffer.from(process.env.OUTPOST_ENCRYPTION_KEY!, 'base64');
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      const ciphertext = Buffer.concat([cipher.update(JSON.stringify(secret), 'utf8'), cipher.final()]);
      await db.insert(connections).values({
        userId,
        kind: 'slack-webhook',
        label: 'legacy',
        secretKeyVersion: keyVersion(key),
        secretNonce: nonce.toString('base64'),
        secretTag: cipher.getAuthTag().toString('base64'),
        secretCiphertext: ciphertext.toString('base64'),
        secretAad: false,
      });
      const report = await rotateKeys();
      expect(report.rotated).toBeGreaterThanOrEqual(1);
    },
  },
  {
    name: 'the connect flows (X, Slack, Discord, WordPress.com), a delivery through each',
    async run(ctx) {
      const browser = await AppBrowser.signIn();
      const client = Object.assign(api((await createApiKey(browser.userId, 'scan')).key), { userId: browser.userId });
      const record = async (path: string) => ctx.answer(path, await (await browser.get(path)).text());
      const x = await connectThroughSandbox(browser, 'x');
      const slack = await connectThroughSandbox(browser, 'slack', { channel_id: 'C0OUTPOST01' });
      const discord = await connectThroughSandbox(browser, 'discord', { channel_id: '1000000000000000102' });
      const wpcom = await connectThroughSandbox(browser, 'wordpress-com');
      await record('/connections');
      await deliver(client, { kind: 'twitter-thread', connectionId: x, input: { text: `oauth ${unique()}` }, template: '{{ input.text }}' });
      await deliver(client, { kind: 'slack-webhook', connectionId: slack, input: { text: 'oauth' }, template: '{{ input.text }}' });
      await deliver(client, { kind: 'discord-webhook', connectionId: discord, input: { text: 'oauth' }, template: '{{ input.text }}' });
      await deliver(client, { kind: 'wordpress-post', connectionId: wpcom, input: { body: 'oauth' }, config: { title: 'OAuth' } });
      for (const id of [x, slack, discord, wpcom]) ctx.answer(`GET /connections/${id}`, JSON.stringify((await client.get(`/connections/${id}`)).body));
      // Their secrets are learned by decrypting every connection after the flows; one is deleted (revoked) first.
      await ctx.rememberConnection(discord);
      expect((await client.del(`/connections/${discord}`)).status).toBe(204);
      await record('/connections');
    },
  },
  {
    name: "a self-hosted WordPress site's authorization page, a delivery through the application password it handed back",
    async run(ctx) {
      const browser = await AppBrowser.signIn();
      const client = Object.assign(api((await createApiKey(browser.userId, 'scan')).key), { userId: browser.userId });
      // The password arrives in the callback's query string; the scan learns it by decrypting the connection.
      const site = sandboxWordPressSiteUrl(sandboxUrl());
      const id = await connectThroughSandbox(browser, `wordpress?site=${encodeURIComponent(site)}`, { approve: '1' });
      ctx.answer('/connections', await (await browser.get('/connections')).text());
      await deliver(client, { kind: 'wordpress-post', connectionId: id, input: { body: 'authorized' }, config: { title: `Authorized ${unique()}` } });
      await client.post(`/connections/${id}/test`);
      ctx.answer(`GET /connections/${id}`, JSON.stringify((await client.get(`/connections/${id}`)).body));
    },
  },
];

