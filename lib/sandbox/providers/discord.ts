import { createHash } from 'node:crypto';
import { isPlainObject, json, noContent, parseJsonBody, type ProviderRequest, type ProviderResponse } from '../http';
import { opaqueToken, snowflakeFactory } from '../ids';
import type { Provider, SandboxSettings, ShapedFault } from '../provider';
import { RateWindow, type WindowState } from '../rate-window';
import type { DiscordMessage } from '../types';
import { DiscordOAuth } from './discord-oauth';
import { validateDiscordMessage } from './discord-validate';

// Discord webhooks (https://discord.com/developers/docs/resources/webhook#execute-webhook).
const WEBHOOK_PATH = /^(?:\/v\d+)?\/webhooks\/([^/]+)\/([^/]+)\/?$/;
const UNKNOWN_WEBHOOK = { message: 'Unknown Webhook', code: 10015 };

interface Webhook {
  id: string;
  token: string;
  channelId: string;
  guildId: string;
}

export class DiscordProvider implements Provider {
  readonly target = 'discord' as const;
  readonly messages: DiscordMessage[] = [];
  private readonly webhooks = new Map<string, Webhook>();
  private readonly deleted = new Set<string>();
  // About 5 requests per 2 seconds per webhook.
  private readonly window = new RateWindow(5, 2000);
  private readonly nextId = snowflakeFactory();
  readonly oauth = new DiscordOAuth((channelId, guildId, origin, namespace) => this.createWebhook(channelId, guildId, origin, namespace));
  /** Webhooks made through OAuth for an Outpost user's sandbox namespace. */
  private readonly namespaces = new Map<string, string>();

  constructor(private readonly settings: SandboxSettings) {}

  revoke(pathOrUrl: string): boolean {
    const hook = parseWebhook(pathOrUrl);
    if (!hook) return false;
    this.deleted.add(hook.id);
    return true;
  }

  /** The namespace an OAuth-made webhook belongs to. */
  namespaceOfWebhook(id: string): string | undefined {
    return this.namespaces.get(id);
  }

  reset(): void {
    this.messages.length = 0;
    this.namespaces.clear();
    this.webhooks.clear();
    this.deleted.clear();
    this.window.clear();
    this.oauth.reset();
  }

  /** A new webhook in a channel, as Discord makes one for each `webhook.incoming` authorization. */
  createWebhook(channelId: string, guildId: string, origin: string, namespace?: string) {
    const webhook: Webhook = { id: this.nextId(), token: `${namespace ? `${namespace}-` : ''}${opaqueToken(48)}`, channelId, guildId };
    this.webhooks.set(webhook.id, webhook);
    if (namespace) this.namespaces.set(webhook.id, namespace);
    return { ...webhook, url: this.webhookObject(webhook, origin).url };
  }

  handle(req: ProviderRequest): ProviderResponse {
    const route = req.path.replace(/\/+$/, '');
    if (route === '/api/oauth2/authorize') return this.oauth.authorize(req);
    if (route === '/api/oauth2/token') return this.oauth.token(req);
    if (route === '/api/oauth2/token/revoke') return this.oauth.revoke(req);
    const hook = parseWebhook(req.path);
    if (!hook) return json(404, { message: '404: Not Found', code: 0 });
    if (!/^\d{1,20}$/.test(hook.id)) {
      return json(400, {
        message: 'Invalid Form Body',
        code: 50035,
        errors: { webhook_id: { _errors: [{ code: 'NUMBER_TYPE_COERCE', message: `Value "${hook.id}" is not snowflake.` }] } },
      });
    }
    if (this.deleted.has(hook.id)) return json(404, UNKNOWN_WEBHOOK);
    const webhook = this.webhookFor(hook.id, hook.token);
    if (webhook.token !== hook.token) return json(401, { message: 'Invalid Webhook Token', code: 50027 });

    if (req.method === 'GET') return json(200, this.webhookObject(webhook, req.origin));
    if (req.method !== 'POST') return json(405, { message: '405: Method Not Allowed', code: 0 });

    const limit = this.window.hit(hook.id);
    const headers = rateLimitHeaders(limit, hook.id);
    if (this.settings.enforceLimits && limit.exceeded) {
      return this.rateLimited((limit.resetAt - Date.now()) / 1000, hook.id);
    }
    const parsed = parseJsonBody(req);
    if (!parsed.ok || !isPlainObject(parsed.value)) {
      return json(400, { message: 'The request body contains invalid JSON.', code: 50109 }, headers);
    }
    const payload = parsed.value;
    const validation = validateDiscordMessage(payload);
    if (!validation.ok) return json(validation.status, validation.body, headers);

    const message = this.store(webhook, payload);
    if (req.url.searchParams.get('wait') !== 'true') return noContent(headers);
    return json(200, messageObject(message, webhook), headers);
  }

