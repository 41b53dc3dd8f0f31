import { z } from 'zod';
import { taskEventTypes } from '@/lib/db/schema/events';

// The zod schemas of /api/v1/event-endpoints, apart from the server code: lib/openapi documents the
// routes from these very objects.

export const MAX_EVENT_ENDPOINTS = 20;

const urlField = z.string().max(2048).url('must be an absolute http(s) URL').describe('Receives each event as a signed POST (Standard Webhooks)');
const eventsField = z
  .array(z.enum(taskEventTypes))
  .min(1, 'must name at least one event')
  .max(taskEventTypes.length)
  .transform((events) => [...new Set(events)])
  .describe(`Events to send: ${taskEventTypes.join(', ')}`);
const descriptionField = z.string().trim().max(500).describe('A note for people');

export const createEventEndpointSchema = z.object({ url: urlField, events: eventsField, description: descriptionField.optional() }).strict();
export const patchEventEndpointSchema = z
  .object({
    url: urlField.optional(),
    events: eventsField.optional(),
    description: descriptionField.nullable().optional(),
    enabled: z.boolean().optional().describe('false pauses deliveries (events meanwhile are not kept)'),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'give at least one field to change' });

export const eventEndpointViewSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.enum(taskEventTypes)),
  description: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const createdEventEndpointSchema = eventEndpointViewSchema.extend({
  secret: z.string().describe('whsec_… signing secret for Standard Webhooks verification; shown only in this answer'),
});
export type EventEndpointView = z.output<typeof eventEndpointViewSchema>;

export const eventDeliveryViewSchema = z.object({
  id: z.uuid().describe('The delivery task (GET /tasks/{id}/attempts has its attempt log)'),
  eventId: z.string().describe('webhook-id of the request'),
  type: z.string(),
  taskId: z.string().nullable().describe('The task the event is about'),
  status: z.string(),
  attempts: z.number().int(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EventDeliveryView = z.output<typeof eventDeliveryViewSchema>;

