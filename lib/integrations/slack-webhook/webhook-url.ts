import { validationError } from '@/lib/errors';

// Incoming webhooks look like {base}/services/T…/B…/<secret>.
const WEBHOOK_PATH = /^\/services\/([A-Za-z0-9_-]+)\/([A-Za-z0-9_-]+)\/([A-Za-z0-9_-]+)\/?$/;

export type SlackWebhook = { url: string; team: string; bot: string; hint: string };

/**
 * Checks a pasted webhook URL against the configured base (OUTPOST_SLACK_WEBHOOK_BASE). Messages
 * never repeat the URL: its last segment is the secret.
 */
export function parseSlackWebhookUrl(url: string, base: string): { ok: true; webhook: SlackWebhook } | { ok: false; message: string } {
  const prefix = `${base.replace(/\/+$/, '')}/services/`;
  if (!url.startsWith(prefix)) return { ok: false, message: `must be a Slack incoming webhook URL starting with ${prefix}` };
  const path = url.slice(prefix.length - '/services/'.length);
  const match = WEBHOOK_PATH.exec(path);
  if (!match) return { ok: false, message: `must look like ${prefix}T…/B…/… (team, bot and secret segments)` };
  const [, team, bot, secret] = match as unknown as [string, string, string, string];
  return { ok: true, webhook: { url, team, bot, hint: `…/${bot}/…${secret.slice(-2)}` } };
}

/** The same check as a 400 naming `secret.webhookUrl` (POST /connections). */
export function requireSlackWebhookUrl(url: string, base: string): SlackWebhook {
  const parsed = parseSlackWebhookUrl(url, base);
  if (!parsed.ok) throw validationError([{ path: 'secret.webhookUrl', message: parsed.message }]);
  return parsed.webhook;
}
