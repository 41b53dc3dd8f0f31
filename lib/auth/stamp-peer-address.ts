import http from 'node:http';
import { PEER_ADDRESS_HEADER } from './client-address';

const STAMPED = Symbol.for('outpost.peer-address-stamped');

/**
 * Next.js keeps a client's own X-Forwarded-For and drops the socket's address, so nothing after it
 * can tell who connected. This stamps the peer address on every incoming request of this process,
 * replacing any value a client sent under the same name, before Next.js sees the request.
 */
export function stampPeerAddresses(): void {
  const proto = http.Server.prototype as http.Server & { [STAMPED]?: true };
  if (proto[STAMPED]) return;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const request = args[0] as http.IncomingMessage;
      request.headers[PEER_ADDRESS_HEADER] = request.socket?.remoteAddress ?? '';
    }
    return (emit as (...a: unknown[]) => boolean).apply(this, [event, ...args]);
  } as typeof emit;
  proto[STAMPED] = true;
}
