import 'server-only';
import { saveConnection, type OAuthProviderId } from '@/lib/credentials';

/** An account the connect flow verified, ready to be stored. */
export interface ConnectedAccount {
  userId: string;
  /** The integration kind the connection serves (twitter-thread, slack-webhook, ...). */
  kind: string;
  /** The provider's id for what was connected (X user id, Slack team/channel, WordPress site|user...). */
  externalAccountId: string;
  /** Used for a new connection; a reconnect keeps the label it had. */
  label: string;
  secret: Record<string, unknown>;
  hint: string;
  metadata: Record<string, unknown>;
  tokenExpiresAt: Date | null;
  /** Whose OAuth server issued the tokens, so refresh and revoke find its endpoints. */
  oauthProvider?: OAuthProviderId;
}

/** Stored encrypted by lib/credentials; the same external account again updates its connection. */
export async function saveConnectedAccount(account: ConnectedAccount): Promise<{ id: string; reconnected: boolean }> {
  const { userId, ...input } = account;
  const saved = await saveConnection(userId, input);
  return { id: saved.connection.id, reconnected: saved.reconnected };
}
