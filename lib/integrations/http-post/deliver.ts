import { classifyHttpResponse } from '@/lib/integrations/shared/classify-http';
import { excerpt } from '@/lib/integrations/shared/excerpt';
import { sendRecorded } from '@/lib/integrations/shared/send';
import { DeliveryError, type ConnectionInfo, type DeliveryContext, type DeliveryResult } from '@/lib/integrations/types';
import { originRefusal } from './origins';
import type { HttpPostConfig, HttpPostPayload, HttpPostSecret } from './schema';
import { idempotencyHeaders, signatureHeaders } from './sign';

const MAX_RESPONSE_BYTES = 64 * 1024;
const MAX_RESULT_BODY_BYTES = 8 * 1024;

function externalIdFrom(parsed: unknown, headers: Record<string, string>, status: number): string {
  if (parsed && typeof parsed === 'object' && 'id' in parsed) {
    const id = (parsed as { id: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') return String(id);
  }
  return headers['x-request-id'] ?? headers['request-id'] ?? `http-${status}`;
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

export async function deliverHttpPost(
  payload: HttpPostPayload,
  auth: { secret: HttpPostSecret; connection?: ConnectionInfo } | null,
  ctx: DeliveryContext<never>,
  config: HttpPostConfig,
  /** Standard Webhooks message id; task events pass their event id. */
  messageId = `task_${ctx.taskId}`,
): Promise<DeliveryResult> {
  // Checked at create too; again here, since the task or the connection may have changed since.
  const refusal = auth?.connection ? originRefusal(auth.connection.metadata, config.url) : null;
  if (refusal) throw new DeliveryError({ type: 'permanent', reason: `config.url ${refusal}; nothing was sent` });
  const headers: Record<string, string> = {
    'content-type': payload.contentType === 'application/json' ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
    'user-agent': 'Outpost/1 (+http-post)',
    ...lowerKeys(config.headers),
  };
  // Every delivery carries the Standard Webhooks id (the same on each retry of a task) and
  // timestamp, signed or not, so any receiver can drop a duplicate; ours override config headers.
  if (config.sign) {
    const signingSecret = auth?.secret.signingSecret;
    if (!signingSecret) {
      throw new DeliveryError({ type: 'permanent', reason: 'config.sign is true but the connection has no signingSecret' });
    }
    Object.assign(headers, signatureHeaders(signingSecret, messageId, payload.body));
  } else {
    Object.assign(headers, idempotencyHeaders(messageId));
  }
  const { response, responseExcerpt } = await sendRecorded({
    method: config.method,
    url: config.url,
    headers,
    // Secret headers from the connection win over config headers of the same name.
    connectionHeaders: lowerKeys(auth?.secret.headers ?? {}),
    body: payload.body,
    timeoutMs: config.timeoutMs,
    maxResponseBytes: MAX_RESPONSE_BYTES,
    maxRedirects: 3,
    allowedTargets: ctx.allowedTargets,
    signal: ctx.signal,
    record: ctx.record,
  });
  const failure = classifyHttpResponse(response);
  if (failure) throw new DeliveryError(failure, { httpStatus: response.status, responseExcerpt });
  const parsed = parseBody(response.body);
  const location = response.headers.location;
  return {
    externalId: externalIdFrom(parsed, response.headers, response.status),
    ...(location && /^https?:\/\//.test(location) ? { url: location } : {}),
    status: response.status,
    response: parsed !== null && Buffer.byteLength(response.body) <= MAX_RESULT_BODY_BYTES ? parsed : excerpt(response.body),
  };
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
