import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboundError } from './errors';
import { safeFetch } from './safe-fetch';

type Received = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
type TestServer = { port: number; origin: string; key: string; received: Received[] };

const servers: http.Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    }),
  );
});

async function startServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, received: Received) => void = (_req, res) =>
    res.end('ok'),
): Promise<TestServer> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    res.on('error', () => {});
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      received.push(entry);
      handler(req, res, entry);
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { port, origin: `http://127.0.0.1:${port}`, key: `127.0.0.1:${port}`, received };
}

async function outboundError(promise: Promise<unknown>): Promise<OutboundError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OutboundError);
    return error as OutboundError;
  }
  throw new Error('expected the request to fail');
}

describe('safeFetch: allowed targets', () => {
  it('reaches an allowed 127.0.0.1:<port> receiver with method, headers and body', async () => {
    const receiver = await startServer((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'r1' });
      res.end('{"id":"42"}');
    });
    const response = await safeFetch(`${receiver.origin}/hook?x=1`, {
      method: 'post',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer s3cret' },
      body: '{"text":"hi"}',
      allowedTargets: new Set([receiver.key]),
    });
    expect(response).toMatchObject({
      status: 201,
      body: '{"id":"42"}',
      truncated: false,
      url: `${receiver.origin}/hook?x=1`,
      headers: { 'content-type': 'application/json', 'x-request-id': 'r1' },
    });
    expect(response.durationMs).toBeGreaterThanOrEqual(0);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({
      method: 'POST',
      url: '/hook?x=1',
      body: '{"text":"hi"}',
      headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret', 'content-length': '13' },
    });
  });

  it('refuses another port of 127.0.0.1 that is not allowed, without connecting', async () => {
    const allowedReceiver = await startServer();
    const other = await startServer();
    const error = await outboundError(
      safeFetch(`${other.origin}/`, { allowedTargets: new Set([allowedReceiver.key]) }),
    );
    expect(error.code).toBe('blocked_address');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      '127.0.0.1 is a loopback address; outbound requests to private, loopback, link-local and reserved addresses are refused',
    );
    expect(other.received).toHaveLength(0);
  });

  it('reaches an allowed host name, connecting to the address that was checked', async () => {
    const receiver = await startServer();
    const lookups: string[] = [];
    const response = await safeFetch(`http://pinned.test:${receiver.port}/`, {
      allowedTargets: new Set([`pinned.test:${receiver.port}`]),
      lookup: async (host) => {
        lookups.push(host);
        return ['127.0.0.1'];
      },
    });
    expect(response.status).toBe(200);
    expect(lookups).toEqual(['pinned.test']);
    expect(receiver.received[0]?.headers.host).toBe(`pinned.test:${receiver.port}`);
  });

  it('reaches an allowed localhost:<port> through the system resolver', async () => {
    const receiver = await startServer();
    const response = await safeFetch(`http://localhost:${receiver.port}/`, {
      allowedTargets: new Set([`localhost:${receiver.port}`]),
    });
    expect(response.status).toBe(200);
    expect(receiver.received).toHaveLength(1);
  });

  it('ignores caller-supplied Host and Content-Length headers', async () => {
    const receiver = await startServer();
    await safeFetch(`${receiver.origin}/`, {
      method: 'POST',
      headers: { Host: 'metadata.internal', 'Content-Length': '999' },
      body: 'abc',
      allowedTargets: new Set([receiver.key]),
    });
    expect(receiver.received[0]?.headers.host).toBe(receiver.key);
    expect(receiver.received[0]?.headers['content-length']).toBe('3');
  });
});

