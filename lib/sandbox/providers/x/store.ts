import { numericIdFactory, opaqueToken } from '../../ids';
import type { IssuedXTokens, IssueXTokensOptions, Tweet, XUser } from '../../types';

export const DEFAULT_SCOPE = 'tweet.read tweet.write users.read offline.access';
export const ACCESS_TOKEN_SECONDS = 7200;
/** Tokens issued through the control API may be refreshed by whichever client Outpost is configured with. */
export const ANY_CLIENT = '*';

export interface AccessToken {
  userId: string;
  clientId: string;
  scope: string;
  expiresAt: number;
}

export interface RefreshToken {
  userId: string;
  clientId: string;
  scope: string;
}

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256' | 'plain';
  scope: string;
  userId: string;
  expiresAt: number;
}

/** Everything the sandbox X knows: users, tokens, authorization codes and tweets. */
export class XStore {
  readonly users = new Map<string, XUser>();
  readonly tweets = new Map<string, Tweet>();
  readonly accessTokens = new Map<string, AccessToken>();
  readonly refreshTokens = new Map<string, RefreshToken>();
  readonly codes = new Map<string, AuthorizationCode>();
  private readonly nextUserId = numericIdFactory(1_500_000_000_000_000_001n);
  private readonly nextTweetId = numericIdFactory(1_900_000_000_000_000_001n);
  defaultUser!: XUser;

  constructor() {
    this.reset();
  }

  reset(): void {
    for (const map of [this.users, this.tweets, this.accessTokens, this.refreshTokens, this.codes]) map.clear();
    this.defaultUser = this.addUser('sandbox_user', 'Sandbox User');
  }

  addUser(username: string, name: string): XUser {
    const user = { id: this.nextUserId(), name, username };
    this.users.set(user.id, user);
    return user;
  }

  /** Issues an access token (and a refresh token when the scope allows offline access). */
  issue(userId: string, clientId: string, scope: string, expiresInSeconds = ACCESS_TOKEN_SECONDS) {
    const accessToken = opaqueToken();
    this.accessTokens.set(accessToken, { userId, clientId, scope, expiresAt: Date.now() + expiresInSeconds * 1000 });
    let refreshToken: string | undefined;
    if (scope.split(' ').includes('offline.access')) {
      refreshToken = opaqueToken();
      this.refreshTokens.set(refreshToken, { userId, clientId, scope });
    }
    return { accessToken, refreshToken, expiresIn: expiresInSeconds };
  }

  issueForTests(options: IssueXTokensOptions): IssuedXTokens {
    const user = this.resolveUser(options);
    const scope = options.scope ?? DEFAULT_SCOPE;
    const expiresIn = options.expired ? -1 : (options.expiresIn ?? ACCESS_TOKEN_SECONDS);
    const issued = this.issue(user.id, ANY_CLIENT, scope, expiresIn);
    return {
      accessToken: issued.accessToken,
      ...(issued.refreshToken ? { refreshToken: issued.refreshToken } : {}),
      expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString(),
      scope,
      user,
    };
  }

  /** The user behind a live access token, or undefined when unknown, expired or revoked. */
  userForAccessToken(token: string | undefined): XUser | undefined {
    const entry = token ? this.accessTokens.get(token) : undefined;
    if (!entry || entry.expiresAt <= Date.now()) return undefined;
    return this.users.get(entry.userId);
  }

  /** Revokes an access or refresh token; revoking a refresh token also ends its user's access tokens from the same client. */
  revoke(token: string): boolean {
    if (this.accessTokens.delete(token)) return true;
    const refresh = this.refreshTokens.get(token);
    if (!refresh) return false;
    this.refreshTokens.delete(token);
    for (const [value, access] of this.accessTokens) {
      if (access.userId === refresh.userId && access.clientId === refresh.clientId) this.accessTokens.delete(value);
    }
    return true;
  }

  addTweet(authorId: string, text: string, inReplyToTweetId?: string): Tweet {
    const id = this.nextTweetId();
    const parent = inReplyToTweetId ? this.tweets.get(inReplyToTweetId) : undefined;
    const tweet: Tweet = {
      id,
      text,
      authorId,
      ...(inReplyToTweetId ? { inReplyToTweetId } : {}),
      conversationId: parent?.conversationId ?? id,
      createdAt: new Date().toISOString(),
    };
    this.tweets.set(id, tweet);
    return tweet;
  }

  isDuplicate(authorId: string, text: string): boolean {
    for (const tweet of this.tweets.values()) if (tweet.authorId === authorId && tweet.text === text) return true;
    return false;
  }

  private resolveUser(options: IssueXTokensOptions): XUser {
    if (options.userId) {
      const user = this.users.get(options.userId);
      if (!user) throw new Error(`unknown X user ${options.userId}`);
      return user;
    }
    if (!options.username) return this.defaultUser;
    const existing = [...this.users.values()].find((u) => u.username === options.username);
    return existing ?? this.addUser(options.username, options.name ?? options.username);
  }
}
