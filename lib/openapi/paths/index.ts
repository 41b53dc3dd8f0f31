import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { connectionComponents, connectionPaths } from './connections';
import { eventComponents, eventPaths } from './events';
import { templateComponents, templatePaths } from './templates';
import { taskComponents, taskPaths } from './tasks';

// Every operation under /api/v1, one file per area. A new route file under app/api/v1 documents
// itself by adding its path (with `{param}` for a `[param]` folder) and methods to its area's file,
// or to a new area file spread in here; lib/openapi/document.test.ts fails until it does.
export const apiPaths: ZodOpenApiPathsObject = {
  ...taskPaths,
  ...connectionPaths,
  ...templatePaths,
  ...eventPaths,
  '/openapi.json': { get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1' } } } },
};

/** Named schemas: each appears once under components.schemas and is referenced wherever used. */
export const apiComponents = { ...taskComponents, ...connectionComponents, ...templateComponents, ...eventComponents };