describe('safeFetch: refused targets', () => {
  it.each([
    ['http://127.0.0.1/', '127.0.0.1 is a loopback address'],
    ['http://localhost:9/', 'localhost is a loopback host name'],
    ['http://[::1]/', '::1 is a loopback address'],
    ['http://10.0.0.1/', '10.0.0.1 is a private address'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address'],
    ['http://[::ffff:127.0.0.1]/', 'IPv4-mapped form of 127.0.0.1'],
    ['http://0.0.0.0/', '0.0.0.0 is an unspecified address'],
    ['http://100.64.0.1/', '100.64.0.1 is a carrier-grade NAT'],
    ['http://2130706433/', '127.0.0.1 is a loopback address'],
    ['http://0x7f.1/', '127.0.0.1 is a loopback address'],
  ])('refuses %s before any connection', async (url, reason) => {
    const error = await outboundError(safeFetch(url, { allowedTargets: new Set(), timeoutMs: 2000 }));
    expect(error.code).toBe('blocked_address');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(reason);
  });

  it('refuses a host name that resolves to loopback', async () => {
    const receiver = await startServer();
    const error = await outboundError(
      safeFetch(`http://evil.test:${receiver.port}/`, {
        allowedTargets: new Set([receiver.key]),
        lookup: async () => ['127.0.0.1'],
      }),
    );
    expect(error.code).toBe('blocked_address');
    expect(error.message).toBe(
      'evil.test resolves to 127.0.0.1, a loopback address; outbound requests to private, loopback, link-local and reserved addresses are refused',
    );
    expect(receiver.received).toHaveLength(0);
  });

  it('refuses a host name when any of its addresses is not public', async () => {
    const error = await outboundError(
      safeFetch('http://mixed.test/', {
        allowedTargets: new Set(),
        lookup: async () => ['93.184.216.34', '::ffff:169.254.169.254'],
      }),
    );
    expect(error.code).toBe('blocked_address');
    expect(error.message).toContain('mixed.test resolves to ::ffff:169.254.169.254');
  });

  it('refuses non-http schemes and URLs with credentials as invalid', async () => {
    const ftp = await outboundError(safeFetch('ftp://example.com/', { allowedTargets: new Set() }));
    expect(ftp.code).toBe('invalid_url');
    expect(ftp.retryable).toBe(false);
    const creds = await outboundError(safeFetch('http://u:pw@example.com/', { allowedTargets: new Set() }));
    expect(creds.code).toBe('invalid_url');
    expect(creds.message).not.toContain('pw');
  });
});

describe('safeFetch: redirects', () => {
  it('returns a 3xx response as is by default', async () => {
    const receiver = await startServer((_req, res) => {
      res.writeHead(302, { location: '/elsewhere' });
      res.end();
    });
    const response = await safeFetch(`${receiver.origin}/`, { allowedTargets: new Set([receiver.key]) });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/elsewhere');
    expect(receiver.received).toHaveLength(1);
  });

  it('follows a redirect within the allowed target and reports the final URL', async () => {
    const receiver = await startServer((req, res) => {
      if (req.url === '/start') {
        res.writeHead(307, { location: '/final' });
        res.end();
      } else {
        res.end('arrived');
      }
    });
    const response = await safeFetch(`${receiver.origin}/start`, {
      method: 'POST',
      body: 'payload',
      maxRedirects: 3,
      allowedTargets: new Set([receiver.key]),
    });
    expect(response).toMatchObject({ status: 200, body: 'arrived', url: `${receiver.origin}/final` });
    expect(receiver.received.map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', '/start', 'payload'],
      ['POST', '/final', 'payload'],
    ]);
  });

  it('refuses a redirect to a loopback address that is not allowed', async () => {
    const internal = await startServer();
    const receiver = await startServer((_req, res) => {
      res.writeHead(302, { location: `${internal.origin}/admin` });
      res.end();
    });
    const error = await outboundError(
      safeFetch(`${receiver.origin}/`, { maxRedirects: 5, allowedTargets: new Set([receiver.key]) }),
    );
    expect(error.code).toBe('blocked_address');
    expect(error.message).toContain('redirect refused: 127.0.0.1 is a loopback address');
    expect(receiver.received).toHaveLength(1);
    expect(internal.received).toHaveLength(0);
  });

  it('re-resolves and re-checks the host of every hop', async () => {
    const receiver = await startServer((_req, res) => {
      res.writeHead(301, { location: `http://rebind.test:${8080}/` });
      res.end();
    });
    const error = await outboundError(
      safeFetch(`${receiver.origin}/`, {
        maxRedirects: 1,
        allowedTargets: new Set([receiver.key]),
        lookup: async () => ['10.1.2.3'],
      }),
    );
    expect(error.code).toBe('blocked_address');
    expect(error.message).toContain('rebind.test resolves to 10.1.2.3, a private address');
  });

  it('turns a POST into a GET without body after 303', async () => {
    const receiver = await startServer((req, res) => {
      if (req.url === '/submit') {
        res.writeHead(303, { location: '/result' });
        res.end();
      } else {
        res.end('done');
      }
    });
    await safeFetch(`${receiver.origin}/submit`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'data',
      maxRedirects: 1,
      allowedTargets: new Set([receiver.key]),
    });
    const second = receiver.received[1];
    expect(second).toMatchObject({ method: 'GET', url: '/result', body: '' });
    expect(second?.headers['content-type']).toBeUndefined();
  });

  it('drops credential headers when a redirect leaves the origin', async () => {
    const other = await startServer();
    const receiver = await startServer((_req, res) => {
      res.writeHead(307, { location: `${other.origin}/next` });
      res.end();
    });
    await safeFetch(`${receiver.origin}/`, {
      headers: { Authorization: 'Bearer s3cret', 'X-Api-Key': 'k', 'X-Trace': 't1' },
      maxRedirects: 1,
      allowedTargets: new Set([receiver.key, other.key]),
    });
    expect(receiver.received[0]?.headers.authorization).toBe('Bearer s3cret');
    const forwarded = other.received[0]?.headers;
    expect(forwarded?.authorization).toBeUndefined();
    expect(forwarded?.['x-api-key']).toBeUndefined();
    expect(forwarded?.['x-trace']).toBe('t1');
  });

  it('returns the last 3xx when the redirect limit is reached', async () => {
    const receiver = await startServer((req, res) => {
      res.writeHead(302, { location: `${req.url}x` });
      res.end();
    });
    const response = await safeFetch(`${receiver.origin}/`, {
      maxRedirects: 2,
      allowedTargets: new Set([receiver.key]),
    });
    expect(response.status).toBe(302);
    expect(response.url).toBe(`${receiver.origin}/xx`);
    expect(receiver.received).toHaveLength(3);
  });
});

