import http from 'node:http';

export type Received = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
export type Answer = { status: number; headers?: Record<string, string>; body?: string };

/**
 * An HTTP server on one of the ports the global setup allows as an outbound target
 * (OUTPOST_TEST_RECEIVER_PORTS), answering with `answer` and recording every request.
 */
export async function startReceiver(slot: 0 | 1, answer: (req: Received) => Answer) {
  const port = Number((process.env.OUTPOST_TEST_RECEIVER_PORTS ?? '').split(',')[slot]);
  if (!port) throw new Error('OUTPOST_TEST_RECEIVER_PORTS is not set: run tests through vitest (global setup)');
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      received.push(request);
      const out = answer(request);
      res.writeHead(out.status, out.headers ?? {});
      res.end(out.body ?? '');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
