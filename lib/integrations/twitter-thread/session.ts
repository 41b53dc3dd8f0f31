import type { DeliveryContext } from '@/lib/integrations/types';
import type { XSecret } from './schema';

/**
 * The access token of one connection during one delivery. The engine hands over a token that is
 * not about to expire; when X rejects it anyway (401), the session asks the delivery context for
 * fresh credentials once (refreshed single-flight across workers) and tries again.
 */
export class XSession {
  private refreshedAfter401 = false;

  constructor(
    private secret: XSecret,
    private readonly ctx: Pick<DeliveryContext<unknown>, 'refreshSecret'>,
  ) {}

  get current(): XSecret {
    return this.secret;
  }

  /** Runs `request` with the token; on a 401 refreshes once and runs it again. */
  async send<T extends { status: number }>(request: (accessToken: string) => Promise<T>): Promise<T> {
    const response = await request(this.secret.accessToken);
    if (response.status !== 401 || this.refreshedAfter401) return response;
    this.refreshedAfter401 = true;
    this.secret = await this.ctx.refreshSecret(this.secret);
    return request(this.secret.accessToken);
  }
}
