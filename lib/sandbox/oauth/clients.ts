// The OAuth clients the sandbox's providers know, as if registered in each provider's developer
// console. Outpost's sandbox defaults (lib/sandbox/urls.ts) use these, so `npm start` and the tests
// connect accounts without any setup. They are development values, not secrets.
export type SandboxOAuthProvider = 'x' | 'slack' | 'discord' | 'wpcom';

export interface SandboxOAuthClient {
  id: string;
  /** Absent for public clients (X's PKCE-only apps). */
  secret?: string;
}

export const SANDBOX_OAUTH_CLIENTS: Record<SandboxOAuthProvider, SandboxOAuthClient> = {
  x: { id: 'outpost-local' },
  slack: { id: '1000000001.2000000001', secret: 'sandbox-slack-client-secret' },
  discord: { id: '1100000000000000001', secret: 'sandbox-discord-client-secret' },
  wpcom: { id: '90001', secret: 'sandbox-wpcom-client-secret' },
};
