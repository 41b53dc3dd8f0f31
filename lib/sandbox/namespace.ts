import { createHmac } from 'node:crypto';

// The sandbox is shared by everyone signed in to one instance (DESIGN §7): each user gets a
// namespace that their example values carry, and the Sandbox page lists only requests to it.
// `u_` + 13 hex digits (52 bits, as many as an X username's 15 characters hold): valid as an X
// username, a Slack team id, a URL path segment and a WordPress user name. Derived with a key the
// users do not have, so no one can compute another user's namespace from their id, nor find one by
// trying. HTTP requests someone else posts to a known address are marked on the Sandbox page.

export const SANDBOX_NAMESPACE = /^u_[0-9a-f]{13}$/u;

export function sandboxNamespace(userId: string, key: string): string {
  return `u_${createHmac('sha256', key).update(`sandbox-namespace:${userId}`).digest('hex').slice(0, 13)}`;
}

export const isSandboxNamespace = (value: string | undefined | null): value is string => Boolean(value && SANDBOX_NAMESPACE.test(value));

/** The Discord webhook id (a snowflake) of a namespace's example webhook. */
export function discordWebhookIdFor(namespace: string): string {
  return String(BigInt(`0x${namespace.slice(2)}`) + 1_000_000_000_000_000_000n);
}
