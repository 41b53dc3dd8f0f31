import { z } from 'zod';

export const slackConfigSchema = z
  .object({
    /** `text`: the template renders Markdown, sent as mrkdwn. `blocks`: it renders Block Kit JSON. */
    format: z.enum(['text', 'blocks']).default('text'),
  })
  .strict();
export type SlackConfig = z.output<typeof slackConfigSchema>;

// The base-URL check needs the environment, so it lives in prepareConnection (webhook-url.ts).
export const slackSecretSchema = z
  .object({
    webhookUrl: z.string().trim().max(2048, 'must be at most 2048 characters').url('must be an absolute URL'),
  })
  .strict();
export type SlackSecret = z.output<typeof slackSecretSchema>;

/**
 * The JSON body posted to the webhook. `problem` is set instead when the template did not render
 * usable Block Kit JSON; validate reports it and it is never sent.
 */
export type SlackPayload = { text: string; blocks?: unknown[]; problem?: string };
