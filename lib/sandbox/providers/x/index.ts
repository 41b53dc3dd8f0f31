import { json, type ProviderRequest, type ProviderResponse } from '../../http';
import type { Provider, SandboxSettings, ShapedFault } from '../../provider';
import { XApi, problems } from './api';
import { XOAuth } from './oauth';
import { XStore } from './store';

export class XProvider implements Provider {
  readonly target = 'x' as const;
  readonly store = new XStore();
  private readonly api: XApi;
  private readonly oauth: XOAuth;

  constructor(settings: SandboxSettings) {
    this.api = new XApi(this.store, settings);
    this.oauth = new XOAuth(this.store);
  }

  reset(): void {
    this.store.reset();
    this.api.reset();
  }

  handle(req: ProviderRequest): ProviderResponse {
    const path = req.path.replace(/\/+$/, '');
    if (path === '/i/oauth2/authorize') return this.oauth.authorize(req);
    if (path === '/2/oauth2/token') return this.oauth.token(req);
    if (path === '/2/oauth2/revoke') return this.oauth.revoke(req);
    return this.api.handle(req);
  }

  faultResponse(fault: ShapedFault): ProviderResponse {
    const windowHeaders = XApi.faultHeaders(199, 900);
    switch (fault.type) {
      case 'rate_limit':
        return json(429, problems.tooManyRequests, XApi.faultHeaders(0, fault.retryAfterSeconds));
      case 'server_error':
        return json(fault.status ?? 503, problems.serviceUnavailable(fault.status ?? 503), windowHeaders);
      case 'auth_revoked':
        return json(401, problems.unauthorized, windowHeaders);
      case 'duplicate':
        return json(403, problems.duplicate, windowHeaders);
    }
  }
}
