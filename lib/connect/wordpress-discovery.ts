import 'server-only';
import { allowedTargets } from '@/lib/allowed-targets';
import { safeFetch } from '@/lib/http';

/**
 * The site's application-password authorization page, as its REST index announces it
 * (`authentication["application-passwords"].endpoints.authorization`), falling back to the
 * standard wp-admin address. The site is the person's own, so this goes through the SSRF guard.
 */
export async function discoverAuthorizationPage(site: string): Promise<string> {
  const fallback = `${site}/wp-admin/authorize-application.php`;
  try {
    const response = await safeFetch(`${site}/wp-json/`, { method: 'GET', allowedTargets: allowedTargets(), timeoutMs: 5000, maxResponseBytes: 512 * 1024 });
    if (response.status !== 200) return fallback;
    const index = JSON.parse(response.body) as { authentication?: Record<string, { endpoints?: { authorization?: unknown } }> };
    const announced = index.authentication?.['application-passwords']?.endpoints?.authorization;
    if (typeof announced === 'string' && new URL(announced).origin === new URL(site).origin) return announced;
  } catch {
    // No REST index (or not JSON): the standard address is the best guess.
  }
  return fallback;
}