  faultResponse(fault: ShapedFault, req: ProviderRequest): ProviderResponse {
    const id = parseWebhook(req.path)?.id ?? 'unknown';
    switch (fault.type) {
      case 'rate_limit':
        return this.rateLimited(fault.retryAfterSeconds, id);
      case 'server_error':
        return json(fault.status ?? 500, { message: `${fault.status ?? 500}: ${fault.status === 503 ? 'Service Unavailable' : 'Internal Server Error'}`, code: 0 });
      case 'auth_revoked':
        return json(401, { message: 'Invalid Webhook Token', code: 50027 });
      case 'duplicate':
        return json(400, { message: 'Invalid Form Body', code: 50035, errors: {} });
    }
  }

  private rateLimited(retryAfterSeconds: number, webhookId: string): ProviderResponse {
    const retryAfter = Math.max(0, Math.round(retryAfterSeconds * 1000) / 1000);
    const resetAt = Date.now() + retryAfter * 1000;
    return json(
      429,
      { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
      {
        ...rateLimitHeaders({ limit: 5, remaining: 0, resetAt, exceeded: true }, webhookId),
        'retry-after': String(Math.max(1, Math.ceil(retryAfter))),
        'x-ratelimit-scope': 'shared',
      },
    );
  }

  private webhookFor(id: string, token: string): Webhook {
    let webhook = this.webhooks.get(id);
    if (!webhook) {
      webhook = { id, token, channelId: this.nextId(), guildId: '1000000000000000001' };
      this.webhooks.set(id, webhook);
    }
    return webhook;
  }

  private webhookObject(webhook: Webhook, origin: string) {
    return {
      application_id: null,
      avatar: null,
      channel_id: webhook.channelId,
      guild_id: webhook.guildId,
      id: webhook.id,
      name: 'Sandbox Hook',
      type: 1,
      token: webhook.token,
      url: `${origin}/discord/api/webhooks/${webhook.id}/${webhook.token}`,
    };
  }

  private store(webhook: Webhook, payload: Record<string, unknown>): DiscordMessage {
    const message: DiscordMessage = {
      id: this.nextId(),
      at: new Date().toISOString(),
      webhookId: webhook.id,
      channelId: webhook.channelId,
      ...(typeof payload.content === 'string' ? { content: payload.content } : {}),
      embeds: Array.isArray(payload.embeds) ? payload.embeds : [],
      ...(typeof payload.username === 'string' ? { username: payload.username } : {}),
      ...(typeof payload.avatar_url === 'string' ? { avatarUrl: payload.avatar_url } : {}),
      ...(payload.allowed_mentions !== undefined ? { allowedMentions: payload.allowed_mentions } : {}),
      payload,
    };
    this.messages.push(message);
    return message;
  }
}

function messageObject(message: DiscordMessage, webhook: Webhook) {
  return {
    type: 0,
    channel_id: message.channelId,
    content: message.content ?? '',
    attachments: [],
    embeds: message.embeds.map((embed) => ({ type: 'rich', ...(embed as object) })),
    timestamp: message.at.replace('Z', '+00:00'),
    edited_timestamp: null,
    flags: 0,
    components: [],
    id: message.id,
    author: { bot: true, id: webhook.id, username: message.username ?? 'Sandbox Hook', avatar: null, discriminator: '0000' },
    mentions: [],
    mention_roles: [],
    pinned: false,
    mention_everyone: false,
    tts: false,
    webhook_id: webhook.id,
  };
}

function rateLimitHeaders(limit: WindowState, webhookId: string): Record<string, string> {
  const resetAfter = Math.max(0, (limit.resetAt - Date.now()) / 1000);
  return {
    'x-ratelimit-limit': String(limit.limit),
    'x-ratelimit-remaining': String(limit.remaining),
    'x-ratelimit-reset': (limit.resetAt / 1000).toFixed(3),
    'x-ratelimit-reset-after': resetAfter.toFixed(3),
    'x-ratelimit-bucket': createHash('sha1').update(`webhook:${webhookId}`).digest('hex').slice(0, 32),
  };
}

/** Webhook id and token from `/webhooks/{id}/{token}` (with or without `/discord/api`, or a full URL). */
export function parseWebhook(pathOrUrl: string): { id: string; token: string } | undefined {
  const path = pathOrUrl.includes('://') ? new URL(pathOrUrl).pathname : pathOrUrl;
  const match = WEBHOOK_PATH.exec(path.replace(/^(?:\/discord)?\/api(?=\/)/, ''));
  return match?.[1] && match[2] ? { id: match[1], token: match[2] } : undefined;
}
