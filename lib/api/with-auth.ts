import { auth } from '@/lib/auth/config';
import { verifyApiKey } from '@/lib/auth/api-keys';
import { checkRouteParams } from './read-body';
import { limitApiRequests } from './rate-limit';
import { AppError, errorResponse } from '@/lib/errors';
import { isSameOrigin } from '@/lib/security/same-origin';
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
  if (session?.user?.id) {
    checkCookieWrite(request);
    return session.user.id;
  }
  throw new AppError('unauthorized', 'Authentication required: send "Authorization: Bearer <api key>" or sign in');
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser sends the session cookie along with requests other sites' pages make (a form post, a
 * no-cors fetch from another port of the same host), so a cookie-authenticated write is accepted
 * only from this app's own pages: a same-origin `Origin`, and a JSON body type — which a page
 * elsewhere cannot send without a CORS preflight this API never answers. API keys are not sent by
 * browsers on their own, so they need neither.
 */
function checkCookieWrite(request: Request): void {
  if (READS.has(request.method)) return;
  if (!isSameOrigin(request)) {
    throw new AppError('forbidden', 'A request authenticated by the session cookie must come from this app\'s own pages (same Origin); agents use an API key');
  }
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new AppError('unsupported_media_type', 'A request authenticated by the session cookie must send Content-Type: application/json', [
      { path: 'content-type', message: 'must be application/json' },
    ]);
  }
}

/** API answers are one account's data at one moment: no cache (a browser's, a proxy's) keeps them. */
function noStore(response: Response): Response {
  if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
  return response;
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
          response = noStore(await handler({ request, userId, params }));
        } catch (error) {
          response = noStore(errorResponse(error));
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
      return noStore(await handler(request, params));
    } catch (error) {
      return noStore(errorResponse(error));
    }
  };
}
