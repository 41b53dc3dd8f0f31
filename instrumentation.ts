// Runs once when the web server starts: fail fast on invalid configuration.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { env } = await import('@/lib/env');
    env();
    // The peer address for sign-in limits, and malformed paths refused before Next.js routes them.
    (await import('@/lib/api/incoming-requests')).installIncomingRequestChecks();
  }
}
