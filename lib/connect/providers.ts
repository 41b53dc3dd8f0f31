import 'server-only';
import Discord from 'next-auth/providers/discord';
import Slack from 'next-auth/providers/slack';
import Twitter from 'next-auth/providers/twitter';
import WordPress from 'next-auth/providers/wordpress';
import * as oauth from 'oauth4webapi';
import { env } from '@/lib/env';
import type { ConnectKind } from './kinds';

/** What the connect flow needs to know about one OAuth 2.0 provider. */
export interface OAuthProvider {
  /** The Auth.js provider id the definition came from. */
  authJsId: string;
  name: string;
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  clientAuth: oauth.ClientAuth;
  scope?: string;
  /** Token types other than bearer the provider hands out (Slack: `bot`). */
  tokenTypes?: string[];
}

type ProviderKind = Exclude<ConnectKind, 'wordpress'>;
export type Configured = { ok: true; provider: OAuthProvider } | { ok: false; missing: string };

const urlOf = (endpoint: unknown): URL => new URL(typeof endpoint === 'string' ? endpoint : (endpoint as { url: string }).url);

/**
 * Moves an endpoint of a next-auth definition onto a configured base URL, keeping its path, so
 * `https://discord.com/api/oauth2/token` with base `http://127.0.0.1:4400/discord` becomes
 * `http://127.0.0.1:4400/discord/api/oauth2/token`. Query parameters (default scopes) are dropped:
 * each connect kind asks for its own.
 */
function rebase(endpoint: unknown, base: string): string {
  return `${base.replace(/\/+$/, '')}${urlOf(endpoint).pathname}`;
}

/**
 * The four providers, from next-auth's definitions (`next-auth/providers/*`): their ids, names and
 * endpoint paths, with the scopes posting needs instead of sign-in's, and the hosts taken from
 * configuration so the sandbox stands in for the real services. Slack's definition is "Sign in
 * with Slack" (OpenID Connect, discovered from its issuer); posting needs the OAuth v2 app install
 * (`incoming-webhook`), whose endpoints on that issuer are Slack's documented ones.
 */
export function oauthProvider(kind: ProviderKind): Configured {
  const e = env();
  switch (kind) {
    case 'x': {
      const def = Twitter({});
      return configured(def.id, 'X', e.OUTPOST_X_CLIENT_ID, e.OUTPOST_X_CLIENT_SECRET, 'OUTPOST_X_CLIENT_ID', {
        issuer: new URL(e.OUTPOST_X_AUTHORIZE_URL).origin,
        authorization_endpoint: e.OUTPOST_X_AUTHORIZE_URL,
        token_endpoint: e.OUTPOST_X_TOKEN_URL,
        userinfo_endpoint: rebase(def.userinfo, e.OUTPOST_X_API_BASE),
        revocation_endpoint: e.OUTPOST_X_TOKEN_URL.replace(/\/token$/, '/revoke'),
      }, { scope: 'tweet.read tweet.write users.read offline.access', basicWhenSecret: true });
    }
    case 'slack': {
      const def = Slack({});
      const base = e.OUTPOST_SLACK_OAUTH_BASE;
      return configured(def.id, 'Slack', e.OUTPOST_SLACK_CLIENT_ID, e.OUTPOST_SLACK_CLIENT_SECRET, 'OUTPOST_SLACK_CLIENT_ID and OUTPOST_SLACK_CLIENT_SECRET', {
        issuer: new URL(def.issuer!).origin,
        authorization_endpoint: `${base.replace(/\/+$/, '')}/oauth/v2/authorize`,
        token_endpoint: `${base.replace(/\/+$/, '')}/api/oauth.v2.access`,
        revocation_endpoint: `${base.replace(/\/+$/, '')}/api/auth.revoke`,
      }, { scope: 'incoming-webhook', tokenTypes: ['bot'] });
    }
    case 'discord': {
      const def = Discord({});
      const base = e.OUTPOST_DISCORD_OAUTH_BASE;
      const token = rebase(def.token, base);
      return configured(def.id, 'Discord', e.OUTPOST_DISCORD_CLIENT_ID, e.OUTPOST_DISCORD_CLIENT_SECRET, 'OUTPOST_DISCORD_CLIENT_ID and OUTPOST_DISCORD_CLIENT_SECRET', {
        issuer: urlOf(def.token).origin,
        authorization_endpoint: rebase(def.authorization, base),
        token_endpoint: token,
        revocation_endpoint: `${token}/revoke`,
      }, { scope: 'webhook.incoming', basicWhenSecret: true });
    }
    case 'wordpress-com': {
      const def = WordPress({});
      const base = e.OUTPOST_WPCOM_BASE;
      // No scope: WordPress.com then asks the person for one blog and returns its id and URL.
      return configured(def.id, 'WordPress.com', e.OUTPOST_WPCOM_CLIENT_ID, e.OUTPOST_WPCOM_CLIENT_SECRET, 'OUTPOST_WPCOM_CLIENT_ID and OUTPOST_WPCOM_CLIENT_SECRET', {
        issuer: urlOf(def.token).origin,
        authorization_endpoint: rebase(def.authorization, base),
        token_endpoint: rebase(def.token, base),
      }, {});
    }
  }
}

function configured(
  authJsId: string,
  name: string,
  clientId: string | undefined,
  clientSecret: string | undefined,
  missing: string,
  as: oauth.AuthorizationServer,
  opts: { scope?: string; tokenTypes?: string[]; basicWhenSecret?: boolean },
): Configured {
  // X apps may be public (PKCE only); the others always authenticate with a secret.
  const secretRequired = authJsId !== 'twitter';
  if (!clientId || (secretRequired && !clientSecret)) return { ok: false, missing };
  const clientAuth = !clientSecret ? oauth.None() : opts.basicWhenSecret ? oauth.ClientSecretBasic(clientSecret) : oauth.ClientSecretPost(clientSecret);
  return {
    ok: true,
    provider: {
      authJsId,
      name,
      as,
      client: { client_id: clientId },
      clientAuth,
      ...(opts.scope ? { scope: opts.scope } : {}),
      ...(opts.tokenTypes ? { tokenTypes: opts.tokenTypes } : {}),
    },
  };
}
