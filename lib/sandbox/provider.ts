import type { ProviderRequest, ProviderResponse } from './http';
import type { FaultAction, Target } from './types';

/** Faults a provider answers in its own shape; `status`, `hang` and `hang_after_create` are generic. */
export type ShapedFault = Extract<FaultAction, { type: 'rate_limit' | 'server_error' | 'auth_revoked' | 'duplicate' }>;

export interface Provider {
  readonly target: Target;
  handle(req: ProviderRequest): ProviderResponse | Promise<ProviderResponse>;
  faultResponse(fault: ShapedFault, req: ProviderRequest): ProviderResponse;
}

/** Settings every provider reads at request time; changed through the control API. */
export interface SandboxSettings {
  enforceLimits: boolean;
}
