/**
 * This app's origin as the browser sees it: AUTH_URL when configured (behind a proxy the request
 * URL may name an internal host), else the request's own. The OAuth redirect_uri is built from it,
 * so the start and the callback agree.
 */
export function appOrigin(request: Request): string {
  const configured = process.env.AUTH_URL;
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // fall through to the request
    }
  }
  return new URL(request.url).origin;
}
