import type { SandboxExamples } from '@/components/sandbox/example-values';
import { env } from '@/lib/env';
import { sandboxClient } from '@/lib/sandbox/client';
import { DEFAULT_APPLICATION_PASSWORD, DEFAULT_USERNAME } from '@/lib/sandbox/providers/wordpress/store';
import { TARGETS, type RecordedRequest, type SandboxState, type Target } from '@/lib/sandbox/types';
import { sandboxDiscordWebhookUrl, sandboxSlackWebhookUrl, sandboxWordPressSiteUrl } from '@/lib/sandbox/urls';

const REQUEST_LIMIT = 100;
const TIMEOUT_MS = 3000;

export type SandboxView =
  | { status: 'off' }
  | { status: 'unreachable'; url: string; reason: string }
  | { status: 'ok'; url: string; requests: RecordedRequest[]; state: SandboxState; examples: SandboxExamples };

export function parseTarget(value: string | string[] | undefined): Target | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  return TARGETS.find((t) => t === one);
}

/** Values a new user can paste into the Connections form; all of them point at the running sandbox. */
export function exampleValues(url: string): SandboxExamples {
  return {
    slackWebhookUrl: sandboxSlackWebhookUrl(url),
    discordWebhookUrl: sandboxDiscordWebhookUrl(url),
    wordpressSiteUrl: sandboxWordPressSiteUrl(url),
    wordpressUsername: DEFAULT_USERNAME,
    wordpressApplicationPassword: DEFAULT_APPLICATION_PASSWORD,
    httpReceiverUrl: `${url.replace(/\/+$/, '')}/http/my-endpoint`,
  };
}

/**
 * What the sandbox received (newest first) and what its providers hold, from its control API at
 * OUTPOST_SANDBOX_URL. An unreachable sandbox is a state to show, not an error page.
 */
export async function loadSandbox(target: Target | undefined, url = env().OUTPOST_SANDBOX_URL): Promise<SandboxView> {
  if (!url) return { status: 'off' };
  const client = sandboxClient(url);
  try {
    const [requests, state] = await withTimeout(Promise.all([client.requests({ ...(target ? { target } : {}), limit: REQUEST_LIMIT }), client.state()]));
    return { status: 'ok', url, requests: [...requests].reverse(), state, examples: exampleValues(url) };
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
