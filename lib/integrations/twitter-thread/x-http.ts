import { redactBody, safeFetch, summarizeRequest, type SafeResponse } from '@/lib/http';
import { classifyTransportError } from '@/lib/integrations/shared/classify-http';
import { excerpt } from '@/lib/integrations/shared/excerpt';
import { DeliveryError, type RequestRecord } from '@/lib/integrations/types';

/** What every request to X needs from its caller. */
export type XIo = {
  allowedTargets: Set<string>;
  signal?: AbortSignal;
  timeoutMs: number;
  record?: (request: RequestRecord) => void;
};

const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * One request to X through the SSRF-guarded client. Transport failures become classified
 * DeliveryErrors; every request lands in the attempt log, redacted (no tokens, no Authorization).
 */
export async function xRequest(
  request: { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; body?: string },
  io: XIo,
): Promise<SafeResponse> {
  const summary = summarizeRequest(request);
  let response: SafeResponse;
  try {
    response = await safeFetch(request.url, {
      method: request.method,
      headers: { 'user-agent': 'Outpost/1 (+twitter-thread)', ...request.headers },
      ...(request.body !== undefined ? { body: request.body } : {}),
      timeoutMs: io.timeoutMs,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      allowedTargets: io.allowedTargets,
      ...(io.signal ? { signal: io.signal } : {}),
    });
  } catch (error) {
    io.record?.({ method: summary.method, url: summary.url });
    throw new DeliveryError(classifyTransportError(error));
  }
  io.record?.({
    method: summary.method,
    url: summary.url,
    status: response.status,
    durationMs: response.durationMs,
    // Token responses carry the new tokens: the log keeps their field names, never their values.
    responseExcerpt: excerpt(redactBody(response.body)),
  });
  return response;
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}
