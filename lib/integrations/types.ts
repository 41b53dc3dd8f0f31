import type { z } from 'zod';
import type { BucketPolicy } from '@/lib/rate-limit/token-bucket';

export type AuthType = 'oauth2' | 'webhook-url' | 'app-password' | 'none';

/** What a failed delivery means for the task (DESIGN §1 `classify`). */
export type Classification =
  | { type: 'retryable'; reason: string }
  | { type: 'rate_limited'; retryAfterMs: number; reason: string }
  | { type: 'auth_expired'; reason: string }
  | { type: 'permanent'; reason: string; connectionBroken?: boolean };

export type ValidationIssue = { path: string; message: string };

/** Everything a template sees (DESIGN §3): input, mapped fields at top level, deps, items. */
export type TemplateContext = Record<string, unknown> & {
  input: unknown;
  deps: Record<string, unknown>;
  items?: unknown[];
  task: { id: string | null; name: string | null };
};

export type RenderedBody = {
  body: string;
  context: TemplateContext;
  renderLiquid(source: string, opts?: { timeoutMs?: number }): Promise<string>;
};

/** A summary of one outbound request, kept in the attempt log (already redacted). */
export type RequestRecord = {
  method: string;
  url: string;
  status?: number;
  durationMs?: number;
  responseExcerpt?: string;
};

export type DeliveryContext<Progress> = {
  taskId: string;
  attempt: number;
  /** What earlier attempts saved (resumable deliveries continue from here). */
  progress: Progress | null;
  /** Persists progress at once, before the next external effect. */
  saveProgress(progress: Progress): Promise<void>;
  /**
   * Fresh credentials after the provider rejected `rejected` (a 401): refreshed once across every
   * worker, or the pair another worker has just stored. Throws a classified DeliveryError
   * (`auth_expired` when only a reconnect helps, `retryable` when the token endpoint is down).
   */
  refreshSecret<Secret>(rejected: Secret): Promise<Secret>;
  /** Records one outbound request in the attempt log. */
  record(request: RequestRecord): void;
  allowedTargets: Set<string>;
  signal: AbortSignal;
};

export type DeliveryResult = { externalId: string; url?: string } & Record<string, unknown>;

export type ConnectionInfo = { id: string; label: string; metadata: Record<string, unknown> };

/** Thrown by `deliver` with the integration's classification of what went wrong. */
export class DeliveryError extends Error {
  constructor(
    readonly classification: Classification,
    readonly detail: { httpStatus?: number; responseExcerpt?: string } = {},
  ) {
    super(classification.reason);
  }
}

export type PreparedConnection = {
  /** The secret to store (may be normalised, e.g. trimmed URL). */
  secret: unknown;
  hint: string;
  metadata: Record<string, unknown>;
  tokenExpiresAt?: Date | null;
};

/**
 * The OutputTask contract: one implementation per kind under lib/integrations/<kind>/, registered
 * in lib/integrations/registry.ts.
 */
// The registry holds integrations of different type parameters; `any` is the existential here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Integration<Config = any, Payload = any, Secret = any, Progress = any> {
  kind: string;
  displayName: string;
  description: string;
  authType: AuthType;
  /** The engine's own kind (event deliveries): hidden from users, refused in their input. */
  internal?: boolean;
  /** Whether a task needs a connection (http-post's is optional). */
  connection: 'required' | 'optional' | 'none';
  configSchema: z.ZodType<Config>;
  /** Schema of `secret` in POST /connections; null when connections come only from OAuth. */
  secretSchema: z.ZodType<Secret> | null;
  rateLimit: { perConnection?: BucketPolicy; perKind?: BucketPolicy };
  /** Provider limits, shown in GET /integrations. */
  limits: Record<string, number | string>;
  defaultTemplate: string;
  /** Extra create-time checks of config that need the environment (e.g. the SSRF guard). */
  checkConfig?(config: Config, env: { allowedTargets: Set<string> }): ValidationIssue[];
  /**
   * Create-time checks of config against the chosen connection (e.g. an http-post connection's
   * secrets go only to the origins it names); `deliver` repeats what matters, since both can change.
   */
  checkConnection?(config: Config, connection: ConnectionInfo): ValidationIssue[];
  /**
   * Config fields naming where a delivery goes (http-post's `url`). A template shared by someone
   * else never supplies them: the person creating the task names the destination themselves.
   */
  destinationFields?: readonly string[];
  /** Config fields that are Liquid templates themselves (path under `config` → source), syntax-checked at create. */
  liquidFields?(config: Config): Record<string, string>;
  /**
   * Pure: rendered template + config → the payload that would be sent. Liquid in config fields is
   * rendered with `renderLiquid` (a render thread, on the request's budget), never in-process.
   */
  render(rendered: RenderedBody, config: Config): Promise<Payload>;
  /** Provider limits on the payload; empty when it would be accepted. */
  validate(payload: Payload, config: Config): ValidationIssue[];
  deliver(
    payload: Payload,
    auth: { secret: Secret; connection: ConnectionInfo } | null,
    ctx: DeliveryContext<Progress>,
    config: Config,
  ): Promise<DeliveryResult>;
  /** Verifies and normalises a pasted secret on save (POST /connections). */
  prepareConnection?(secret: Secret, env: { allowedTargets: Set<string> }): Promise<PreparedConnection>;
  /** POST /connections/:id/test. */
  testConnection?(secret: Secret, env: { allowedTargets: Set<string> }): Promise<{ ok: boolean; message: string }>;
}
