import { env } from '@/lib/env';
import { validationError } from '@/lib/errors';
import { DeliveryError, type Integration } from '@/lib/integrations/types';
import { deliverDiscord } from './deliver';
import { renderDiscord } from './render';
import { discordConfigSchema, discordSecretSchema, type DiscordConfig, type DiscordPayload, type DiscordSecret } from './schema';
import { DISCORD_LIMITS, validateDiscordPayload } from './validate';
import { checkDiscordWebhook } from './verify';
import { parseDiscordWebhookUrl, requireDiscordWebhookUrl } from './webhook-url';

/**
 * Discord webhook (DESIGN §3.1, §4). The template renders `content` (or the embed description when
 * `config.embed` is set); a template rendering a JSON object `{content?, embeds?: [...]}` sends that
 * message as is, so one message can carry several embeds.
 */
export const discordWebhook: Integration<DiscordConfig, DiscordPayload, DiscordSecret, never> = {
  kind: 'discord-webhook',
  displayName: 'Discord (webhook)',
  description:
    'Post a message to a Discord channel through a webhook: text content, one embed, or a JSON message {content, embeds}. Mentions are never parsed.',
  authType: 'webhook-url',
  connection: 'required',
  configSchema: discordConfigSchema as never,
  secretSchema: discordSecretSchema as never,
  // Discord allows about 5 requests per 2 seconds per webhook.
  rateLimit: { perConnection: { capacity: 5, refillPerSecond: 2.5 } },
  limits: { ...DISCORD_LIMITS, requestsPer2SecondsPerWebhook: 5 },
  defaultTemplate: '{{ input.text | default: input.summary | default: input }}',

  async render(rendered, config) {
    return renderDiscord(rendered.body, config);
  },

  validate(payload) {
    return validateDiscordPayload(payload);
  },

  deliver(payload, auth, ctx) {
    if (!auth) throw new DeliveryError({ type: 'permanent', reason: 'discord-webhook needs a connection' });
    return deliverDiscord(payload, auth.secret, ctx);
  },

  // Discord lets anyone holding the URL read the webhook object, so saving verifies it exists
  // without posting. When Discord cannot be asked, the URL is saved on its format alone.
  async prepareConnection(secret, { allowedTargets }) {
    const hook = requireDiscordWebhookUrl(secret.webhookUrl, env().OUTPOST_DISCORD_API_BASE);
    const check = await checkDiscordWebhook(hook, allowedTargets);
    if (check.state === 'refused') throw validationError([{ path: 'secret.webhookUrl', message: check.message }]);
    const metadata = check.state === 'ok' ? { webhookId: hook.id, ...check.metadata, verified: 'api' } : { webhookId: hook.id, verified: 'format' };
    return { secret: { webhookUrl: hook.url }, hint: hook.hint, metadata };
  },

  async testConnection(secret, { allowedTargets }) {
    const parsed = parseDiscordWebhookUrl(secret.webhookUrl, env().OUTPOST_DISCORD_API_BASE);
    if (!parsed.ok) return { ok: false, message: `the webhook URL ${parsed.message}` };
    const check = await checkDiscordWebhook(parsed.webhook, allowedTargets);
    return check.state === 'ok' ? { ok: true, message: 'Discord knows this webhook' } : { ok: false, message: check.message };
  },
};
