import { createHash, timingSafeEqual } from 'node:crypto';
import { basicCredentials, parseFormBody, type ProviderRequest } from '../http';
import { opaqueToken } from '../ids';
import type { SandboxOAuthClient } from './clients';

// What the sandbox's OAuth 2.0 servers share: single-use authorization codes bound to a client, a
// redirect_uri and (when the app sent one) a PKCE challenge, and client authentication.

export interface IssuedCode<Grant> {
  clientId: string;
  redirectUri: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  expiresAt: number;
  grant: Grant;
}

export type CodeCheck<Grant> = { ok: true; grant: Grant } | { ok: false; error: 'invalid_grant' | 'invalid_request'; description: string };

export class AuthorizationCodes<Grant> {
  private readonly codes = new Map<string, IssuedCode<Grant>>();

  constructor(private readonly ttlMs: number) {}

  clear(): void {
    this.codes.clear();
  }

  issue(entry: Omit<IssuedCode<Grant>, 'expiresAt'>): string {
    const code = opaqueToken(24);
    this.codes.set(code, { ...entry, expiresAt: Date.now() + this.ttlMs });
    return code;
  }

  /** Redeems a code: it is gone afterwards, even when the exchange fails (as the real servers do). */
  redeem(form: Record<string, string>, clientId: string): CodeCheck<Grant> {
    const entry = this.codes.get(form.code ?? '');
    if (entry) this.codes.delete(form.code ?? '');
    if (!entry || entry.expiresAt <= Date.now() || entry.clientId !== clientId) {
      return { ok: false, error: 'invalid_grant', description: 'Invalid "code" in request.' };
    }
    if (entry.redirectUri !== form.redirect_uri) {
      return { ok: false, error: 'invalid_grant', description: 'Invalid "redirect_uri" in request.' };
    }
    if (entry.codeChallenge) {
      if (!form.code_verifier) return { ok: false, error: 'invalid_request', description: 'Missing "code_verifier".' };
      if (!verifierMatches(form.code_verifier, entry.codeChallenge, entry.codeChallengeMethod ?? 'plain')) {
        return { ok: false, error: 'invalid_grant', description: 'Invalid "code_verifier".' };
      }
    }
    return { ok: true, grant: entry.grant };
  }
}

export function verifierMatches(verifier: string, challenge: string, method: 'S256' | 'plain'): boolean {
  const computed = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return safeEqual(computed, challenge);
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Confidential-client authentication: HTTP Basic (client_secret_basic) or client_id and
 * client_secret in the form (client_secret_post), checked against the registered client.
 */
export function authenticateClient(req: ProviderRequest, registered: SandboxOAuthClient): { ok: true; clientId: string } | { ok: false } {
  const form = parseFormBody(req);
  const basic = basicCredentials(req);
  const id = basic ? decodeURIComponent(basic.username) : form.client_id;
  const secret = basic ? decodeURIComponent(basic.password) : form.client_secret;
  if (!id || id !== registered.id) return { ok: false };
  if (registered.secret !== undefined && (!secret || !safeEqual(secret, registered.secret))) return { ok: false };
  return { ok: true, clientId: id };
}

/** The authorize request's PKCE fields, as stored with the code. */
export function pkceOf(fields: Record<string, string | undefined>): Pick<IssuedCode<unknown>, 'codeChallenge' | 'codeChallengeMethod'> {
  if (!fields.code_challenge) return {};
  return { codeChallenge: fields.code_challenge, codeChallengeMethod: fields.code_challenge_method === 'S256' ? 'S256' : 'plain' };
}

/** A redirect_uri the sandbox will send the person back to: absolute http(s). */
export function parseRedirectUri(value: string | undefined): URL | undefined {
  try {
    const url = new URL(value ?? '');
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
