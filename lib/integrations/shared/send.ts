import { redactBody, safeFetch, summarizeRequest, type SafeResponse } from '@/lib/http';
import { DeliveryError, type RequestRecord } from '@/lib/integrations/types';
import { classifyTransportError } from './classify-http';
import { excerpt } from './excerpt';

/** What every outbound request of a delivery needs from its caller. */
export type DeliveryIo = {
  allowedTargets: Set<string>;
  signal?: AbortSignal;
  timeoutMs: number;
  record?: (request: RequestRecord) => void;
};

export type SendRequest = DeliveryIo & {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Headers from the connection's secret: never logged, dropped on a redirect to another origin. */
  connectionHeaders?: Record<string, string>;
  body?: string;
  maxResponseBytes: number;
  maxRedirects?: number;
  /** Masks secret-looking JSON fields of the response in the log (token endpoints). */
  redactResponse?: boolean;
};

/**
 * One outbound request of a delivery through the SSRF-guarded client: transport failures become
 * classified DeliveryErrors, and the request lands in the attempt log, redacted, either way.
 */
export async function sendRecorded(request: SendRequest): Promise<{ response: SafeResponse; responseExcerpt: string }> {
  const summary = summarizeRequest({ method: request.method, url: request.url, headers: request.headers, body: request.body ?? null });
  let response: SafeResponse;
  try {
    response = await safeFetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.connectionHeaders ? { connectionHeaders: request.connectionHeaders } : {}),
      ...(request.body !== undefined ? { body: request.body } : {}),
      timeoutMs: request.timeoutMs,
      maxResponseBytes: request.maxResponseBytes,
      ...(request.maxRedirects !== undefined ? { maxRedirects: request.maxRedirects } : {}),
      allowedTargets: request.allowedTargets,
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (error) {
    request.record?.({ method: summary.method, url: summary.url });
    throw new DeliveryError(classifyTransportError(error));
  }
  const responseExcerpt = excerpt(request.redactResponse ? redactBody(response.body) : response.body);
  request.record?.({ method: summary.method, url: summary.url, status: response.status, durationMs: response.durationMs, responseExcerpt });
  return { response, responseExcerpt };
}

/** JSON.parse that answers null for a body that is not JSON. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}
