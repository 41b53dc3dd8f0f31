import { z } from 'zod';
import type { ValidationIssue } from '@/lib/integrations/types';

const httpUrl = z.string().max(2048).url('must be an absolute http(s) URL').regex(/^https?:\/\//, 'must be an http(s) URL');

export const discordConfigSchema = z
  .object({
    /** Overrides the webhook's name for this message (Discord: 1–80 characters, no "discord"/"clyde"). */
    username: z.string().trim().min(1).max(80).optional(),
    avatarUrl: httpUrl.optional(),
    /** When set, the template renders the embed's description instead of `content`. */
    embed: z
      .object({
        title: z.string().max(256, 'must be at most 256 characters').optional(),
        url: httpUrl.optional(),
        color: z.number().int().min(0).max(0xffffff, 'must be 0–16777215 (0xFFFFFF)').optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type DiscordConfig = z.output<typeof discordConfigSchema>;

// The base-URL check needs the environment, so it lives in prepareConnection (webhook-url.ts).
export const discordSecretSchema = z
  .object({
    webhookUrl: z.string().trim().max(2048, 'must be at most 2048 characters').url('must be an absolute URL'),
  })
  .strict();
export type DiscordSecret = z.output<typeof discordSecretSchema>;

export type DiscordEmbed = Record<string, unknown> & { title?: unknown; description?: unknown; url?: unknown; color?: unknown };

/**
 * The exact JSON body posted to the webhook (snake_case, as Discord reads it).
 * `problems` is set when the template rendered something unusable; validate reports them and they
 * are never sent.
 */
export type DiscordPayload = {
  content?: string;
  username?: string;
  avatar_url?: string;
  embeds?: DiscordEmbed[];
  allowed_mentions: { parse: string[] };
  problems?: ValidationIssue[];
};
