import type { SandboxExamples } from '@/components/sandbox/example-values';
import { env, requireEnv } from '@/lib/env';
import { sandboxClient } from '@/lib/sandbox/client';
import { sandboxNamespace } from '@/lib/sandbox/namespace';
import { TARGETS, type RecordedRequest, type SandboxState, type Target } from '@/lib/sandbox/types';
import { sandboxExamplesFor } from '@/lib/sandbox/urls';
import { ownedTaskIds } from '@/lib/tasks/queries';

const REQUEST_LIMIT = 100;
const TIMEOUT_MS = 3000;

export type SandboxView =
  | { status: 'off' }
  | { status: 'unreachable'; url: string; reason: string }
  | { status: 'ok'; url: string; requests: SandboxRequest[]; state: SandboxState; examples: SandboxExamples };

/**
 * `notFromYourTasks`: an HTTP request to this user's address that none of their tasks sent (its
 * `webhook-id` names no task of theirs). Anyone who learns the address can post there, so the page
 * says so rather than passing it off as the user's own delivery.
 */
export type SandboxRequest = RecordedRequest & { notFromYourTasks?: true };

const taskIdOf = (request: RecordedRequest): string | undefined => /^task_([0-9a-f-]{36})$/u.exec(request.headers['webhook-id'] ?? '')?.[1];

async function markForeign(userId: string, requests: RecordedRequest[]): Promise<SandboxRequest[]> {
  const http = requests.filter((r) => r.target === 'http');
  if (http.length === 0) return requests;
  const own = await ownedTaskIds(userId, http.map(taskIdOf).filter((id): id is string => id !== undefined));
  return requests.map((r) => {
    const id = taskIdOf(r);
    return r.target === 'http' && !(id && own.has(id)) ? { ...r, notFromYourTasks: true as const } : r;
  });
}

export function parseTarget(value: string | string[] | undefined): Target | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  return TARGETS.find((t) => t === one);
}

/** The signed-in user's sandbox namespace (DESIGN §7), keyed with the instance's AUTH_SECRET. */
export function userNamespace(userId: string): string {
  return sandboxNamespace(userId, requireEnv('AUTH_SECRET'));
}

/**
 * What the sandbox received for this user's namespace (newest first) and what its providers hold
 * for it, from the control API at OUTPOST_SANDBOX_URL (with the instance's sandbox token). Other
 * users' traffic is never read. An unreachable sandbox is a state to show, not an error page.
 */
export async function loadSandbox(target: Target | undefined, userId: string, url = env().OUTPOST_SANDBOX_URL): Promise<SandboxView> {
  if (!url) return { status: 'off' };
  const namespace = userNamespace(userId);
  const client = sandboxClient(url, env().OUTPOST_SANDBOX_TOKEN);
  try {
    const filter = { namespace, ...(target ? { target } : {}), limit: REQUEST_LIMIT };
    const [requests, state] = await withTimeout(Promise.all([client.requests(filter), client.state(namespace)]));
    return { status: 'ok', url, requests: await markForeign(userId, [...requests].reverse()), state, examples: sandboxExamplesFor(url, namespace) };
  } catch (error) {
    return { status: 'unreachable', url, reason: error instanceof Error ? error.message : 'request failed' };
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
