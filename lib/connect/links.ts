import 'server-only';
import { z } from 'zod';
import { connectKinds, parseConnectKind, type ConnectKind } from './kinds';
import type { ConnectErrorCode } from './messages';
import { findRequest, newToken, recordRequest, consumeRequest } from './requests';
import { cleanLabel, safeReturnTo } from './flow';

// Connect links (POST /api/v1/connect-links): an agent asks its person to connect an account. The
// link is single use, lives 30 minutes, and works only in that person's signed-in browser.

export const LINK_TTL_MS = 30 * 60_000;

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
  url: z.string().describe('Open in the browser where the API key’s user is signed in'),
  expiresAt: z.string().describe('ISO time; the link works once, until then'),
});

export async function createConnectLink(userId: string, input: z.infer<typeof createConnectLinkSchema>, origin: string) {
  const kind = parseConnectKind(input.kind)!;
  const token = newToken();
  const row = await recordRequest({ userId, purpose: 'link', kind, token, ttlMs: LINK_TTL_MS, label: cleanLabel(input.label), returnTo: input.returnTo });
  return { url: `${origin}/connect/${kind}?link=${token}`, expiresAt: row.expiresAt.toISOString() };
}

export type OpenedLink = { ok: true; kind: ConnectKind; label?: string; returnTo?: string } | { ok: false; code: ConnectErrorCode };

/** Uses a link for the signed-in user; someone else's link stays usable by its owner. */
export async function openConnectLink(token: string, kind: ConnectKind, userId: string, now = Date.now()): Promise<OpenedLink> {
  const row = await findRequest('link', token);
  if (!row || row.kind !== kind) return { ok: false, code: 'link_invalid' };
  if (row.userId !== userId) return { ok: false, code: 'link_other_user' };
  if (row.usedAt) return { ok: false, code: 'link_used' };
  if (row.expiresAt.getTime() <= now) return { ok: false, code: 'link_expired' };
  const used = await consumeRequest('link', token, userId);
  if (!used) return { ok: false, code: 'link_used' };
  return { ok: true, kind, ...(used.label ? { label: used.label } : {}), ...(used.returnTo ? { returnTo: used.returnTo } : {}) };
}
