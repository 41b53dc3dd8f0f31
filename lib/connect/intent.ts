import 'server-only';
import { hkdfSync } from 'node:crypto';
import { sealData, unsealData } from 'iron-session';
import { z } from 'zod';
import { requireEnv } from '@/lib/env';
import { connectKinds, type ConnectKind } from './kinds';

// The confirmation page's form (GET /connect/:kind) carries what the person is about to start,
// sealed: who is signed in (and in which session), the kind, and the label, returnTo, site or link
// it was opened with. The POST starts exactly that, so a page on another site can neither post the
// form (no seal of its own: it cannot read ours) nor change what a real one starts.

export const INTENT_TTL_MS = 10 * 60_000;

const intentSchema = z.object({
  v: z.literal(1),
  kind: z.enum(connectKinds),
  userId: z.string().min(1),
  /** The session the page was shown in; a seal from another session (or a signed-out one) is refused. */
  sessionId: z.string().nullable(),
  issuedAt: z.number().int(),
  label: z.string().optional(),
  returnTo: z.string().optional(),
  site: z.string().optional(),
  link: z.string().optional(),
});
export type ConnectIntent = z.infer<typeof intentSchema>;

function password(): string {
  const key = hkdfSync('sha256', requireEnv('AUTH_SECRET'), Buffer.alloc(0), 'outpost connect-intent v1', 32);
  return Buffer.from(key).toString('base64url');
}

export function sealIntent(intent: ConnectIntent): Promise<string> {
  return sealData(intent, { password: password(), ttl: 60 * 60 });
}

/** The intent in a form field, if it is ours, unaltered, for this user and session, and fresh. */
export async function openIntent(value: unknown, expected: { kind: ConnectKind; userId: string; sessionId: string | null }, now = Date.now()): Promise<ConnectIntent | null> {
  if (typeof value !== 'string' || value.length === 0 || value.length > 8192) return null;
  let data: unknown;
  try {
    data = await unsealData(value, { password: password(), ttl: 60 * 60 });
  } catch {
    return null;
  }
  const parsed = intentSchema.safeParse(data);
  if (!parsed.success) return null;
  const intent = parsed.data;
  if (intent.kind !== expected.kind || intent.userId !== expected.userId || intent.sessionId !== expected.sessionId) return null;
  if (now - intent.issuedAt > INTENT_TTL_MS || intent.issuedAt > now + 60_000) return null;
  return intent;
}
