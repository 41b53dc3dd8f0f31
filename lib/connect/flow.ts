import 'server-only';
import * as oauth from 'oauth4webapi';
import { allowedTargets } from '@/lib/allowed-targets';
import { checkTargetUrl } from '@/lib/http';
import { normalizeSiteUrl } from '@/lib/integrations/wordpress-post/wp-http';
import { exchangeCode } from './exchange';
import { FLOW_TTL_MS, isFlowExpired, openFlow, type FlowCookie } from './flow-cookie';
import { identify, identifyWordPressSite, type Identified } from './identity';
import type { ConnectKind } from './kinds';
import type { ConnectErrorCode } from './messages';
import { oauthProvider } from './providers';
import { newToken, recordRequest, consumeRequest } from './requests';
import { saveConnectedAccount } from './store';
import { sandboxLoginHint } from './sandbox-hint';
import { discoverAuthorizationPage } from './wordpress-discovery';

export { cleanLabel, safeReturnTo } from './inputs';

// The connect flows of DESIGN §3.2. start() sends the browser to the provider with a fresh state
// and PKCE verifier; finish() accepts the provider's answer only for that state, that user, once,
// within 10 minutes — every check before the code goes anywhere — then stores the account.

export type StartInput = { userId: string; kind: ConnectKind; label?: string; returnTo?: string; site?: string; origin: string };
export type StartResult = { ok: true; location: string; flow: FlowCookie } | { ok: false; code: ConnectErrorCode };

export const callbackUrl = (origin: string, kind: ConnectKind) => `${origin}/api/connect/${kind}/callback`;

export async function startConnect(input: StartInput, now = Date.now()): Promise<StartResult> {
  const state = newToken();
  const verifier = oauth.generateRandomCodeVerifier();
  const flow: FlowCookie = {
    v: 1,
    kind: input.kind,
    state,
    verifier,
    userId: input.userId,
    issuedAt: now,
    ...(input.label ? { label: input.label } : {}),
    ...(input.returnTo ? { returnTo: input.returnTo } : {}),
  };
  const redirectUri = callbackUrl(input.origin, input.kind);

  if (input.kind === 'wordpress') {
    const site = checkedSite(input.site);
    if (!site) return { ok: false, code: 'site_invalid' };
    const page = await discoverAuthorizationPage(site);
    await recordRequest({ userId: input.userId, purpose: 'flow', kind: input.kind, token: state, ttlMs: FLOW_TTL_MS });
    const url = new URL(page);
    url.searchParams.set('app_name', 'Outpost');
    url.searchParams.set('app_id', '6f1c9a52-6d3e-4a53-9d7a-0c2b8e5d4f11');
    // Our single-use nonce rides in both URLs; WordPress appends site_url, user_login and password.
    url.searchParams.set('success_url', `${redirectUri}?state=${state}`);
    url.searchParams.set('reject_url', `${redirectUri}?state=${state}&error=access_denied`);
    const hint = sandboxLoginHint(input.userId, url.toString());
    if (hint) url.searchParams.set('login_hint', hint);
    return { ok: true, location: url.toString(), flow: { ...flow, site } };
  }

  const configured = oauthProvider(input.kind);
  if (!configured.ok) return { ok: false, code: 'not_configured' };
  const { provider } = configured;
  await recordRequest({ userId: input.userId, purpose: 'flow', kind: input.kind, token: state, ttlMs: FLOW_TTL_MS });
  const url = new URL(provider.as.authorization_endpoint!);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', provider.client.client_id);
  url.searchParams.set('redirect_uri', redirectUri);
  if (provider.scope) url.searchParams.set('scope', provider.scope);
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  const hint = sandboxLoginHint(input.userId, url.toString());
  if (hint) url.searchParams.set('login_hint', hint);
  return { ok: true, location: url.toString(), flow };
}

/** The site a person entered, normalized, if outbound requests may reach it (no request is made). */
export function checkedSite(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let site: string;
  try {
    site = normalizeSiteUrl(/^https?:\/\//i.test(raw.trim()) ? raw : `https://${raw.trim()}`);
  } catch {
    return undefined;
  }
  const url = new URL(site);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return checkTargetUrl(site, allowedTargets()).ok ? site : undefined;
}

export type FinishInput = { kind: ConnectKind; sessionUserId: string | null; cookie: string | undefined; url: URL; origin: string };
export type FinishResult = { ok: true; connectionId: string; reconnected: boolean; returnTo?: string } | { ok: false; code: ConnectErrorCode };

export async function finishConnect(input: FinishInput, now = Date.now()): Promise<FinishResult> {
  const opened = await openFlow(input.cookie);
  if (!opened.ok) return { ok: false, code: opened.reason };
  const { flow } = opened;
  if (flow.kind !== input.kind) return { ok: false, code: 'state_mismatch' };
  if (!input.sessionUserId) return { ok: false, code: 'signed_out' };
  if (flow.userId !== input.sessionUserId) return { ok: false, code: 'wrong_user' };
  if (input.url.searchParams.get('state') !== flow.state) return { ok: false, code: 'state_mismatch' };
  if (isFlowExpired(flow, now)) return { ok: false, code: 'state_expired' };
  if (!(await consumeRequest('flow', flow.state, flow.userId))) return { ok: false, code: 'state_used' };

  const saved = input.kind === 'wordpress' ? await finishWordPress(flow, input.url) : await finishOAuth(input.kind, flow, input.url, input.origin);
  if (!saved.ok) return saved;
  return { ...saved, ...(flow.returnTo ? { returnTo: flow.returnTo } : {}) };
}

async function finishOAuth(kind: Exclude<ConnectKind, 'wordpress'>, flow: FlowCookie, url: URL, origin: string): Promise<FinishResult> {
  const configured = oauthProvider(kind);
  if (!configured.ok) return { ok: false, code: 'not_configured' };
  const exchanged = await exchangeCode(configured.provider, url, flow.state, callbackUrl(origin, kind), flow.verifier);
  if (!exchanged.ok) {
    if (exchanged.code !== 'access_denied') console.warn(`connect ${kind}: ${exchanged.code} (${exchanged.detail})`);
    return { ok: false, code: exchanged.code };
  }
  const identified = await identify(kind, exchanged.tokens);
  if (!identified.ok) {
    console.warn(`connect ${kind}: identity_failed (${identified.detail})`);
    return { ok: false, code: 'identity_failed' };
  }
  return save(flow, identified.account);
}

async function finishWordPress(flow: FlowCookie, url: URL): Promise<FinishResult> {
  const params = url.searchParams;
  if (params.get('error') === 'access_denied' || params.get('success') === 'false') return { ok: false, code: 'access_denied' };
  const siteUrl = params.get('site_url');
  const userLogin = params.get('user_login');
  const password = params.get('password');
  if (!siteUrl || !userLogin || !password || !flow.site) return { ok: false, code: 'provider_error' };
  const identified = await identifyWordPressSite(flow.site, { siteUrl, userLogin, password });
  if (!identified.ok) {
    if ('mismatch' in identified) return { ok: false, code: 'site_mismatch' };
    console.warn(`connect wordpress: identity_failed (${identified.detail})`);
    return { ok: false, code: 'identity_failed' };
  }
  return save(flow, identified.account);
}

async function save(flow: FlowCookie, account: Identified): Promise<FinishResult> {
  const { defaultLabel, ...rest } = account;
  const saved = await saveConnectedAccount({ ...rest, userId: flow.userId, label: flow.label ?? defaultLabel });
  return { ok: true, connectionId: saved.id, reconnected: saved.reconnected };
}
