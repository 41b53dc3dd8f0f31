import http from 'node:http';
import type net from 'node:net';

export type Arrival = { at: number; webhookId: string | undefined };

/**
 * The local delivery target: records every delivery by its task key with its `webhook-id`, and
 * answers 503 while `failing` (without recording: a refused delivery did not arrive).
 */
export type Sink = { port: number; arrivals: Map<string, Arrival[]>; failing: boolean; refused: number; close(): Promise<void> };

export async function startSink(): Promise<Sink> {
  const sink: Sink = { port: 0, arrivals: new Map(), failing: false, refused: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (sink.failing) {
        sink.refused++;
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"unavailable"}');
        return;
      }
      try {
        const { k } = JSON.parse(body) as { k: string };
        const header = req.headers['webhook-id'];
        const list = sink.arrivals.get(k) ?? [];
        list.push({ at: Date.now(), webhookId: Array.isArray(header) ? header[0] : header });
        sink.arrivals.set(k, list);
      } catch {
        // not ours
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"sink"}');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  sink.port = (server.address() as net.AddressInfo).port;
  sink.close = () =>
    new Promise((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
  return sink;
}
