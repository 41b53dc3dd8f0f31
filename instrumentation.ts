// Runs once when the web server starts: fail fast on invalid configuration.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { env } = await import('@/lib/env');
    env();
    // Sign-in limits need the address that connected, which Next.js does not pass on.
    (await import('@/lib/auth/stamp-peer-address')).stampPeerAddresses();
  }
}
