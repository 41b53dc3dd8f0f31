import 'server-only';
import type { z } from 'zod';
import type { ConnectRequest } from '@/lib/db/schema';
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
/** Why a link cannot be used by this user for this kind now, if it cannot. */
export function linkProblem(row: ConnectRequest | null, kind: ConnectKind, userId: string, now = Date.now()): ConnectErrorCode | undefined {
  if (!row || row.kind !== kind) return 'link_invalid';
  if (row.userId !== userId) return 'link_other_user';
  if (row.usedAt) return 'link_used';
  if (row.expiresAt.getTime() <= now) return 'link_expired';
  return undefined;
}

export async function openConnectLink(token: string, kind: ConnectKind, userId: string, now = Date.now()): Promise<OpenedLink> {
  const problem = linkProblem(await findRequest('link', token), kind, userId, now);
  if (problem) return { ok: false, code: problem };
  const used = await consumeRequest('link', token, userId);
  if (!used) return { ok: false, code: 'link_used' };
  return { ok: true, kind, ...(used.label ? { label: used.label } : {}), ...(used.returnTo ? { returnTo: used.returnTo } : {}) };
}
