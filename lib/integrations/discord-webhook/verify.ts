import { safeFetch } from '@/lib/http';
import type { DiscordWebhook } from './webhook-url';

export type WebhookCheck =
  | { state: 'ok'; metadata: { channelId?: string; guildId?: string; name?: string } }
  /** Discord says the webhook is gone or the token is wrong. */
  | { state: 'refused'; message: string }
  /** Discord could not be asked (network, 5xx, rate limit): nothing is known either way. */
  | { state: 'unknown'; message: string };

/**
 * `GET {webhook URL}` returns the webhook object without posting anything, so a pasted URL can be
 * verified on save. Only public fields are kept: the answer also repeats the token.
 */
export async function checkDiscordWebhook(hook: DiscordWebhook, allowedTargets: Set<string>): Promise<WebhookCheck> {
  let response;
  try {
    response = await safeFetch(hook.url, { method: 'GET', timeoutMs: 8000, maxResponseBytes: 16 * 1024, allowedTargets });
  } catch (error) {
    return { state: 'unknown', message: error instanceof Error ? error.message : 'request failed' };
  }
  const body = parse(response.body);
  if (response.status === 200) {
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const metadata = { channelId: str(body.channel_id), guildId: str(body.guild_id), name: str(body.name) };
    return { state: 'ok', metadata: Object.fromEntries(Object.entries(metadata).filter(([, v]) => v !== undefined)) };
  }
  const said = typeof body.message === 'string' ? `${body.message.slice(0, 120)}${typeof body.code === 'number' ? ` (${body.code})` : ''}` : `HTTP ${response.status}`;
  if ([401, 403, 404].includes(response.status)) return { state: 'refused', message: `Discord refused this webhook: ${said}` };
  return { state: 'unknown', message: `Discord answered ${said}` };
}

function parse(body: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
