import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyAddress, REFUSAL_SUFFIX } from './address-policy';
import { OutboundError } from './errors';

/** Returns every address a host name resolves to. Injectable so tests can fake DNS. */
export type HostResolver = (host: string) => Promise<string[]>;

export const systemResolver: HostResolver = async (host) => {
  const records = await dnsLookup(host, { all: true, order: 'verbatim' });
  return records.map((record) => record.address);
};

let override: HostResolver | null = null;

/** The resolver of requests that bring none: the system's, or one a test put in (`useResolver`). */
export const processResolver = (): HostResolver => override ?? systemResolver;

/** Tests: every request of this process that brings no `lookup` resolves through `resolver` (null: the system again). */
export function useResolver(resolver: HostResolver | null): void {
  override = resolver;
}

export type ResolvedTarget = { hostname: string; ipLiteral: string | null; allowed: boolean };

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function dnsFailure(host: string, error: unknown): OutboundError {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'error';
  return new OutboundError('dns', `could not resolve ${host} (${code})`, { cause: error });
}

/**
 * Resolves the host and returns the addresses the connection may use. Unless the target is
 * allowed, refuses when ANY address is not public: a name that mixes public and private records
 * must not get a chance to land on the private one.
 */
export async function resolveCheckedAddresses(
  target: ResolvedTarget,
  resolver: HostResolver,
  signal: AbortSignal,
): Promise<string[]> {
  if (target.ipLiteral !== null) return [target.ipLiteral];

  let addresses: string[];
  try {
    addresses = await abortable(resolver(target.hostname), signal);
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw dnsFailure(target.hostname, error);
  }
  addresses = [...new Set(addresses.map((address) => address.trim()))];
  if (addresses.length === 0 || addresses.some((address) => isIP(address) === 0)) {
    throw new OutboundError('dns', `could not resolve ${target.hostname} (no usable addresses)`);
  }
  if (target.allowed) return addresses;

  for (const address of addresses) {
    const verdict = classifyAddress(address);
    if (!verdict.public) {
      throw new OutboundError(
        'blocked_address',
        `${target.hostname} resolves to ${address}, ${verdict.label}; ${REFUSAL_SUFFIX}`,
      );
    }
  }
  return addresses;
}
