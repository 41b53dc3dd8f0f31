import { withErrors } from '@/lib/api/with-auth';
import { openApiDocument } from '@/lib/openapi/document';

// GET /api/v1/openapi.json (no auth): generated from the handlers' zod schemas.
export const GET = withErrors(async () => Response.json(openApiDocument()));
