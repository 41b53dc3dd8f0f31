import { randomUUID } from 'node:crypto';
import { createApiKey } from '@/lib/auth/api-keys';
import { ensureUser } from '@/lib/auth/users';
import { startProcess, tsxArgs, waitFor, type ManagedProcess } from './processes';

export function appUrl(): string {
  const url = process.env.OUTPOST_TEST_APP_URL;
  if (!url) throw new Error('OUTPOST_TEST_APP_URL is not set: run tests through vitest (global setup)');
  return url;
}

export function sandboxUrl(): string {
  const url = process.env.OUTPOST_TEST_SANDBOX_URL;
  if (!url) throw new Error('OUTPOST_TEST_SANDBOX_URL is not set: run tests through vitest (global setup)');
  return url;
}

/** A new user (unique email) with a fresh API key. */
export async function createUserWithKey(): Promise<{ userId: string; email: string; apiKey: string }> {
  const email = `user-${randomUUID()}@example.test`;
  const user = await ensureUser(email);
  const { key } = await createApiKey(user.id, 'test');
  return { userId: user.id, email, apiKey: key };
}

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };

async function call<T>(method: string, path: string, apiKey: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
  const res = await fetch(`${appUrl()}${path}`, {
    method,
    headers: {
      ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** A small client for /api/v1 with one API key. */
export function api(apiKey: string | null) {
  return {
    get: <T = any>(path: string, headers?: Record<string, string>) => call<T>('GET', `/api/v1${path}`, apiKey, undefined, headers),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', `/api/v1${path}`, apiKey, body ?? {}, headers),
    patch: <T = any>(path: string, body: unknown, headers?: Record<string, string>) => call<T>('PATCH', `/api/v1${path}`, apiKey, body, headers),
    del: <T = any>(path: string, headers?: Record<string, string>) => call<T>('DELETE', `/api/v1${path}`, apiKey, undefined, headers),
  };
}

/** Starts one more worker process with the test environment (plus overrides). */
export async function startWorker(extraEnv: Record<string, string> = {}): Promise<ManagedProcess> {
  const worker = startProcess(
    `worker-${randomUUID().slice(0, 8)}`,
    process.execPath,
    tsxArgs('jobs/worker.ts'),
    { ...process.env, ...extraEnv },
    process.env.OUTPOST_TEST_LOG_DIR ?? '/tmp',
  );
  const { readFileSync } = await import('node:fs');
  await waitFor(async () => readFileSync(worker.logFile, 'utf8').includes('consuming'), {
    timeoutMs: 30_000,
    what: `worker to start (log: ${worker.logFile})`,
  });
  return worker;
}
