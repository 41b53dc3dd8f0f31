import 'server-only';
import { hkdfSync } from 'node:crypto';
import { sealData, unsealData } from 'iron-session';
import { z } from 'zod';
import { requireEnv } from '@/lib/env';
import { connectKinds, type ConnectKind } from './kinds';

// The browser side of one connect attempt: state, PKCE verifier and who started it, sealed
// (iron-session: encrypted and signed) into an httpOnly cookie that lives at most 10 minutes.

export const FLOW_TTL_MS = 10 * 60_000;
// Iron's own expiry is only a backstop: the 10-minute rule is checked against issuedAt, with a clock
// the caller passes, so "too old" is told apart from "tampered".
const SEAL_TTL_SECONDS = 60 * 60;

const flowSchema = z.object({
  v: z.literal(1),
  kind: z.enum(connectKinds),
  state: z.string().min(32),
  verifier: z.string().min(43),
  userId: z.string().min(1),
  issuedAt: z.number().int(),
  label: z.string().optional(),
  returnTo: z.string().optional(),
  /** Self-hosted WordPress: the site the person entered. */
  site: z.string().optional(),
});
export type FlowCookie = z.infer<typeof flowSchema>;

export const flowCookieName = (kind: ConnectKind) => `outpost-connect-${kind}`;

/** A password for this one purpose, derived from AUTH_SECRET (never the secret itself). */
function password(): string {
  const key = hkdfSync('sha256', requireEnv('AUTH_SECRET'), Buffer.alloc(0), 'outpost connect-flow cookie v1', 32);
  return Buffer.from(key).toString('base64url');
}

export function sealFlow(flow: FlowCookie): Promise<string> {
  return sealData(flow, { password: password(), ttl: SEAL_TTL_SECONDS });
}

/** The flow in a cookie value, or why there is none. */
export async function openFlow(value: string | undefined): Promise<{ ok: true; flow: FlowCookie } | { ok: false; reason: 'state_missing' | 'state_invalid' }> {
  if (!value) return { ok: false, reason: 'state_missing' };
  let data: unknown;
  try {
    data = await unsealData(value, { password: password(), ttl: SEAL_TTL_SECONDS });
  } catch {
    return { ok: false, reason: 'state_invalid' };
  }
  const parsed = flowSchema.safeParse(data);
  return parsed.success ? { ok: true, flow: parsed.data } : { ok: false, reason: 'state_invalid' };
}

export const isFlowExpired = (flow: FlowCookie, now: number): boolean => now - flow.issuedAt > FLOW_TTL_MS || flow.issuedAt > now + 60_000;

export function flowCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge: FLOW_TTL_MS / 1000 };
}
