import { afterAll, beforeAll, beforeEach } from 'vitest';
import { sandboxClient, type SandboxClient } from '@/lib/sandbox/client';
import { startSandbox } from '@/lib/sandbox/server';

/** Starts one sandbox on a random port for the file, reset before each test. */
export function useSandbox() {
  const context = {} as { url: string; token: string; control: SandboxClient };
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const sandbox = await startSandbox({ port: 0 });
    close = sandbox.close;
    context.url = sandbox.url;
    context.token = sandbox.token;
    context.control = sandboxClient(sandbox.url, sandbox.token);
  });
  beforeEach(async () => {
    await context.control.reset();
  });
  afterAll(async () => {
    await close?.();
  });
  return context;
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

export const basicAuth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
