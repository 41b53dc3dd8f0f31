import 'server-only';
import type { z } from 'zod';
import { parseConnectKind, type ConnectKind } from './kinds';
import type { ConnectErrorCode } from './messages';
import { findRequest, newToken, recordRequest, consumeRequest } from './requests';
import { cleanLabel, type createConnectLinkSchema } from './inputs';

export { connectLinkSchema, createConnectLinkSchema } from './inputs';

// Connect links (POST /api/v1/connect-links): an agent asks its person to connect an account. The
// link is single use, lives 30 minutes, and works only in that person's signed-in browser.

export const LINK_TTL_MS = 30 * 60_000;

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
