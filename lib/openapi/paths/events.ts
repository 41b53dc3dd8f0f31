import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { createdEventEndpointSchema, createEventEndpointSchema, eventDeliveryViewSchema, eventEndpointViewSchema, patchEventEndpointSchema } from '@/lib/events/schemas';
import { approveTaskSchema, rejectTaskSchema, taskViewSchema } from '@/lib/tasks/schemas';
import { body, conflict, errors, errorSchema, idPath, json } from './shared';

// app/api/v1/event-endpoints/** and the approval routes app/api/v1/tasks/[id]/{approve,reject} (DESIGN §3.4).
export const eventComponents = {
  ApproveTask: approveTaskSchema,
  RejectTask: rejectTaskSchema,
  CreateEventEndpoint: createEventEndpointSchema,
  PatchEventEndpoint: patchEventEndpointSchema,
  EventEndpoint: eventEndpointViewSchema,
  CreatedEventEndpoint: createdEventEndpointSchema,
  EventDelivery: eventDeliveryViewSchema,
};

const personOnly = (what: string) => ({ '403': json(errorSchema, `An API key cannot ${what}: a person must, signed in`) });

export const eventPaths: ZodOpenApiPathsObject = {
  '/tasks/{id}/approve': {
    post: {
      summary: 'Approve a task awaiting approval (a signed-in person only)',
      description: 'Queues the held payload, or `payload` (edited, re-validated against the provider limits). An API key gets 403: a person must approve.',
      requestParams: idPath,
      requestBody: { required: false, content: { 'application/json': { schema: approveTaskSchema } } },
      responses: { '200': json(taskViewSchema, 'The task, queued'), ...personOnly('approve'), ...errors, ...conflict },
    },
  },
  '/tasks/{id}/reject': {
    post: {
      summary: 'Reject a task awaiting approval (a signed-in person only)',
      requestParams: idPath,
      requestBody: body(rejectTaskSchema),
      responses: { '200': json(taskViewSchema, 'The task, cancelled with the reason as lastError'), ...personOnly('reject'), ...errors, ...conflict },
    },
  },
  '/event-endpoints': {
    get: { summary: 'List event endpoints', responses: { '200': json(z.object({ data: z.array(eventEndpointViewSchema) }), '{data}'), ...errors } },
    post: {
      summary: 'Add an event endpoint',
      description: 'Task events are POSTed to `url` as Standard Webhooks requests signed with the returned `secret` (shown only here).',
      requestBody: body(createEventEndpointSchema),
      responses: { '201': json(createdEventEndpointSchema, 'The endpoint and its signing secret'), ...errors },
    },
  },
  '/event-endpoints/{id}': {
    get: { summary: 'Read an event endpoint', requestParams: idPath, responses: { '200': json(eventEndpointViewSchema, 'The endpoint'), ...errors } },
    patch: { summary: 'Change an event endpoint', requestParams: idPath, requestBody: body(patchEventEndpointSchema), responses: { '200': json(eventEndpointViewSchema, 'The endpoint'), ...errors } },
    delete: { summary: 'Delete an event endpoint and its secret', requestParams: idPath, responses: { '204': { description: 'Deleted' }, ...errors } },
  },
  '/event-endpoints/{id}/deliveries': {
    get: { summary: 'Recent deliveries of an endpoint (50, newest first)', requestParams: idPath, responses: { '200': json(z.object({ data: z.array(eventDeliveryViewSchema) }), '{data}'), ...errors } },
  },
  '/event-endpoints/{id}/deliveries/{deliveryId}/resend': {
    post: {
      summary: 'Send an event again (same body, same webhook-id)',
      requestParams: { path: z.object({ id: z.uuid(), deliveryId: z.uuid() }) },
      responses: { '201': json(eventDeliveryViewSchema, 'The new delivery'), ...errors },
    },
  },
};
