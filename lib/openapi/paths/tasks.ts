import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import {
  attemptListSchema,
  batchCreateDocSchema,
  batchResultSchema,
  createTaskSchema,
  listTasksQuerySchema,
  patchTaskSchema,
  previewResultSchema,
  previewSchema,
  taskListSchema,
  taskViewSchema,
} from '@/lib/tasks/schemas';
import { body, conflict, errors, idPath, json } from './shared';

// app/api/v1/tasks/** and app/api/v1/preview.
export const taskComponents = {
  CreateTask: createTaskSchema,
  PatchTask: patchTaskSchema,
  BatchCreate: batchCreateDocSchema,
  Task: taskViewSchema,
  TaskList: taskListSchema,
  BatchResult: batchResultSchema,
  AttemptList: attemptListSchema,
  Preview: previewSchema,
  PreviewResult: previewResultSchema,
};

const task = (description: string) => json(taskViewSchema, description);

export const taskPaths: ZodOpenApiPathsObject = {
  '/tasks': {
    get: {
      summary: 'List tasks',
      description: 'Newest first. Pass nextCursor as cursor to get the next page; nextCursor is null on the last page.',
      requestParams: { query: listTasksQuerySchema },
      responses: { '200': json(taskListSchema, '{data, nextCursor}'), ...errors },
    },
    post: {
      summary: 'Create a task',
      description: 'Idempotency: an Idempotency-Key header (or idempotencyKey field) with the same body returns the first task (200); with a different body 409.',
      requestParams: { header: z.object({ 'Idempotency-Key': z.string().max(255).optional() }) },
      requestBody: body(createTaskSchema),
      responses: { '201': task('Created'), '200': task('Replay of an earlier request with the same Idempotency-Key'), ...errors, ...conflict },
    },
  },
  '/tasks/batch': {
    post: {
      summary: 'Create up to 500 tasks in one transaction',
      description: 'All tasks are validated first; errors name tasks[i].field.',
      requestBody: body(batchCreateDocSchema),
      responses: { '201': json(batchResultSchema, 'The tasks, in request order'), ...errors },
    },
  },
  '/tasks/{id}': {
    get: { summary: 'Read a task', requestParams: idPath, responses: { '200': task('The task'), ...errors } },
    patch: {
      summary: 'Edit a draft or scheduled task',
      requestParams: idPath,
      requestBody: body(patchTaskSchema),
      responses: { '200': task('The edited task'), ...errors, ...conflict },
    },
    delete: { summary: 'Cancel (if needed) and delete a task; 409 while running', requestParams: idPath, responses: { '204': { description: 'Deleted' }, ...errors, ...conflict } },
  },
  '/tasks/{id}/run': { post: { summary: 'Run a draft (or a scheduled task) now', requestParams: idPath, responses: { '200': task('The task'), ...errors, ...conflict } } },
  '/tasks/{id}/cancel': {
    post: {
      summary: 'Cancel a task',
      description: 'A running task finishes its current attempt, then stops without retrying.',
      requestParams: idPath,
      responses: { '200': task('The task'), ...errors, ...conflict },
    },
  },
  '/tasks/{id}/retry': { post: { summary: 'Re-queue a failed task (attempts reset to 0)', requestParams: idPath, responses: { '200': task('The task'), ...errors, ...conflict } } },
  '/tasks/{id}/attempts': { get: { summary: 'The delivery log of a task', requestParams: idPath, responses: { '200': json(attemptListSchema, '{data: Attempt[]}'), ...errors } } },
  '/preview': {
    post: {
      summary: 'Render a task without delivering it',
      requestBody: body(previewSchema),
      responses: { '200': json(previewResultSchema, 'Payload, provider validation and whether the condition holds'), ...errors },
    },
  },
};
