// Shapes shared by the sandbox server and its client; kept free of server code so tests and the app
// can import them cheaply.

export const TARGETS = ['slack', 'discord', 'x', 'wordpress', 'http'] as const;
export type Target = (typeof TARGETS)[number];

export type FaultAction =
  | { type: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { type: 'rate_limit'; retryAfterSeconds: number }
  | { type: 'server_error'; status?: 500 | 502 | 503 | 504 }
  /** Without `ms` the request is never answered; with `ms` it is answered normally after the delay. */
  | { type: 'hang'; ms?: number }
  /** The provider performs the request (stores the tweet, post or message), then the response is lost. */
  | { type: 'hang_after_create'; mode?: 'destroy' | 'hang' }
  | { type: 'auth_revoked' }
  | { type: 'duplicate' };

export interface FaultMatch {
  target: Target;
  /** Full request path prefix, e.g. `/x/2/tweets` or `/wp/wp-json/wp/v2/posts`. */
  path?: string;
  method?: string;
  /** Let the first `after` matching requests through, then fault. */
  after?: number;
  /** How many requests to fault (default 1). */
  times?: number | 'always';
}

export type FaultSpec = FaultAction & FaultMatch;

export interface Fault {
  id: string;
  spec: FaultSpec;
  skipped: number;
  applied: number;
}

export interface RecordedRequest {
  id: string;
  at: string;
  target: Target;
  /** The sandbox namespace (`u_…`) the request was addressed to, or null (DESIGN §7). */
  namespace: string | null;
  method: string;
  /** Path with secret segments (Slack webhook secret, Discord webhook token) redacted. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Scheme of the Authorization header, and the user name of Basic auth (never the secret). */
  auth?: { scheme: string; username?: string };
  body: unknown;
  bodyTruncated?: boolean;
  /** SHA-256 (hex) of the exact bytes received: lets a test prove byte-for-byte equality without keeping raw bodies. */
  bodySha256: string;
  /** HTTP status sent, or null while pending / when the response was lost. */
  status: number | null;
  outcome: 'pending' | 'answered' | 'dropped';
  fault?: FaultAction['type'];
}

export interface SlackMessage {
  id: string;
  at: string;
  webhook: string;
  text?: string;
  blocks?: unknown[];
  payload: Record<string, unknown>;
}

export interface DiscordMessage {
  id: string;
  at: string;
  webhookId: string;
  channelId: string;
  content?: string;
  embeds: unknown[];
  username?: string;
  avatarUrl?: string;
  allowedMentions?: unknown;
  payload: Record<string, unknown>;
}

export interface XUser {
  id: string;
  name: string;
  username: string;
}

export interface Tweet {
  id: string;
  text: string;
  authorId: string;
  inReplyToTweetId?: string;
  conversationId: string;
  createdAt: string;
}

export interface WordPressTerm {
  id: number;
  name: string;
  slug: string;
  taxonomy: 'category' | 'post_tag';
  description: string;
  parent: number;
}

export interface WordPressPost {
  id: number;
  title: string;
  content: string;
  excerpt: string;
  status: string;
  slug: string;
  authorId: number;
  categories: number[];
  tags: number[];
  createdAt: string;
  modifiedAt: string;
  link: string;
}

export type WordPressRole = 'administrator' | 'editor' | 'author' | 'contributor' | 'subscriber';

export interface WordPressUserInfo {
  id: number;
  username: string;
  name: string;
  role: WordPressRole;
}

export interface SandboxState {
  x: { users: XUser[]; tweets: Tweet[] };
  wordpress: { users: WordPressUserInfo[]; posts: WordPressPost[]; categories: WordPressTerm[]; tags: WordPressTerm[] };
  slack: { messages: SlackMessage[] };
  discord: { messages: DiscordMessage[] };
}

export interface IssueXTokensOptions {
  /** Existing X user id, or a user created on the fly from `username`/`name`. */
  userId?: string;
  username?: string;
  name?: string;
  scope?: string;
  /** Seconds until the access token expires (default 7200); `expired: true` issues one already expired. */
  expiresIn?: number;
  expired?: boolean;
}

export interface IssuedXTokens {
  accessToken: string;
  /** Absent when the scope lacks `offline.access`. */
  refreshToken?: string;
  expiresAt: string;
  scope: string;
  user: XUser;
}

export interface CreateWordPressUserOptions {
  username?: string;
  name?: string;
  role?: WordPressRole;
}

export interface CreatedWordPressUser {
  id: number;
  username: string;
  role: WordPressRole;
  /** 24 characters in groups of four, as WordPress shows it. */
  applicationPassword: string;
}

export type RevokeSpec =
  | { target: 'x'; token: string }
  /** Revokes every application password of the user. */
  | { target: 'wordpress'; username: string }
  /** Revokes a WordPress.com OAuth token. */
  | { target: 'wordpress'; token: string }
  | { target: 'slack'; url: string; archived?: boolean }
  | { target: 'discord'; url: string };

export interface IssuedWordPressComToken {
  accessToken: string;
  blogId: string;
  blogUrl: string;
}

export interface LimitsSettings {
  /** Enforce the providers' real rate limits (Slack 1/s, Discord 5 per 2 s, X per 15 min windows). */
  enforce: boolean;
}
