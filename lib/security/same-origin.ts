import { appOrigin } from '@/lib/connect/origin';

/**
 * This app's origins for a request: the configured public URL (AUTH_URL) and the host the request
 * was addressed to (the same app reached as 127.0.0.1 instead of localhost). A page on another
 * site or another port of the same host cannot make a browser send either as its `Origin`.
 */
export function ownOrigins(request: Request): string[] {
  const own = new URL(request.url);
  const host = request.headers.get('host');
  return [...new Set([appOrigin(request), own.origin, ...(host ? [`${own.protocol}//${host}`] : [])])];
}

/**
 * Whether a state-changing request comes from this app's own pages. Browsers send `Origin` on
 * every POST (form or fetch); where it is missing, `Sec-Fetch-Site` still says whether the page
 * was ours. A request with neither is refused: every browser this app supports sends one of them.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (origin !== null) return ownOrigins(request).includes(origin);
  return request.headers.get('sec-fetch-site') === 'same-origin';
}
