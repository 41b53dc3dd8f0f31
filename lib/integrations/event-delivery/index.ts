import { z } from 'zod';
import { deliverHttpPost } from '@/lib/integrations/http-post/deliver';
import type { Integration } from '@/lib/integrations/types';

// Task events (DESIGN §3.4) are delivered by the engine as tasks of this internal kind, so they get
// what every delivery gets: the SSRF-guarded client, retries with backoff, the attempt log and the
// per-user fairness of the queues. The payload is the event exactly as the relay wrote it.

export const EVENT_DELIVERY_KIND = 'event-delivery';

export const eventDeliveryConfigSchema = z
  .object({
    url: z.string().url(),
    /** `webhook-id`: the same on every attempt and every resend of this event. */
    eventId: z.string().min(1),
    /** The endpoint it goes to, or null for a task's own `notify` target. */
    endpointId: z.string().nullable().default(null),
  })
  .strict();
type EventDeliveryConfig = z.output<typeof eventDeliveryConfigSchema>;
type EventDeliverySecret = { signingSecret: string };
type EventDeliveryPayload = { body: string; contentType: 'application/json' };

export const eventDelivery: Integration<EventDeliveryConfig, EventDeliveryPayload, EventDeliverySecret, never> = {
  kind: EVENT_DELIVERY_KIND,
  internal: true,
  displayName: 'Task event',
  description: 'A task event sent to an event endpoint as a Standard Webhooks request.',
  authType: 'none',
  connection: 'optional',
  configSchema: eventDeliveryConfigSchema as never,
  secretSchema: null,
  rateLimit: {},
  limits: {},
  defaultTemplate: '',

  async render(rendered) {
    // The event body is data the engine wrote, not a person's template: sent as its JSON.
    return { body: JSON.stringify(rendered.context.input), contentType: 'application/json' };
  },

  validate() {
    return [];
  },

  deliver(payload, auth, ctx, config) {
    // With an endpoint's secret it is signed; a task's notify target has no secret of its own.
    return deliverHttpPost(
      payload,
      auth ? { secret: { signingSecret: auth.secret.signingSecret } } : null,
      ctx,
      { url: config.url, method: 'POST', headers: {}, contentType: 'application/json', timeoutMs: 10_000, sign: Boolean(auth) },
      config.eventId,
    );
  },
};
