import { env } from '@/lib/env';
import type { Integration } from '@/lib/integrations/types';
import { DeliveryError } from '@/lib/integrations/types';
import { deliverSlack } from './deliver';
import { renderSlack } from './render';
import { slackConfigSchema, slackSecretSchema, type SlackConfig, type SlackPayload, type SlackSecret } from './schema';
import { SLACK_LIMITS, validateSlackPayload } from './validate';
import { requireSlackWebhookUrl } from './webhook-url';

const TEST_MESSAGE = 'Outpost test message: this Slack connection works.';

/** Slack incoming webhook (DESIGN §3.1, §4): Markdown as mrkdwn, or Block Kit JSON. */
export const slackWebhook: Integration<SlackConfig, SlackPayload, SlackSecret, never> = {
  kind: 'slack-webhook',
  displayName: 'Slack (incoming webhook)',
  description: 'Post a message to a Slack channel through an incoming webhook: Markdown converted to mrkdwn, or Block Kit blocks.',
  authType: 'webhook-url',
  connection: 'required',
  configSchema: slackConfigSchema as never,
  secretSchema: slackSecretSchema as never,
  // Slack allows about one message per second per webhook.
  rateLimit: { perConnection: { capacity: 1, refillPerSecond: 1 } },
  limits: {
    blocks: SLACK_LIMITS.blocks,
    sectionText: SLACK_LIMITS.sectionText,
    text: SLACK_LIMITS.text,
    messagesPerSecondPerWebhook: 1,
  },
  defaultTemplate: '{{ input.text | default: input.summary | default: input }}',

  async render(rendered, config) {
    return renderSlack(rendered.body, config);
  },

  validate(payload) {
    return validateSlackPayload(payload);
  },

  deliver(payload, auth, ctx) {
    if (!auth) throw new DeliveryError({ type: 'permanent', reason: 'slack-webhook needs a connection' });
    return deliverSlack(payload, auth.secret, ctx);
  },

  // Slack offers no way to check a webhook without posting, so saving checks the format only;
  // "Test" posts a visible test message.
  async prepareConnection(secret) {
    const hook = requireSlackWebhookUrl(secret.webhookUrl, env().OUTPOST_SLACK_WEBHOOK_BASE);
    return { secret: { webhookUrl: hook.url }, hint: hook.hint, metadata: { team: hook.team, bot: hook.bot, verified: 'format' } };
  },

  async testConnection(secret, { allowedTargets }) {
    try {
      await deliverSlack({ text: TEST_MESSAGE }, secret, { record: () => {}, allowedTargets, signal: AbortSignal.timeout(15_000) });
      return { ok: true, message: 'Slack accepted a test message' };
    } catch (error) {
      const reason = error instanceof DeliveryError ? error.classification.reason : 'the request failed';
      return { ok: false, message: reason };
    }
  },
};
