import type { ValidationIssue } from '@/lib/integrations/types';
import { isObject } from './render';
import type { DiscordPayload } from './schema';

export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedsTotal: 6000,
  username: 80,
} as const;

// Lengths are UTF-16 code units: never fewer than Discord's count, so what passes here passes there.
const len = (s: string) => s.length;

/** Discord's message limits (DESIGN §4); paths name the payload field at fault. */
export function validateDiscordPayload(payload: DiscordPayload): ValidationIssue[] {
  const issues: ValidationIssue[] = [...(payload.problems ?? [])];
  if (payload.content !== undefined && len(payload.content) > DISCORD_LIMITS.content) {
    issues.push({ path: 'payload.content', message: tooLong(DISCORD_LIMITS.content, payload.content) });
  }
  if (payload.username !== undefined) {
    if (len(payload.username) < 1 || len(payload.username) > DISCORD_LIMITS.username) {
      issues.push({ path: 'payload.username', message: `must be 1–${DISCORD_LIMITS.username} characters` });
    } else if (/discord|clyde/i.test(payload.username)) {
      issues.push({ path: 'payload.username', message: 'must not contain "discord" or "clyde" (Discord refuses it)' });
    }
  }
  if (payload.avatar_url !== undefined && !/^https?:\/\/\S+$/.test(payload.avatar_url)) {
    issues.push({ path: 'payload.avatar_url', message: 'must be an http(s) URL' });
  }
  const embeds = payload.embeds ?? [];
  if (embeds.length > DISCORD_LIMITS.embeds) {
    issues.push({ path: 'payload.embeds', message: `must have at most ${DISCORD_LIMITS.embeds} embeds (has ${embeds.length})` });
  }
  let total = 0;
  embeds.forEach((embed, i) => (total += validateEmbed(embed, `payload.embeds[${i}]`, issues)));
  if (total > DISCORD_LIMITS.embedsTotal) {
    issues.push({ path: 'payload.embeds', message: `embeds must have at most ${DISCORD_LIMITS.embedsTotal} characters in all (titles, descriptions, fields, footers, authors; has ${total})` });
  }
  const hasContent = (payload.content ?? '').trim() !== '';
  if (!hasContent && embeds.length === 0 && !payload.problems?.length) {
    issues.push({ path: 'template', message: 'renders an empty message: Discord needs content or an embed' });
  }
  return issues;
}

/** Checks one embed, pushing issues; returns the characters it counts towards the 6000 total. */
function validateEmbed(embed: unknown, path: string, issues: ValidationIssue[]): number {
  if (!isObject(embed)) {
    issues.push({ path, message: 'must be an embed object' });
    return 0;
  }
  let size = text(embed.title, `${path}.title`, DISCORD_LIMITS.embedTitle, issues) + text(embed.description, `${path}.description`, DISCORD_LIMITS.embedDescription, issues);
  if (embed.url !== undefined && (typeof embed.url !== 'string' || !/^https?:\/\/\S+$/.test(embed.url))) {
    issues.push({ path: `${path}.url`, message: 'must be an http(s) URL' });
  }
  if (embed.color !== undefined && !(Number.isInteger(embed.color) && (embed.color as number) >= 0 && (embed.color as number) <= 0xffffff)) {
    issues.push({ path: `${path}.color`, message: 'must be an integer 0–16777215 (0xFFFFFF)' });
  }
  if (embed.footer !== undefined) {
    size += isObject(embed.footer)
      ? text(embed.footer.text, `${path}.footer.text`, DISCORD_LIMITS.footerText, issues, true)
      : (issues.push({ path: `${path}.footer`, message: 'must be an object {text}' }), 0);
  }
  if (embed.author !== undefined) {
    size += isObject(embed.author)
      ? text(embed.author.name, `${path}.author.name`, DISCORD_LIMITS.authorName, issues, true)
      : (issues.push({ path: `${path}.author`, message: 'must be an object {name}' }), 0);
  }
  if (embed.fields !== undefined) {
    if (!Array.isArray(embed.fields)) issues.push({ path: `${path}.fields`, message: 'must be an array of {name, value}' });
    else {
      if (embed.fields.length > DISCORD_LIMITS.embedFields) {
        issues.push({ path: `${path}.fields`, message: `must have at most ${DISCORD_LIMITS.embedFields} fields (has ${embed.fields.length})` });
      }
      embed.fields.forEach((field: unknown, i: number) => {
        const f = isObject(field) ? field : {};
        size += text(f.name, `${path}.fields[${i}].name`, DISCORD_LIMITS.fieldName, issues, true);
        size += text(f.value, `${path}.fields[${i}].value`, DISCORD_LIMITS.fieldValue, issues, true);
      });
    }
  }
  return size;
}

function text(value: unknown, path: string, max: number, issues: ValidationIssue[], required = false): number {
  if (value === undefined || value === null) {
    if (required) issues.push({ path, message: 'is required' });
    return 0;
  }
  if (typeof value !== 'string') {
    issues.push({ path, message: 'must be a string' });
    return 0;
  }
  if (len(value) > max) issues.push({ path, message: tooLong(max, value) });
  return len(value);
}

const tooLong = (max: number, value: string) => `must be at most ${max} characters (has ${len(value)})`;
