import { randomUUID } from 'node:crypto';
import { sandboxClient } from '@/lib/sandbox/client';
import { api, createUserWithKey, sandboxUrl } from '../support/app';
import { waitFor } from '../support/processes';

export type Client = ReturnType<typeof api>;
export const TERMINAL = ['succeeded', 'failed', 'cancelled', 'skipped'];

export async function newClient(): Promise<{ client: Client; userId: string }> {
  const user = await createUserWithKey();
  return { client: api(user.apiKey), userId: user.userId };
}

export const sandbox = () => sandboxClient(sandboxUrl());

/** A fresh receiver path on the sandbox, so tests never see each other's requests or faults. */
export function receiver(): { path: string; url: string } {
  const path = `/http/${randomUUID()}`;
  return { path, url: `${sandboxUrl()}${path}` };
}

export function httpTask(url: string, extra: Record<string, unknown> = {}) {
  return { kind: 'http-post', config: { url }, input: { title: 'Hello', n: 1 }, template: '{"title": {{ input.title | json }}, "n": {{ input.n }}}', ...extra };
}

/** Polls GET /tasks/:id until its status is one of `statuses`. */
export async function waitForStatus(client: Client, id: string, statuses: string[] = TERMINAL, timeoutMs = 30_000): Promise<any> {
  return waitFor(
    async () => {
      const res = await client.get(`/tasks/${id}`);
      return statuses.includes(res.body?.status) ? res.body : null;
    },
    { timeoutMs, intervalMs: 100, what: `task ${id} to reach ${statuses.join('|')}` },
  );
}

export async function create(client: Client, body: unknown, headers?: Record<string, string>): Promise<any> {
  const res = await client.post('/tasks', body, headers);
  if (res.status !== 201) throw new Error(`POST /tasks → ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}
