import { withErrors } from '@/lib/api/with-auth';
import { notFound } from '@/lib/errors';

// Any /api/v1 path no route claims: the JSON error envelope, not the HTML 404 page.
const unknownRoute = withErrors(async () => {
  throw notFound('API route');
});

export const GET = unknownRoute;
export const POST = unknownRoute;
export const PUT = unknownRoute;
export const PATCH = unknownRoute;
export const DELETE = unknownRoute;
