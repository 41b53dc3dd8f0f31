import type {
  CreatedWordPressUser,
  CreateWordPressUserOptions,
  Fault,
  FaultSpec,
  IssuedWordPressComToken,
  IssuedXTokens,
  IssueXTokensOptions,
  RecordedRequest,
  RevokeSpec,
  SandboxState,
  Target,
} from './types';

export type * from './types';

export interface RequestsFilter {
  target?: Target;
  /** Only requests addressed to this sandbox namespace (`u_…`). */
  namespace?: string;
  method?: string;
  /** Prefix of the recorded (redacted) path, e.g. `/x/2/tweets`. */
  path?: string;
  /** Only the last N. */
  limit?: number;
}

export class SandboxControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`sandbox control API answered ${status}: ${JSON.stringify(body)}`);
  }
}

/**
 * Typed access to a running sandbox's control API (`/_control/`), which needs the instance's
 * sandbox token (default: OUTPOST_SANDBOX_TOKEN).
 */
export function sandboxClient(baseUrl: string, token = process.env.OUTPOST_SANDBOX_TOKEN) {
  const base = `${baseUrl.replace(/\/+$/, '')}/_control`;
  const auth: Record<string, string> = token ? { 'x-sandbox-token': token } : {};

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const parsed: unknown = await response.json();
    if (!response.ok) throw new SandboxControlError(response.status, parsed);
    return parsed as T;
  }

  const requests = async (filter: RequestsFilter = {}): Promise<RecordedRequest[]> => {
    const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    const suffix = query.size > 0 ? `?${query}` : '';
    return (await call<{ requests: RecordedRequest[] }>('GET', `/requests${suffix}`)).requests;
  };

  return {
    requests,
    clearRequests: () => call<{ ok: true }>('DELETE', '/requests'),
    /** Forgets everything: requests, faults, stored messages/tweets/posts, issued tokens; re-seeds the defaults. */
    reset: () => call<{ ok: true }>('POST', '/reset'),
    fault: (spec: FaultSpec) => call<Fault>('POST', '/faults', spec),
    faults: async () => (await call<{ faults: Fault[] }>('GET', '/faults')).faults,
    clearFaults: () => call<{ ok: true }>('DELETE', '/faults'),
    /** What the providers hold; with a namespace, only what that namespace's requests created. */
    state: (namespace?: string) => call<SandboxState>('GET', `/state${namespace ? `?namespace=${encodeURIComponent(namespace)}` : ''}`),
    /** Enforce the providers' real rate limits (off by default, so tests stay deterministic). */
    setLimits: (settings: { enforce: boolean }) => call<{ enforce: boolean }>('POST', '/limits', settings),
    issueXTokens: (opts: IssueXTokensOptions = {}) => call<IssuedXTokens>('POST', '/x/tokens', opts),
    createWordPressUser: (opts: CreateWordPressUserOptions = {}) => call<CreatedWordPressUser>('POST', '/wordpress/users', opts),
    /** A WordPress.com OAuth token for `username` (default: the seeded `sandbox` user). */
    issueWordPressComToken: (opts: { username?: string } = {}) => call<IssuedWordPressComToken>('POST', '/wordpress/wpcom-tokens', opts),
    revoke: (spec: RevokeSpec) => call<{ revoked: true }>('POST', '/revoke', spec),
    /** Polls until `count` requests match (default 1), or throws after `timeoutMs`. */
    async waitForRequests(filter: RequestsFilter = {}, opts: { count?: number; timeoutMs?: number } = {}): Promise<RecordedRequest[]> {
      const deadline = Date.now() + (opts.timeoutMs ?? 5000);
      for (;;) {
        const found = await requests(filter);
        if (found.length >= (opts.count ?? 1)) return found;
        if (Date.now() > deadline) throw new Error(`sandbox: ${found.length} of ${opts.count ?? 1} requests matching ${JSON.stringify(filter)}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

export type SandboxClient = ReturnType<typeof sandboxClient>;
