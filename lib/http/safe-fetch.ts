import http from 'node:http';
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { inSpan, SpanKind } from '../tracing';
import { OutboundError } from './errors';
import { isSensitiveHeaderName } from './redact';
import { type HostResolver, processResolver, resolveCheckedAddresses } from './resolve';
import { inspectTargetUrl } from './target-url';

export type SafeFetchInit = {
  method?: string;
  headers?: Record<string, string>;
  /**
   * Headers that came from a connection's secret: they win over `headers` of the same name, and a
   * redirect to another origin drops them all, whatever their names.
   */
  connectionHeaders?: Record<string, string>;
  body?: string | Buffer;
  /** Whole request including DNS, connect, redirects and reading the body. Default 10 000. */
  timeoutMs?: number;
  /** Bytes of response body kept; the rest is not read. Default 65 536. */
  maxResponseBytes?: number;
  /** 0 (default) returns 3xx responses as they are; otherwise each hop is re-checked. */
  maxRedirects?: number;
  /** `host:port` pairs that may be reached although they are not public (see parseAllowedTargets). */
  allowedTargets: Set<string>;
  signal?: AbortSignal;
  /** Replaces DNS; for tests. */
  lookup?: HostResolver;
};

export type SafeResponse = {
  status: number;
  headers: Record<string, string>;
  body: string;
  truncated: boolean;
  /** The URL that produced this response (the last hop when redirects were followed). */
  url: string;
  durationMs: number;
};

type OutgoingRequest = {
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  /** Lower-case names of the headers that came from a connection. */
  connectionHeaderNames: Set<string>;
};
type RawResponse = Omit<SafeResponse, 'url' | 'durationMs'>;

const DEFAULT_TIMEOUT_MS = 10_000;
// Idle kept-alive sockets close after this (or sooner when the server's Keep-Alive hint says so),
// below the 5 s most servers keep an idle connection: fewer races with a server closing it.
const IDLE_SOCKET_MS = 4_000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const INVALID_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
// Framing headers are computed here; letting callers set them invites request smuggling.
const MANAGED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

function buildRequest(init: SafeFetchInit): OutgoingRequest {
  const method = (init.method ?? 'GET').toUpperCase();
  if (!TOKEN.test(method)) {
    throw new OutboundError('invalid_url', 'request method is not a valid HTTP method');
  }
  const headers: Record<string, string> = {};
  const connectionHeaderNames = new Set<string>();
  const add = (source: Record<string, string> | undefined, fromConnection: boolean) => {
    for (const [rawName, value] of Object.entries(source ?? {})) {
      const name = rawName.toLowerCase();
      if (!TOKEN.test(name)) {
        throw new OutboundError('invalid_url', 'a request header name contains characters not allowed in HTTP');
      }
      // Node's own error for this case quotes the value, which may be a credential.
      if (typeof value !== 'string' || INVALID_HEADER_VALUE.test(value)) {
        throw new OutboundError('invalid_url', `request header "${name}" has a value not allowed in HTTP`);
      }
      if (MANAGED_HEADERS.has(name)) continue;
      headers[name] = value;
      if (fromConnection) connectionHeaderNames.add(name);
    }
  };
  add(init.headers, false);
  add(init.connectionHeaders, true);
  const body = init.body === undefined ? undefined : Buffer.from(init.body);
  return { method, headers, body, connectionHeaderNames };
}

/** The request to send after a redirect, following what browsers' fetch does. */
function redirectRequest(previous: OutgoingRequest, status: number, from: URL, to: URL): OutgoingRequest {
  let { method, body } = previous;
  let headers = { ...previous.headers };
  const becomesGet = status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST';
  if (becomesGet) {
    method = 'GET';
    body = undefined;
    for (const name of BODY_HEADERS) delete headers[name];
  }
  // Credentials were meant for the first origin only: credential-looking names, and every header
  // the connection supplied whatever its name.
  if (from.origin !== to.origin) {
    const bound = previous.connectionHeaderNames;
    headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !isSensitiveHeaderName(name) && !bound.has(name)));
  }
  return { method, headers, body, connectionHeaderNames: previous.connectionHeaderNames };
}

/** A `lookup` that only ever hands the socket the addresses that were checked: no DNS rebinding. */
function pinnedLookup(addresses: string[]): LookupFunction {
  const entries = addresses.map((address) => ({ address, family: isIP(address) }));
  type Callback = (
    error: NodeJS.ErrnoException | null,
    address: string | LookupAddress[],
    family?: number,
  ) => void;
  return ((_hostname: string, options: { family?: number | string; all?: boolean }, callback: Callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family ?? 0);
    const usable = family === 4 || family === 6 ? entries.filter((entry) => entry.family === family) : entries;
    const first = usable[0];
    if (!first) {
      const error = Object.assign(new Error('no checked address of the requested family'), { code: 'ENOTFOUND' });
      callback(error, options.all ? [] : '', 0);
    } else if (options.all) {
      callback(null, usable);
    } else {
      callback(null, first.address, first.family);
    }
  }) as LookupFunction;
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return 'error';
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * Connections are reused per host:port (a TLS handshake per delivery would dominate a webhook's
 * latency). That keeps the address checks intact: every request is checked before a socket is
 * picked, a pooled socket is only ever reused for the same host:port name that passed the same
 * check, and its peer is an address that was checked when it was opened.
 */
const pools = {
  http: new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS, maxFreeSockets: 64 }),
  https: new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS, maxFreeSockets: 64 }),
};

/** A kept-alive socket the server had closed: an idempotent request is sent again on a new one. */
class StaleConnection extends Error {}

const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);
// RFC 9110 §9.2.2. A POST is never sent twice here: a reset may also be a server that processed
// it and lost the response, which only the integration's own retry logic can tell apart.
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

