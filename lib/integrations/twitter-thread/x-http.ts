import type { SafeResponse } from '@/lib/http';
import { parseJson, sendRecorded } from '@/lib/integrations/shared/send';
import type { RequestRecord } from '@/lib/integrations/types';

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
  const { response } = await sendRecorded({
    ...request,
    headers: { 'user-agent': 'Outpost/1 (+twitter-thread)', ...request.headers },
    timeoutMs: io.timeoutMs,
    maxResponseBytes: MAX_RESPONSE_BYTES,
    allowedTargets: io.allowedTargets,
    ...(io.signal ? { signal: io.signal } : {}),
    ...(io.record ? { record: io.record } : {}),
    // Token responses carry the new tokens: the log keeps their field names, never their values.
    redactResponse: true,
  });
  return response;
}

export { parseJson };
