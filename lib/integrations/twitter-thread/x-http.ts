import type { SafeResponse } from '@/lib/http';
import { parseJson, sendRecorded, type DeliveryIo } from '@/lib/integrations/shared/send';

export type XIo = DeliveryIo;

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
    ...io,
    ...request,
    headers: { 'user-agent': 'Outpost/1 (+twitter-thread)', ...request.headers },
    maxResponseBytes: MAX_RESPONSE_BYTES,
    // Token responses carry the new tokens: the log keeps their field names, never their values.
    redactResponse: true,
  });
  return response;
}

export { parseJson };
