import { z } from 'zod';
import { parseTrustedProxies } from '@/lib/auth/client-address';

const url = z.url({ protocol: /^https?$/ });
const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

const encryptionKey = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded');

const serverEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  OUTPOST_EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  OUTPOST_ENCRYPTION_KEY: encryptionKey.optional(),
  OUTPOST_ENCRYPTION_KEYS_PREVIOUS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(encryptionKey)),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  OUTPOST_SANDBOX: flag.default(true),
  OUTPOST_SANDBOX_PORT: z.coerce.number().int().min(1).max(65535).default(4400),
  OUTPOST_ALLOWED_TARGETS: z.string().default(''),
  // Proxies (IPs or CIDRs, comma-separated) whose X-Forwarded-For is believed for sign-in limits.
  OUTPOST_TRUSTED_PROXIES: z
    .string()
    .default('')
    .superRefine((value, ctx) => {
      try {
        parseTrustedProxies(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  OUTPOST_SLACK_WEBHOOK_BASE: url.default('https://hooks.slack.com'),
  OUTPOST_DISCORD_API_BASE: url.default('https://discord.com/api'),
  OUTPOST_X_API_BASE: url.default('https://api.x.com'),
  OUTPOST_X_AUTHORIZE_URL: url.default('https://x.com/i/oauth2/authorize'),
  OUTPOST_X_TOKEN_URL: url.default('https://api.x.com/2/oauth2/token'),
  // Public client id sent with refresh grants (tokens pasted directly, or the OAuth flow's client).
  OUTPOST_X_CLIENT_ID: z.string().min(1).default('outpost-local'),
  // OAuth clients of the other providers, and X's secret when registered as a confidential client.
  OUTPOST_X_CLIENT_SECRET: z.string().optional(),
  OUTPOST_X_REVOKE_URL: url.default('https://api.x.com/2/oauth2/revoke'),
  OUTPOST_SLACK_CLIENT_ID: z.string().optional(),
  OUTPOST_SLACK_CLIENT_SECRET: z.string().optional(),
  OUTPOST_DISCORD_CLIENT_ID: z.string().optional(),
  OUTPOST_DISCORD_CLIENT_SECRET: z.string().optional(),
  OUTPOST_WPCOM_CLIENT_ID: z.string().optional(),
  OUTPOST_WPCOM_CLIENT_SECRET: z.string().optional(),
  OUTPOST_SLACK_OAUTH_BASE: url.default('https://slack.com'),
  OUTPOST_DISCORD_OAUTH_BASE: url.default('https://discord.com'),
  OUTPOST_WPCOM_BASE: url.default('https://public-api.wordpress.com'),
  OUTPOST_SANDBOX_URL: url.optional(),
  // Deliveries in flight per delivery queue per worker process (they wait on sockets, not CPU), and
  // per user per delivery queue across all workers: a user whose endpoints hang holds at most that.
  OUTPOST_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(5000).default(1024),
  OUTPOST_USER_CONCURRENCY: z.coerce.number().int().min(1).max(5000).default(384),
  // Guards the sandbox's control API (DESIGN §7); npm start generates it into .env.local.
  OUTPOST_SANDBOX_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  // Bearer token that unlocks operational detail: GET /api/metrics, a worker's metrics port, and
  // GET /api/health's worker count, heartbeat and schema version. Unset, the metrics endpoints
  // answer 404 and /api/health tells only its status.
  OUTPOST_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional().or(z.literal('').transform(() => undefined)),
  // Port of a worker's Prometheus endpoint (GET /metrics); unset, the worker serves none.
  OUTPOST_WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  // The instance's operators (comma-separated emails): they see the System page.
  OUTPOST_ADMIN_EMAILS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)),
  // Liquid renders run in this many worker threads per process, and one request's renders share
  // a budget of OUTPOST_RENDER_BUDGET_MS (DESIGN §6).
  OUTPOST_RENDER_THREADS: z.coerce.number().int().min(1).max(64).default(2),
  OUTPOST_RENDER_BUDGET_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  // Nice value of the render threads (Linux, per thread; read by the thread itself): 0 = same as the event loop.
  OUTPOST_RENDER_THREAD_NICE: z.coerce.number().int().min(0).max(19).default(0),
  // Per-user quotas (0 turns one off): tasks still to be delivered, cron schedules and their shortest
  // interval, connections, API keys (README "Limits").
  OUTPOST_QUOTA_PENDING_TASKS: z.coerce.number().int().min(0).default(10_000),
  OUTPOST_QUOTA_SCHEDULES: z.coerce.number().int().min(0).default(100),
  OUTPOST_QUOTA_MIN_SCHEDULE_SECONDS: z.coerce.number().int().min(0).default(60),
  OUTPOST_QUOTA_CONNECTIONS: z.coerce.number().int().min(0).default(100),
  OUTPOST_QUOTA_API_KEYS: z.coerce.number().int().min(0).default(25),
  // Bytes a user keeps stored (task inputs and templates, template bodies), pending and retained; 0 = no limit.
  OUTPOST_QUOTA_STORED_BYTES: z.coerce.number().int().min(0).default(1024 ** 3),
  // Finished tasks (and their attempts) older than this are deleted by the retention job.
  OUTPOST_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  OUTPOST_RETRY_BASE_MS: z.coerce.number().int().min(1).default(30_000),
  OUTPOST_RETRY_MAX_MS: z.coerce.number().int().min(1).default(30 * 60_000),
  // API requests a second per account across every web instance (a Postgres bucket), with bursts up to OUTPOST_API_RATE_BURST
  // (default twice the rate); 0 turns the limit off.
  OUTPOST_API_RATE_LIMIT: z.coerce.number().min(0).default(100),
  OUTPOST_API_RATE_BURST: z.coerce.number().int().min(1).optional(),
  OUTPOST_DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  // Named prepared statements; turn off behind PgBouncer in transaction pooling mode.
  OUTPOST_DB_PREPARE: flag.default(true),
  OUTPOST_BOSS_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  OUTPOST_CRON_MONITOR_SECONDS: z.coerce.number().int().min(1).default(5),
  OUTPOST_CRON_WORKER_SECONDS: z.coerce.number().int().min(1).default(2),
  OUTPOST_SUPERVISE_SECONDS: z.coerce.number().int().min(1).default(10),
  OUTPOST_MONITOR_SECONDS: z.coerce.number().int().min(1).default(10),
  AUTH_OIDC_ISSUER: url.optional(),
  AUTH_OIDC_ID: z.string().optional(),
  AUTH_OIDC_SECRET: z.string().optional(),
  AUTH_OIDC_NAME: z.string().default('Single sign-on'),
  AUTH_GITHUB_ID: z.string().optional(),
  AUTH_GITHUB_SECRET: z.string().optional(),
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): ServerEnv {
  // Empty strings count as unset, as in most dotenv tooling.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = serverEnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

let cached: ServerEnv | undefined;

/** The validated server environment, parsed once per process. */
export function env(): ServerEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests and scripts that change process.env after the first read. */
export function resetEnvCache(): void {
  cached = undefined;
}

export function requireEnv<K extends keyof ServerEnv>(name: K): NonNullable<ServerEnv[K]> {
  const value = env()[name];
  if (value === undefined || value === null) {
    throw new EnvError(`Missing required environment variable ${String(name)}`);
  }
  return value as NonNullable<ServerEnv[K]>;
}
