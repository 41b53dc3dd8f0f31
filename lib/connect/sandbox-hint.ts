import 'server-only';
import { env, requireEnv } from '@/lib/env';
import { sandboxNamespace } from '@/lib/sandbox/namespace';

/**
 * When an endpoint is the built-in sandbox, the user's sandbox namespace (the one the Sandbox page
 * shows, keyed like it with AUTH_SECRET) as `login_hint`: the sandbox's consent pages then act as
 * that user's account, so what the connection sends lists on their Sandbox page. Real providers
 * never see it.
 */
export function sandboxLoginHint(userId: string, endpoint: string): string | undefined {
  const sandbox = env().OUTPOST_SANDBOX_URL?.replace(/\/+$/, '');
  if (!sandbox || !endpoint.startsWith(`${sandbox}/`)) return undefined;
  return sandboxNamespace(userId, requireEnv('AUTH_SECRET'));
}
