// Runs once when the web server starts: fail fast on invalid configuration.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { env } = await import('@/lib/env');
    env();
    // Traces by OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise nothing is registered.
    (await import('@/lib/tracing/setup')).startTracing('outpost-web');
    // The peer address for sign-in limits, and malformed paths refused before Next.js routes them.
    (await import('@/lib/api/incoming-requests')).installIncomingRequestChecks();
  }
}