describe('safeFetch: limits and failures', () => {
  it('times out within about timeoutMs when the server never answers', async () => {
    const silent = await startServer(() => {});
    const started = Date.now();
    const error = await outboundError(
      safeFetch(`${silent.origin}/`, { timeoutMs: 300, allowedTargets: new Set([silent.key]) }),
    );
    const elapsed = Date.now() - started;
    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('no complete response within 300 ms');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
  });

  it('counts DNS resolution against the same deadline', async () => {
    const error = await outboundError(
      safeFetch('http://slow-dns.test/', {
        timeoutMs: 200,
        allowedTargets: new Set(),
        lookup: () => new Promise<string[]>(() => {}),
      }),
    );
    expect(error.code).toBe('timeout');
  });

  it('keeps the first 64 KiB of a 1 MiB response and marks it truncated', async () => {
    const receiver = await startServer((_req, res) => res.end(Buffer.alloc(1024 * 1024, 'a')));
    const response = await safeFetch(`${receiver.origin}/`, { allowedTargets: new Set([receiver.key]) });
    expect(response.status).toBe(200);
    expect(response.truncated).toBe(true);
    expect(response.body).toHaveLength(64 * 1024);
  });

  it('stops reading a body that never ends once the cap is reached', async () => {
    const receiver = await startServer((_req, res) => {
      const chunk = Buffer.alloc(16 * 1024, 'b');
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const response = await safeFetch(`${receiver.origin}/`, {
      maxResponseBytes: 1000,
      timeoutMs: 5000,
      allowedTargets: new Set([receiver.key]),
    });
    expect(response.truncated).toBe(true);
    expect(response.body).toBe('b'.repeat(1000));
  });

  it('does not mark a body that fits the cap as truncated', async () => {
    const receiver = await startServer((_req, res) => res.end('x'.repeat(100)));
    const response = await safeFetch(`${receiver.origin}/`, {
      maxResponseBytes: 100,
      allowedTargets: new Set([receiver.key]),
    });
    expect(response.truncated).toBe(false);
    expect(response.body).toHaveLength(100);
  });

  it('reports a refused connection as a retryable network error', async () => {
    const receiver = await startServer();
    const { key, origin } = receiver;
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    const error = await outboundError(
      safeFetch(`${origin}/`, {
        headers: { Authorization: 'Bearer s3cret' },
        allowedTargets: new Set([key]),
      }),
    );
    expect(error.code).toBe('network');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`request to ${key} failed (ECONNREFUSED)`);
  });

  it('reports a failed lookup as a retryable DNS error', async () => {
    const error = await outboundError(
      safeFetch('http://missing.test/', {
        allowedTargets: new Set(),
        lookup: async () => {
          throw Object.assign(new Error('getaddrinfo ENOTFOUND missing.test'), { code: 'ENOTFOUND' });
        },
      }),
    );
    expect(error.code).toBe('dns');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('could not resolve missing.test (ENOTFOUND)');
  });

  it('rejects a header value with control characters without echoing the value', async () => {
    const error = await outboundError(
      safeFetch('http://example.com/', {
        headers: { Authorization: 'Bearer s3cret\r\nX-Injected: 1' },
        allowedTargets: new Set(),
      }),
    );
    expect(error.code).toBe('invalid_url');
    expect(error.message).toBe('request header "authorization" has a value not allowed in HTTP');
    expect(error.message).not.toContain('s3cret');
  });

  it('stops when the caller aborts', async () => {
    const silent = await startServer(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await outboundError(
      safeFetch(`${silent.origin}/`, { signal: controller.signal, allowedTargets: new Set([silent.key]) }),
    );
    expect(error.code).toBe('network');
    expect(error.message).toBe('request aborted by caller');
  });

  it('does not start when the caller signal is already aborted', async () => {
    const receiver = await startServer();
    const error = await outboundError(
      safeFetch(`${receiver.origin}/`, { signal: AbortSignal.abort(), allowedTargets: new Set([receiver.key]) }),
    );
    expect(error.code).toBe('network');
    expect(receiver.received).toHaveLength(0);
  });
});

describe('safeFetch: connection reuse', () => {
  /** A receiver that counts TCP connections and may close a connection without answering. */
  async function countingServer(drop: 'never' | 'reused' | 'always') {
    let connections = 0;
    const bodies: string[] = [];
    const server = http.createServer((req, res) => {
      const socket = req.socket as typeof req.socket & { served?: number };
      const reused = (socket.served ?? 0) > 0;
      socket.served = (socket.served ?? 0) + 1;
      if (drop === 'always' || (drop === 'reused' && reused)) {
        socket.destroy();
        return;
      }
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk));
      req.on('end', () => {
        bodies.push(body);
        res.end('ok');
      });
    });
    server.on('connection', () => connections++);
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const send = (method: string, body: string) =>
      safeFetch(`http://127.0.0.1:${port}/`, { method, body, allowedTargets: new Set([`127.0.0.1:${port}`]) });
    return { post: (body: string) => send('POST', body), put: (body: string) => send('PUT', body), bodies, connections: () => connections };
  }

  it('sends consecutive requests to one host:port over one kept-alive connection', async () => {
    const receiver = await countingServer('never');
    for (const body of ['one', 'two', 'three']) expect((await receiver.post(body)).status).toBe(200);
    expect(receiver.bodies).toEqual(['one', 'two', 'three']);
    expect(receiver.connections()).toBe(1);
  });

  it('sends an idempotent request again on a new connection when the kept-alive one was closed', async () => {
    const receiver = await countingServer('reused');
    expect((await receiver.put('first')).status).toBe(200);
    expect((await receiver.put('second')).status).toBe(200);
    expect(receiver.bodies).toEqual(['first', 'second']);
    expect(receiver.connections()).toBe(2);
  });

  it('never sends a POST twice: a closed kept-alive connection is a retryable network error', async () => {
    const receiver = await countingServer('reused');
    expect((await receiver.post('first')).status).toBe(200);
    const error = await outboundError(receiver.post('second'));
    expect(error.code).toBe('network');
    expect(receiver.connections()).toBe(1);
  });

  it('does not send again when a new connection is closed unanswered', async () => {
    const receiver = await countingServer('always');
    const error = await outboundError(receiver.post('lost'));
    expect(error.code).toBe('network');
    expect(receiver.connections()).toBe(1);
  });
});
