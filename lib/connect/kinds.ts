// The accounts a person can connect through a provider's consent page (DESIGN §3.2), and the
// integration each one serves. Safe for client components: no server imports.

export const connectKinds = ['x', 'slack', 'discord', 'wordpress-com', 'wordpress'] as const;
export type ConnectKind = (typeof connectKinds)[number];

export const connectKindInfo: Record<ConnectKind, { integration: string; provider: string; description: string }> = {
  x: { integration: 'twitter-thread', provider: 'X', description: 'Post threads from an X account.' },
  slack: { integration: 'slack-webhook', provider: 'Slack', description: 'Post to a channel you pick in Slack.' },
  discord: { integration: 'discord-webhook', provider: 'Discord', description: 'Post to a server channel you pick in Discord.' },
  'wordpress-com': { integration: 'wordpress-post', provider: 'WordPress.com', description: 'Create draft posts on a WordPress.com site.' },
  wordpress: {
    integration: 'wordpress-post',
    provider: 'WordPress (self-hosted)',
    description: 'Create draft posts on your own WordPress site; it hands Outpost an application password.',
  },
};

// Integration kinds an agent may name instead (they map to one connect kind each).
const aliases: Record<string, ConnectKind> = { 'twitter-thread': 'x', twitter: 'x', 'slack-webhook': 'slack', 'discord-webhook': 'discord' };

export function parseConnectKind(value: string): ConnectKind | undefined {
  if ((connectKinds as readonly string[]).includes(value)) return value as ConnectKind;
  return aliases[value];
}
