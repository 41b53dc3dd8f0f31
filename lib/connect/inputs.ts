import { z } from 'zod';
import { connectKinds, parseConnectKind } from './kinds';

// What a connect flow or a connect link accepts from a person or an agent. No server imports:
// the OpenAPI document is generated from these schemas.

/** A path of this app (`/x`, not `//host` or `/\host`), or nothing. */
export function safeReturnTo(value: string | null | undefined): string | undefined {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || value.length > 512) return undefined;
  try {
    return new URL(value, 'http://outpost.invalid').origin === 'http://outpost.invalid' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function cleanLabel(value: string | null | undefined): string | undefined {
  const label = value?.trim();
  return label ? label.slice(0, 100) : undefined;
}

export const createConnectLinkSchema = z
  .object({
    kind: z
      .string()
      .refine((v) => parseConnectKind(v) !== undefined, `must be one of: ${connectKinds.join(', ')}`)
      .describe(`What to connect: ${connectKinds.join(', ')} (twitter-thread, slack-webhook and discord-webhook are accepted too)`),
    label: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional().describe('Label of the new connection'),
    returnTo: z
      .string()
      .max(512)
      .refine((v) => safeReturnTo(v) !== undefined, 'must be a path of this app, e.g. /connections')
      .optional()
      .describe('Where the browser goes after connecting (a path of this app)'),
  })
  .strict();

export const connectLinkSchema = z.object({
  url: z.string().describe("Open it in the browser where the API key's user is signed in"),
  expiresAt: z.string().describe('ISO time; the link works once, until then'),
});
