import { auth } from '@/lib/auth/config';
import { verifyApiKey } from '@/lib/auth/api-keys';
import { checkRouteParams } from './read-body';
import { limitApiRequests } from './rate-limit';
import { AppError, errorResponse } from '@/lib/errors';
import { inSpan, routeOf, SpanKind } from '@/lib/tracing';

export type AuthedContext<P> = { request: Request; userId: string; params: P };
type RouteContext<P> = { params: Promise<P> };

async function authenticate(request: Request): Promise<string> {
  const header = request.headers.get('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const userId = match ? await verifyApiKey(match[1]!) : null;
    if (!userId) {
      throw new AppError('unauthorized', match ? 'Invalid or revoked API key' : 'Authorization header must be "Bearer <api key>"');
    }
    return userId;
  }
  const session = await auth();
  if (session?.user?.id) return session.user.id;
  throw new AppError('unauthorized', 'Authentication required: send "Authorization: Bearer <api key>" or sign in');
}

/** Wraps a route handler: authenticates (API key or session), maps every error to the envelope. */
export function withAuth<P = Record<string, never>>(handler: (ctx: AuthedContext<P>) => Promise<Response>) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    const route = routeOf(request.url);
    // The API span: the root of a task's trace (Next.js's own request span above it when it traces).
    return inSpan(
      `api ${request.method} ${route}`,
      { 'http.request.method': request.method, 'http.route': route },
      async (span) => {
        let response: Response;
        try {
          const userId = await authenticate(request);
          await limitApiRequests(userId);
          const params = (await context?.params) ?? ({} as P);
          checkRouteParams(params);
          response = await handler({ request, userId, params });
        } catch (error) {
          response = errorResponse(error);
        }
        span.setAttribute('http.response.status_code', response.status);
        return response;
      },
      SpanKind.SERVER,
    );
  };
}

/** The same error mapping for routes that need no authentication. */
export function withErrors<P = Record<string, never>>(handler: (request: Request, params: P) => Promise<Response>) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      const params = (await context?.params) ?? ({} as P);
      checkRouteParams(params);
      return await handler(request, params);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