async function send(url: URL, addresses: string[], request: OutgoingRequest, signal: AbortSignal, maxResponseBytes: number): Promise<RawResponse> {
  try {
    return await sendOnce(url, addresses, request, signal, maxResponseBytes, 'pooled');
  } catch (error) {
    if (!(error instanceof StaleConnection)) throw error;
    return sendOnce(url, addresses, request, signal, maxResponseBytes, 'fresh');
  }
}

function sendOnce(
  url: URL,
  addresses: string[],
  request: OutgoingRequest,
  signal: AbortSignal,
  maxResponseBytes: number,
  connection: 'pooled' | 'fresh',
): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const isHttps = url.protocol === 'https:';
    const headers: Record<string, string> = { ...request.headers, host: url.host };
    if (request.body !== undefined) headers['content-length'] = String(request.body.length);
    else if (!['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(request.method)) headers['content-length'] = '0';

    const options: https.RequestOptions = {
      protocol: url.protocol,
      hostname,
      port: url.port || (isHttps ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: request.method,
      headers,
      agent: connection === 'fresh' ? false : isHttps ? pools.https : pools.http,
      lookup: pinnedLookup(addresses),
      ...(isHttps && isIP(hostname) === 0 ? { servername: hostname } : {}),
    };

    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      outcome();
    };
    const fail = (error: unknown) => settle(() => reject(error));
    const networkFailure = (error: unknown) =>
      new OutboundError('network', `request to ${url.host} failed (${errorCode(error)})`, { cause: error });

    const req = (isHttps ? https : http).request(options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const finish = () =>
        settle(() =>
          resolve({
            status: res.statusCode ?? 0,
            headers: flattenHeaders(res.headers),
            body: Buffer.concat(chunks).toString('utf8'),
            truncated,
          }),
        );
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        const room = maxResponseBytes - size;
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room));
          size += room;
          truncated = true;
          finish();
          // Stop reading: the rest of an oversized body is never downloaded.
          res.destroy();
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', finish);
      res.on('error', (error) => fail(networkFailure(error)));
      res.on('close', () => {
        if (!res.complete) fail(new OutboundError('network', `connection to ${url.host} closed before the response was complete`));
      });
    });

    // Attached first: destroying the request below emits 'error', which must not go unhandled.
    req.on('error', (error) => {
      // A reused socket reset before any response is usually the server closing it while idle just
      // as we wrote (the race every keep-alive client has).
      const stale =
        req.reusedSocket && !signal.aborted && IDEMPOTENT_METHODS.has(request.method) && STALE_SOCKET_CODES.has(errorCode(error));
      fail(stale ? new StaleConnection(`kept-alive connection to ${url.host} was closed`, { cause: error }) : networkFailure(error));
    });
    function onAbort() {
      fail(signal.reason);
      req.destroy();
    }
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    req.end(request.body);
  });
}

/**
 * The one outbound HTTP client. Checks the URL, resolves the host, refuses non-public addresses
 * (unless host:port is allowed), connects only to the checked addresses, enforces one deadline
 * for the whole exchange and caps the response it reads. Throws only `OutboundError`.
 */
export async function safeFetch(url: string, init: SafeFetchInit): Promise<SafeResponse> {
  const started = performance.now();
  const timeoutMs = Math.max(1, init.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const maxResponseBytes = Math.max(0, init.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
  const maxRedirects = Math.max(0, init.maxRedirects ?? 0);
  const resolver = init.lookup ?? processResolver();

  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new OutboundError('timeout', `no complete response within ${timeoutMs} ms`)),
    timeoutMs,
  );
  const onCallerAbort = () =>
    deadline.abort(new OutboundError('network', 'request aborted by caller', { cause: init.signal?.reason }));
  if (init.signal?.aborted) onCallerAbort();
  else init.signal?.addEventListener('abort', onCallerAbort, { once: true });

  try {
    let request = buildRequest(init);
    let current = url;
    for (let hop = 0; ; hop += 1) {
      if (deadline.signal.aborted) throw deadline.signal.reason;
      const target = inspectTargetUrl(current, init.allowedTargets);
      if (!target.ok) {
        throw new OutboundError(target.code, hop === 0 ? target.reason : `redirect refused: ${target.reason}`);
      }
      const addresses = await resolveCheckedAddresses(
        { hostname: target.url.hostname, ipLiteral: target.ipLiteral, allowed: target.allowed },
        resolver,
        deadline.signal,
      );
      // A span per request: method, host, port and status only (a path may hold a webhook's secret).
      const url = target.url;
      const response = await inSpan(
        `HTTP ${request.method}`,
        { 'http.request.method': request.method, 'server.address': url.hostname, 'server.port': Number(url.port) || (url.protocol === 'https:' ? 443 : 80) },
        async (span) => {
          const answered = await send(url, addresses, request, deadline.signal, maxResponseBytes);
          span.setAttribute('http.response.status_code', answered.status);
          return answered;
        },
        SpanKind.CLIENT,
      );
      const location = response.headers.location;
      if (hop < maxRedirects && REDIRECT_STATUSES.has(response.status) && location) {
        let next: URL;
        try {
          next = new URL(location, target.url);
        } catch {
          throw new OutboundError('invalid_url', 'redirect refused: Location is not a valid URL');
        }
        request = redirectRequest(request, response.status, target.url, next);
        current = next.href;
        continue;
      }
      return { ...response, url: target.url.href, durationMs: Math.round(performance.now() - started) };
    }
  } catch (error) {
    if (error instanceof OutboundError) throw error;
    throw new OutboundError('network', `request failed (${errorCode(error)})`, { cause: error });
  } finally {
    clearTimeout(timer);
    init.signal?.removeEventListener('abort', onCallerAbort);
  }
}
