import { httpPost } from './http-post';
import { slackWebhook } from './slack-webhook';
import { discordWebhook } from './discord-webhook';
import { twitterThread } from './twitter-thread';
import { wordpressPost } from './wordpress-post';
import type { Integration } from './types';

// One line per integration kind; nothing else needs to change to add one.
const integrations: Integration[] = [
  httpPost,
  slackWebhook,
  discordWebhook,
  twitterThread,
  wordpressPost,
];

const byKind = new Map(integrations.map((i) => [i.kind, i]));

export function listIntegrations(): Integration[] {
  return integrations;
}

export function getIntegration(kind: string): Integration | undefined {
  return byKind.get(kind);
}

export const integrationKinds = (): string[] => integrations.map((i) => i.kind);
