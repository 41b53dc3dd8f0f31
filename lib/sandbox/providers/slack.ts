import { isFormBody, isPlainObject, parseFormBody, parseJsonBody, text, type ProviderRequest } from '../http';
import { uuid } from '../ids';
import type { Provider, SandboxSettings, ShapedFault } from '../provider';
import { RateWindow } from '../rate-window';
import type { SlackMessage } from '../types';
import { validateSlackBlocks } from './slack-blocks';
import { SlackOAuth } from './slack-oauth';

// Slack incoming webhooks answer in plain text: `ok`, or an error code.
const WEBHOOK_PATH = /^\/services\/([^/]+)\/([^/]+)\/([^/]+)\/?$/;

export class SlackProvider implements Provider {
  readonly target = 'slack' as const;
  readonly messages: SlackMessage[] = [];
  private readonly revoked = new Set<string>();
  private readonly archived = new Set<string>();
  private readonly window = new RateWindow(1, 1000);
  readonly oauth = new SlackOAuth((url) => this.revoke(url));

  constructor(private readonly settings: SandboxSettings) {}

  /** `path` is a webhook path or URL; `archived` answers 410 instead of 404 from then on. */
  revoke(path: string, archived = false): boolean {
    const hook = parseWebhook(path);
    if (!hook) return false;
    (archived ? this.archived : this.revoked).add(hook.key);
    return true;
  }

  reset(): void {
    this.messages.length = 0;
    this.revoked.clear();
    this.archived.clear();
    this.window.clear();
    this.oauth.reset();
  }

  handle(req: ProviderRequest) {
    const route = req.path.replace(/\/+$/, '');
    if (route === '/oauth/v2/authorize') return this.oauth.authorize(req);
    if (route === '/api/oauth.v2.access') return this.oauth.access(req);
    if (route === '/api/auth.revoke') return this.oauth.revoke(req);
    if (route === '/api/auth.test') return this.oauth.test(req);
    const hook = parseWebhook(req.path);
    if (!hook) return text(404, 'no_service');
    if (this.revoked.has(hook.key)) return text(404, 'no_service');
    if (this.archived.has(hook.key)) return text(410, 'channel_is_archived');
    if (req.method !== 'POST') return text(400, 'invalid_payload');

    const payload = readPayload(req);
    if (!payload) return text(400, 'invalid_payload');
    const hasText = typeof payload.text === 'string' && payload.text.trim() !== '';
    const blocks = payload.blocks;
    if (blocks !== undefined && !validateSlackBlocks(blocks)) return text(400, 'invalid_blocks');
    if (!hasText && !(Array.isArray(blocks) && blocks.length > 0)) return text(400, 'no_text');

    const limit = this.window.hit(hook.key);
    if (this.settings.enforceLimits && limit.exceeded) {
      return this.faultResponse({ type: 'rate_limit', retryAfterSeconds: Math.ceil((limit.resetAt - Date.now()) / 1000) });
    }
    this.messages.push({
      id: uuid(),
      at: new Date().toISOString(),
      webhook: hook.id,
      ...(hasText ? { text: payload.text as string } : {}),
      ...(Array.isArray(blocks) ? { blocks } : {}),
      payload,
    });
    return text(200, 'ok');
  }

  faultResponse(fault: ShapedFault) {
    switch (fault.type) {
      case 'rate_limit':
        return text(429, 'rate_limited', { 'retry-after': String(Math.max(1, Math.ceil(fault.retryAfterSeconds))) });
      case 'server_error':
        return text(fault.status ?? 500, fault.status === 503 ? 'service_unavailable' : 'internal_error');
      case 'auth_revoked':
        return text(403, 'invalid_token');
      case 'duplicate':
        return text(400, 'invalid_payload');
    }
  }
}

function readPayload(req: ProviderRequest): Record<string, unknown> | undefined {
  // Slack also takes `payload=<json>` form posts.
  const raw = isFormBody(req) ? parseFormBody(req).payload : req.rawBody.toString('utf8');
  if (raw === undefined) return undefined;
  const parsed = isFormBody(req) ? safeParse(raw) : parseJsonBody(req);
  return parsed.ok && isPlainObject(parsed.value) ? parsed.value : undefined;
}

function safeParse(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

/**
 * A webhook path (`/services/T/B/secret`, with or without `/slack`, or a full URL): `id` is the
 * public `T…/B…` part; `key` includes the secret, since a regenerated URL is a different webhook.
 */
export function parseWebhook(pathOrUrl: string): { id: string; key: string } | undefined {
  const path = pathOrUrl.includes('://') ? new URL(pathOrUrl).pathname : pathOrUrl;
  const match = WEBHOOK_PATH.exec(path.replace(/^\/slack(?=\/services\/)/, ''));
  if (!match) return undefined;
  const id = `${match[1]}/${match[2]}`;
  return { id, key: `${id}/${match[3]}` };
}
