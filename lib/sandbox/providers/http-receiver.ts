import { json, type ProviderResponse } from '../http';
import { uuid } from '../ids';
import type { Provider, ShapedFault } from '../provider';

/** Any method on `/http/**`: a generic endpoint that accepts whatever it is sent. */
export class HttpReceiver implements Provider {
  readonly target = 'http' as const;

  handle(): ProviderResponse {
    return json(200, { ok: true, id: uuid() });
  }

  faultResponse(fault: ShapedFault): ProviderResponse {
    switch (fault.type) {
      case 'rate_limit':
        return json(429, { ok: false, error: 'rate_limited' }, { 'retry-after': String(Math.max(0, Math.ceil(fault.retryAfterSeconds))) });
      case 'server_error':
        return json(fault.status ?? 503, { ok: false, error: 'server_error' });
      case 'auth_revoked':
        return json(401, { ok: false, error: 'unauthorized' });
      case 'duplicate':
        return json(409, { ok: false, error: 'duplicate' });
    }
  }
}
