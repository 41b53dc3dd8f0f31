import { createHash, randomInt, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { STARTERS, type Starter } from '@/lib/templates/library/starters';
import { sandboxDiscordWebhookUrl, sandboxSlackWebhookUrl, sandboxWordPressSiteUrl } from '@/lib/sandbox/urls';
import { receiver, sandbox, waitForStatus } from '../engine/helpers';
import { sandboxUrl } from '../support/app';
import { newAuthor, type Client } from './helpers';

// DESIGN §6 "Preview renders exactly what would be sent": for every starter, what POST /preview
// returns is, byte for byte, what the sandbox provider receives when the task is delivered. The
// sandbox records a SHA-256 of each request body as received.

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let client: Client;
beforeAll(async () => {
  ({ client } = await newAuthor());
});

async function connection(kind: string, secret: unknown): Promise<string> {
  const res = await client.post('/connections', { kind, label: `${kind} starter`, secret });
  if (res.status !== 201) throw new Error(`POST /connections → ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.id;
}

type Setup = { connectionId?: string; config?: Record<string, unknown>; path: string; target: 'http' | 'slack' | 'discord' | 'x' | 'wordpress'; userId?: string; username?: string };

const setups: Record<string, () => Promise<Setup>> = {
  'http-post': async () => {
    const r = receiver();
    return { config: { url: r.url }, target: 'http', path: r.path };
  },
  'slack-webhook': async () => {
    const bot = `B${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
    const url = sandboxSlackWebhookUrl(sandboxUrl(), { team: 'T0TEST', bot, secret: `s${randomUUID().replace(/-/g, '')}` });
    return { connectionId: await connection('slack-webhook', { webhookUrl: url }), target: 'slack', path: `/slack/services/T0TEST/${bot}` };
  },
  'discord-webhook': async () => {
    const id = `${Date.now()}${randomInt(100_000, 1_000_000)}`;
    const url = sandboxDiscordWebhookUrl(sandboxUrl(), { id, token: `tok-${randomInt(1e9, 2 ** 47)}` });
    return { connectionId: await connection('discord-webhook', { webhookUrl: url }), target: 'discord', path: `/discord/api/webhooks/${id}` };
  },
  'twitter-thread': async () => {
    const issued = await sandbox().issueXTokens({ username: `st_${randomUUID().slice(0, 8)}` });
    const connectionId = await connection('twitter-thread', { accessToken: issued.accessToken, refreshToken: issued.refreshToken!, expiresAt: issued.expiresAt });
    return { connectionId, target: 'x', path: '/x/2/tweets', userId: issued.user.id };
  },
  'wordpress-post': async () => {
    const user = await sandbox().createWordPressUser({ username: `wp_${randomUUID().slice(0, 8)}`, role: 'editor' });
    const secret = { siteUrl: `${sandboxWordPressSiteUrl(sandboxUrl())}/`, username: user.username, applicationPassword: user.applicationPassword };
    return { connectionId: await connection('wordpress-post', secret), target: 'wordpress', path: '/wp/wp-json/wp/v2/posts', username: user.username };
  },
};

/** The body bytes each kind's delivery sends for the previewed payload (its requests, in order). */
async function expectedBodies(starter: Starter, payload: any, setup: Setup, received: Array<{ body: any }>): Promise<string[]> {
  switch (starter.kind) {
    case 'http-post':
      return [payload.body];
    case 'slack-webhook':
      return [JSON.stringify({ text: payload.text, ...(payload.blocks ? { blocks: payload.blocks } : {}) })];
    case 'discord-webhook':
      return [JSON.stringify(payload)];
    case 'twitter-thread': {
      const tweets = (await sandbox().state()).x.tweets.filter((t) => t.authorId === setup.userId);
      return payload.posts.map((text: string, i: number) => JSON.stringify({ text, ...(i > 0 ? { reply: { in_reply_to_tweet_id: tweets[i - 1]!.id } } : {}) }));
    }
    case 'wordpress-post': {
      // The slug is Outpost's (derived from the title and the task id), the rest is the preview's.
      const slug = received[0]!.body.slug;
      return [JSON.stringify({ title: payload.title, content: payload.content, status: 'draft', slug, ...(payload.excerpt ? { excerpt: payload.excerpt } : {}) })];
    }
    default:
      throw new Error(`no expectation for ${starter.kind}`);
  }
}

describe('starters: preview is byte-identical to delivery', () => {
  it('covers one starter per kind', () => {
    expect(STARTERS.map((s) => s.kind).sort()).toEqual(Object.keys(setups).sort());
  });

  it.each(STARTERS.map((s) => ({ name: s.name, starter: s })))('$name: preview validates, and the provider receives exactly its bytes', async ({ starter }) => {
    const setup = await setups[starter.kind]!();
    const request = { kind: starter.kind, templateId: starter.id, input: starter.sampleInput, ...(setup.connectionId ? { connectionId: setup.connectionId } : {}), ...(setup.config ? { config: setup.config } : {}) };
    const preview = await client.post('/preview', request);
    expect(preview.status).toBe(200);
    expect(preview.body.validation).toEqual({ ok: true, errors: [] });
    expect(preview.body.wouldRun).toBe(true);

    const task = await client.post('/tasks', request);
    expect(task.status).toBe(201);
    expect(task.body).toMatchObject({ templateId: starter.id, templateVersion: starter.version });
    expect(await waitForStatus(client, task.body.id)).toMatchObject({ status: 'succeeded' });

    const received = (await sandbox().requests({ target: setup.target, path: setup.path })).filter(
      // Other tests share the sandbox's X and WordPress paths: keep this account's requests.
      (r) => r.method === 'POST' && (setup.target !== 'x' || r.auth?.scheme === 'Bearer') && (!setup.username || r.auth?.username === setup.username),
    );
    const ours = setup.target === 'x' ? received.filter((r) => expectedTexts(preview.body.payload).has((r.body as { text?: string } | null)?.text ?? "")) : received;
    const expected = await expectedBodies(starter, preview.body.payload, setup, ours);
    expect(ours.map((r) => r.bodySha256)).toEqual(expected.map(sha256));
  });
});

function expectedTexts(payload: { posts: string[] }): Set<string> {
  return new Set(payload.posts);
}
