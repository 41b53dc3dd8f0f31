import { httpPost } from './http-post';
import { slackWebhook } from './slack-webhook';
import { discordWebhook } from './discord-webhook';
import { twitterThread } from './twitter-thread';
import { wordpressPost } from './wordpress-post';
import { eventDelivery } from './event-delivery';
import type { Integration } from './types';

// One line per integration kind; nothing else needs to change to add one.
const integrations: Integration[] = [
  httpPost,
  slackWebhook,
  discordWebhook,
  twitterThread,
  wordpressPost,
  // Internal: the engine's own deliveries of task events (DESIGN §3.4), never a kind users pick.
  eventDelivery,
];

const byKind = new Map(integrations.map((i) => [i.kind, i]));
const publicIntegrations = integrations.filter((i) => !i.internal);

/** The kinds a person or an agent may use (tasks, connections, templates). */
export function listIntegrations(): Integration[] {
  return publicIntegrations;
}

/** Any kind the engine delivers, internal ones included; see publicIntegration for user input. */
export function getIntegration(kind: string): Integration | undefined {
  return byKind.get(kind);
}

/** A kind named by a user: internal kinds do not exist for them. */
export function publicIntegration(kind: string): Integration | undefined {
  const integration = byKind.get(kind);
  return integration?.internal ? undefined : integration;
}

export const integrationKinds = (): string[] => publicIntegrations.map((i) => i.kind);

/** Every kind with a delivery queue. */
export const deliveryKinds = (): string[] => integrations.map((i) => i.kind);
