export type OutboundErrorCode = 'blocked_address' | 'invalid_url' | 'timeout' | 'network' | 'dns';

// Refusals and malformed requests will fail the same way on every attempt; transport trouble may not.
const RETRYABLE: Record<OutboundErrorCode, boolean> = {
  blocked_address: false,
  invalid_url: false,
  timeout: true,
  network: true,
  dns: true,
};

/**
 * The only error `safeFetch` throws. Messages name hosts, addresses and header *names*, never
 * header values or bodies, so they are safe to store in task attempts and show to users.
 */
export class OutboundError extends Error {
  readonly code: OutboundErrorCode;
  readonly retryable: boolean;

  constructor(code: OutboundErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OutboundError';
    this.code = code;
    this.retryable = RETRYABLE[code];
  }
}

export function isOutboundError(value: unknown): value is OutboundError {
  return value instanceof OutboundError;
}
