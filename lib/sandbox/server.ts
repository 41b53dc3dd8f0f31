import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleControl } from './control';
import type { ProviderRequest, ProviderResponse } from './http';
import { json } from './http';
import { Sandbox } from './sandbox';
import type { FaultAction, RecordedRequest, Target } from './types';

const MAX_BODY_BYTES = 5 * 1024 * 1024;

// First path segment → provider. WordPress lives at `/wp` like a site in a sub-folder.
const MOUNTS: Record<string, Target> = { slack: 'slack', discord: 'discord', x: 'x', wp: 'wordpress', wpcom: 'wordpress', http: 'http' };

export interface RunningSandbox {
  url: string;
  port: number;
  /** What the control API wants in `x-sandbox-token`. */
  token: string;
  close(): Promise<void>;
}

export const SANDBOX_TOKEN_HEADER = 'x-sandbox-token';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Only the holder of the instance's token may use `/_control/` (DESIGN §7): tasks may post to the
 * providers (an http-post to the sandbox is allowed), never reset the sandbox, script faults or read
 * everyone's traffic. Health stays open (it tells nothing).
 */
function controlAllowed(token: string, req: IncomingMessage, path: string): boolean {
  if (req.method === 'GET' && ['/', '/health'].includes(path.replace(/\/+$/, '') || '/')) return true;
  const given = req.headers[SANDBOX_TOKEN_HEADER];
  return typeof given === 'string' && timingSafeEqual(digest(given), digest(token));
}

/** `token` defaults to OUTPOST_SANDBOX_TOKEN, else a random one (read it from the result). */
export async function startSandbox(opts: { port?: number; host?: string; token?: string } = {}): Promise<RunningSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token || process.env.OUTPOST_SANDBOX_TOKEN || randomBytes(24).toString('base64url');
  const sandbox = new Sandbox();
  const shutdown = new AbortController();
  let origin = '';

  const server = createServer((req, res) => {
    handle(sandbox, origin, token, shutdown.signal, req, res).catch((error: unknown) => {
      // Only the message: a stack or request dump could carry a credential.
      console.error(`sandbox: ${(error as Error).message}`);
      if (!res.headersSent) write(res, json(500, { error: 'sandbox_error' }));
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve, reject) => {
        shutdown.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        // Hung requests are held open on purpose; closing must not wait for them.
        server.closeAllConnections();
      }),
  };
}

async function handle(sandbox: Sandbox, origin: string, token: string, shutdown: AbortSignal, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', origin);
  const method = (req.method ?? 'GET').toUpperCase();
  const [, first = '', ...rest] = url.pathname.split('/');
  const body = await readBody(req);
  if (body === undefined) return write(res, json(413, { error: 'payload_too_large' }));

  const request = (path: string): ProviderRequest => ({ method, mount: first, path, url, headers: req.headers, rawBody: body, origin });

  if (first === '_control') {
    const path = `/${rest.join('/')}`;
    if (!controlAllowed(token, req, path)) {
      return write(res, json(401, { error: 'sandbox_token_required', message: `the control API needs the instance's sandbox token in ${SANDBOX_TOKEN_HEADER}` }));
    }
    return write(res, handleControl(sandbox, request(path)));
  }
  const target = MOUNTS[first];
  if (!target) {
    if (url.pathname === '/') return write(res, json(200, { name: 'outpost-sandbox', mounts: Object.keys(MOUNTS).map((m) => `/${m}`) }));
    return write(res, json(404, { error: 'not_found' }));
  }

  const providerRequest = request(`/${rest.join('/')}`);
  const record = sandbox.recorder.record({ target, namespace: sandbox.namespaceOf(target, providerRequest), method, url, headers: req.headers, rawBody: body });
  trackOutcome(record, res);
  const fault = sandbox.faults.take(target, method, url.pathname);
  if (fault) record.fault = fault.type;
  const provider = sandbox.provider(target);

  const response = await respond(fault, shutdown, () => provider.handle(providerRequest), (shaped) => provider.faultResponse(shaped, providerRequest));
  if (response === 'hang') return;
  if (response === 'destroy') {
    res.destroy();
    return;
  }
  write(res, response);
}

/** Turns a scripted fault into what happens to the response. */
async function respond(
  fault: FaultAction | undefined,
  shutdown: AbortSignal,
  perform: () => ProviderResponse | Promise<ProviderResponse>,
  shaped: (fault: Extract<FaultAction, { type: 'rate_limit' | 'server_error' | 'auth_revoked' | 'duplicate' }>) => ProviderResponse,
): Promise<ProviderResponse | 'hang' | 'destroy'> {
  if (!fault) return perform();
  switch (fault.type) {
    case 'status':
      return statusResponse(fault);
    case 'hang':
      if (fault.ms === undefined) return 'hang';
      try {
        await sleep(fault.ms, undefined, { signal: shutdown });
      } catch {
        return 'destroy';
      }
      return perform();
    case 'hang_after_create':
      await perform();
      return fault.mode === 'hang' ? 'hang' : 'destroy';
    default:
      return shaped(fault);
  }
}

function statusResponse(fault: Extract<FaultAction, { type: 'status' }>): ProviderResponse {
  const base = { status: fault.status, headers: fault.headers };
  if (fault.body === undefined) return base;
  return typeof fault.body === 'string' ? { ...base, text: fault.body } : { ...base, json: fault.body };
}

function trackOutcome(record: RecordedRequest, res: ServerResponse): void {
  res.once('finish', () => {
    record.status = res.statusCode;
    record.outcome = 'answered';
  });
  res.once('close', () => {
    if (!res.writableFinished) record.outcome = 'dropped';
  });
}

function write(res: ServerResponse, response: ProviderResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | undefined;
  const has = (name: string) => Object.keys(headers).some((h) => h.toLowerCase() === name);
  if (response.json !== undefined) {
    payload = JSON.stringify(response.json);
    if (!has('content-type')) headers['content-type'] = 'application/json; charset=utf-8';
  } else if (response.html !== undefined) {
    payload = response.html;
    if (!has('content-type')) headers['content-type'] = 'text/html; charset=utf-8';
  } else if (response.text !== undefined) {
    payload = response.text;
    if (!has('content-type')) headers['content-type'] = 'text/plain; charset=utf-8';
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
