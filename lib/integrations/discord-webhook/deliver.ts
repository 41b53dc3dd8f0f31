import { env } from '@/lib/env';
import { sendRecorded } from '@/lib/integrations/shared/send';
import { DeliveryError, type DeliveryContext, type DeliveryResult } from '@/lib/integrations/types';
import { classifyDiscordResponse } from './classify';
import type { DiscordPayload, DiscordSecret } from './schema';
import { executeUrl, parseDiscordWebhookUrl } from './webhook-url';

const TIMEOUT_MS = 10_000;

/** The request body Discord receives: `problems` is ours, never sent. */
export function discordRequestBody(payload: DiscordPayload): string {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { problems, ...body } = payload;
  return JSON.stringify(body);
}

export async function deliverDiscord(
  payload: DiscordPayload,
  secret: DiscordSecret,
  ctx: Pick<DeliveryContext<never>, 'record' | 'allowedTargets' | 'signal'>,
  base: string = env().OUTPOST_DISCORD_API_BASE,
): Promise<DeliveryResult> {
  const hook = parseDiscordWebhookUrl(secret.webhookUrl, base);
  if (!hook.ok) throw new DeliveryError({ type: 'permanent', connectionBroken: true, reason: `the connection's webhook URL ${hook.message}` });
  const url = executeUrl(secret.webhookUrl);
  const body = discordRequestBody(payload);
  const headers = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Outpost/1 (+discord-webhook)' };
  const { response, responseExcerpt } = await sendRecorded({
    method: 'POST',
    url,
    headers,
    body,
    timeoutMs: TIMEOUT_MS,
    maxResponseBytes: 64 * 1024,
    allowedTargets: ctx.allowedTargets,
    signal: ctx.signal,
    record: ctx.record,
  });
  const failure = classifyDiscordResponse(response);
  if (failure) throw new DeliveryError(failure, { httpStatus: response.status, responseExcerpt });
  const message = parseMessage(response.body);
  if (!message) {
    // 2xx without a message object: it was posted, but we cannot tell its id. Retrying would post twice.
    return { externalId: `discord-${hook.webhook.id}-${Date.now()}`, webhookId: hook.webhook.id, note: 'Discord returned no message object' };
  }
  return {
    externalId: message.id,
    channelId: message.channel_id,
    webhookId: hook.webhook.id,
    ...(message.guild_id ? { guildId: message.guild_id, url: `https://discord.com/channels/${message.guild_id}/${message.channel_id}/${message.id}` } : {}),
    ...(message.timestamp ? { timestamp: message.timestamp } : {}),
  };
}

type MessageObject = { id: string; channel_id: string; guild_id?: string; timestamp?: string };

function parseMessage(body: string): MessageObject | null {
  try {
    const parsed = JSON.parse(body) as Partial<MessageObject> | null;
    if (parsed && typeof parsed.id === 'string' && typeof parsed.channel_id === 'string') {
      return {
        id: parsed.id,
        channel_id: parsed.channel_id,
        ...(typeof parsed.guild_id === 'string' ? { guild_id: parsed.guild_id } : {}),
        ...(typeof parsed.timestamp === 'string' ? { timestamp: parsed.timestamp } : {}),
      };
    }
  } catch {
    // not JSON
  }
  return null;
}
