import { validationError } from '@/lib/errors';

// Webhook URLs look like {base}/webhooks/{id}/{token}; the id is a snowflake.
const WEBHOOK_PATH = /^\/webhooks\/(\d{1,20})\/([A-Za-z0-9_.-]+)\/?$/;

export type DiscordWebhook = { url: string; id: string; hint: string };

/**
 * Checks a pasted webhook URL against the configured base (OUTPOST_DISCORD_API_BASE). Messages
 * never repeat the URL: its last segment is the token.
 */
export function parseDiscordWebhookUrl(url: string, base: string): { ok: true; webhook: DiscordWebhook } | { ok: false; message: string } {
  const prefix = `${base.replace(/\/+$/, '')}/webhooks/`;
  if (!url.startsWith(prefix)) return { ok: false, message: `must be a Discord webhook URL starting with ${prefix}` };
  const rest = url.slice(prefix.length - '/webhooks/'.length);
  const pathOnly = rest.split(/[?#]/, 1)[0] ?? '';
  const match = WEBHOOK_PATH.exec(pathOnly);
  if (!match) return { ok: false, message: `must look like ${prefix}{numeric id}/{token}` };
  const [, id, token] = match as unknown as [string, string, string];
  return { ok: true, webhook: { url, id, hint: `…/${id}/…${token.slice(-2)}` } };
}

/** The same check as a 400 naming `secret.webhookUrl` (POST /connections). */
export function requireDiscordWebhookUrl(url: string, base: string): DiscordWebhook {
  const parsed = parseDiscordWebhookUrl(url, base);
  if (!parsed.ok) throw validationError([{ path: 'secret.webhookUrl', message: parsed.message }]);
  return parsed.webhook;
}

/** The execute URL: `?wait=true` so Discord answers with the message (and its id). */
export function executeUrl(webhookUrl: string): string {
  const url = new URL(webhookUrl);
  url.searchParams.set('wait', 'true');
  return url.toString();
}
