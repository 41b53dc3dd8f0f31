export { classifyAddress, isPublicAddress, type AddressVerdict } from './address-policy';
export { parseAllowedTargets, targetKey } from './allowed-targets';
export { OutboundError, isOutboundError, type OutboundErrorCode } from './errors';
export {
  maskSecretPath,
  redactBody,
  redactHeaders,
  redactUrl,
  summarizeRequest,
  type RequestSummary,
  type RequestSummaryInput,
} from './redact';
export { type HostResolver, systemResolver, useResolver } from './resolve';
export { safeFetch, type SafeFetchInit, type SafeResponse } from './safe-fetch';
export { checkTargetUrl, type UrlCheck } from './target-url';
export { isCredentialHeaderName } from './credential-headers';
