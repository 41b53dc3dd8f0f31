import http from 'node:http';
import { PEER_ADDRESS_HEADER } from '@/lib/auth/client-address';

const INSTALLED = Symbol.for('outpost.incoming-requests');

/** A path whose percent-encoding does not decode to UTF-8 (`/tasks/%ED%A0%80`): no route can take it. */
function malformedPath(url: string | undefined): boolean {
  if (!url || !url.includes('%')) return false;
  const path = url.split('?')[0]!;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/**
 * What every request to this process goes through before Next.js sees it:
 * - the socket's peer address is stamped on it (PEER_ADDRESS_HEADER, replacing any value a client
 *   sent): Next.js keeps a client's own X-Forwarded-For and drops the socket's address, so nothing
 *   after this point could tell who connected (sign-in limits need it);
 * - a path that is not valid percent-encoded UTF-8 gets a 400 in the API's error envelope (Next.js
 *   would answer a plain-text 500 when it fails to decode a route parameter).
 */
export function installIncomingRequestChecks(): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  const emit = proto.emit as (...args: unknown[]) => boolean;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      request.headers[PEER_ADDRESS_HEADER] = request.socket?.remoteAddress ?? '';
      if (malformedPath(request.url)) {
        const body = JSON.stringify({
          error: {
            code: 'bad_request',
            message: 'The URL path is not valid percent-encoded UTF-8',
            details: [{ path: '(path)', message: 'percent-encoded bytes must form UTF-8 characters' }],
          },
        });
        response.writeHead(400, { 'content-type': 'application/json', 'x-content-type-options': 'nosniff', connection: 'close' });
        response.end(body);
        request.resume();
        return true;
      }
    }
    return emit.apply(this, [event, ...args]);
  } as typeof proto.emit;
  proto[INSTALLED] = true;
}
