import type { ValidationIssue } from '@/lib/integrations/types';
import type { DiscordConfig, DiscordEmbed, DiscordPayload } from './schema';

const JSON_MESSAGE_KEYS = new Set(['content', 'embeds', 'username', 'avatar_url']);

/**
 * Rendered template → webhook body.
 * - Plain text is the message `content`, or the embed description when `config.embed` is set.
 * - A JSON object with `content` and/or `embeds` is taken as the message itself, so one message can
 *   carry several embeds; `config.embed` then supplies title/url/color to embeds that lack them.
 * Mentions are never parsed (`allowed_mentions: {parse: []}`): agent text must not ping @everyone.
 */
export function renderDiscord(body: string, config: DiscordConfig): DiscordPayload {
  const payload: DiscordPayload = {
    ...(config.username ? { username: config.username } : {}),
    ...(config.avatarUrl ? { avatar_url: config.avatarUrl } : {}),
    allowed_mentions: { parse: [] },
  };
  const text = body.trim();
  const message = jsonMessage(text);
  if (message) return { ...payload, ...fromJson(message, config) };
  if (config.embed) return { ...payload, embeds: [{ ...embedDefaults(config), description: text }] };
  return { ...payload, content: text };
}

/** The object when the text is a JSON object with `content` or `embeds`; anything else is plain text. */
function jsonMessage(text: string): Record<string, unknown> | null {
  if (!text.startsWith('{') || !text.endsWith('}')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(parsed) || !('content' in parsed || 'embeds' in parsed)) return null;
  return parsed;
}

function fromJson(message: Record<string, unknown>, config: DiscordConfig): Partial<DiscordPayload> {
  const problems: ValidationIssue[] = [];
  const unknown = Object.keys(message).filter((key) => !JSON_MESSAGE_KEYS.has(key));
  if (unknown.length) {
    problems.push({ path: 'template', message: `a JSON message takes only ${[...JSON_MESSAGE_KEYS].join(', ')} (found ${unknown.join(', ')})` });
  }
  const out: Partial<DiscordPayload> = {};
  if (message.content !== undefined && message.content !== null) {
    if (typeof message.content === 'string') out.content = message.content;
    else problems.push({ path: 'payload.content', message: 'must be a string' });
  }
  for (const key of ['username', 'avatar_url'] as const) {
    const value = message[key];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') out[key] = value;
    else problems.push({ path: `payload.${key}`, message: 'must be a string' });
  }
  if (message.embeds !== undefined && message.embeds !== null) {
    if (!Array.isArray(message.embeds)) problems.push({ path: 'payload.embeds', message: 'must be an array of embed objects' });
    else {
      const defaults = config.embed ? embedDefaults(config) : {};
      out.embeds = message.embeds.map((embed: unknown) => (isObject(embed) ? { ...defaults, ...embed } : (embed as DiscordEmbed)));
    }
  }
  return problems.length ? { ...out, problems } : out;
}

function embedDefaults(config: DiscordConfig): DiscordEmbed {
  const embed = config.embed ?? {};
  return {
    ...(embed.title !== undefined ? { title: embed.title } : {}),
    ...(embed.url !== undefined ? { url: embed.url } : {}),
    ...(embed.color !== undefined ? { color: embed.color } : {}),
  };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
