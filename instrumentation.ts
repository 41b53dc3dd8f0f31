// Runs once when the web server starts: fail fast on invalid configuration.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { env } = await import('@/lib/env');
    env();
  }
}
